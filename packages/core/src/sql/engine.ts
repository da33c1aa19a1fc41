import type { Snapshot } from '../client/snapshot.js';
import { raceAbort } from '../errors.js';
import type { SqlResult } from '../types.js';
import type { SqlPlan } from './guard.js';

/** Runs checked read-only SQL over a snapshot's gold tables. */
export interface SqlEngine {
  run(snap: Snapshot, plan: SqlPlan, signal?: AbortSignal): Promise<SqlResult>;
  close(): Promise<void>;
}

/** Makes the engine on first use (DuckDB is loaded lazily). */
export type SqlEngineFactory = () => SqlEngine;

/** The rows a plan needs from one gold table, with the cache key of that slice. */
export async function planRows(snap: Snapshot, plan: SqlPlan, table: SqlPlan['tables'][number], signal?: AbortSignal) {
  const f = plan.itemFilter;
  if (f && f.table === table) {
    return { key: `${snap.id}/${table}/item=${f.itemId}`, rows: await snap.itemRows(table, f.itemId, { signal }) };
  }
  return { key: `${snap.id}/${table}`, rows: await snap.readFiles(snap.files(table), { signal }) };
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
