import type { Snapshot } from '../client/snapshot.js';
import type { TableName } from '../contract/index.js';
import { raceAbort, toNovaError } from '../errors.js';
import type { SqlResult } from '../types.js';
import type { SqlCall, SqlPlan } from './guard.js';
import type { ResolvedLimits } from './limits.js';

/**
 * Runs `sql()` over a snapshot's gold tables: checks the text on DuckDB's own parse against the
 * allowlist (`policy.ts`), verifies the files it loads, and enforces the limits.
 */
export interface SqlEngine {
  run(snap: Snapshot, call: SqlCall, limits: ResolvedLimits, signal?: AbortSignal): Promise<SqlResult>;
  /** Starts the engine for the snapshot without running a query (`client.prepareSql()`); idempotent. */
  prepare(snap: Snapshot, limits: ResolvedLimits): Promise<void>;
  close(): Promise<void>;
}

/** Makes the engine on first use (DuckDB is loaded lazily). */
export type SqlEngineFactory = () => SqlEngine;

/**
 * An engine whose code loads on the first query: pages that never call `sql()` never download
 * the engine, its SQL checks or DuckDB's API. A failed load is retried by the next query.
 */
export function lazyEngine(load: () => Promise<SqlEngine>): SqlEngine & { loaded(): Promise<SqlEngine> } {
  let engine: Promise<SqlEngine> | undefined;
  const get = () => {
    engine ??= load().catch((err: unknown) => {
      engine = undefined;
      // The same typed error whether prepareSql() or sql() met it (e.g. the engine's chunk failed to download).
      throw toNovaError(err, 'engine_unavailable', 'the SQL engine could not load');
    });
    return engine;
  };
  return {
    /** The engine itself, loading it if needed. */
    loaded: get,
    run: async (snap, call, limits, signal) => (await get()).run(snap, call, limits, signal),
    prepare: async (snap, limits) => (await get()).prepare(snap, limits),
    close: async () => {
      const e = engine;
      engine = undefined;
      if (e) await (await e.catch(() => undefined))?.close();
    },
  };
}

/**
 * The rows a plan needs from one gold table, with the cache key of that slice. A whole table is
 * read from whole files checked against the manifest's size and SHA-256; one item's slice of a fact
 * table gets the typed reads' checks (file size, footer row count).
 */
export async function planRows(snap: Snapshot, plan: SqlPlan, table: TableName, signal?: AbortSignal) {
  const f = plan.itemFilter;
  if (f && f.table === table) {
    return { key: `${snap.id}/${table}/item=${f.itemId}`, rows: await snap.itemRows(table, f.itemId, { signal }) };
  }
  return { key: `${snap.id}/${table}`, rows: await snap.verifiedTable(table, signal) };
}

/**
 * One-at-a-time runner shared by the engines: each job starts after the previous one settles (a
 * DuckDB connection runs one statement at a time), and the caller's signal rejects its wait early.
 */
export function serialRunner(): <T>(job: () => Promise<T>, signal?: AbortSignal) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return (job, signal) => {
    const next = chain.then(job);
    chain = next.catch(() => undefined);
    return raceAbort(next, signal);
  };
}
