import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { UsageError } from './errors.js';

type DuckDBApi = typeof import('@duckdb/node-api');
let api: DuckDBApi | undefined;

/**
 * DuckDB's Node API, loaded with `require`: it is a CommonJS package of some fifty files, and an
 * ESM `import` of it first runs Node's CommonJS export lexer over each of them — ~0.15 s more CPU
 * at every start of the CLI, before any work (ADR 0006, session 14). Loaded on first use, not when
 * this module is: its ~0.1–0.2 s of loading then runs while the build's scan worker already reads
 * the logs (ingest/index.ts), and commands that never open DuckDB skip it (ADR 0006, session 15).
 * Take DuckDB from here.
 */
export function duckdb(): DuckDBApi {
  return (api ??= createRequire(import.meta.url)('@duckdb/node-api') as DuckDBApi);
}

/** A DuckDB connection with the few helpers the ETL needs. */
export interface Db {
  con: DuckDBConnection;
  /** Runs SQL (parameters bound, never interpolated). */
  run(sql: string, params?: DuckDBValue[]): Promise<void>;
  /** Runs a query and returns rows as JSON-friendly objects (dates as YYYY-MM-DD strings). */
  all<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]>;
  /** First row or undefined. */
  one<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T | undefined>;
  /**
   * Another connection to the same database (its tables and views; not this connection's TEMP
   * ones), for statements run side by side. Its `close()` closes only it; the original's closes all.
   */
  connect(): Promise<Db>;
  /** DuckDB's `threads` setting. */
  threads: number;
  close(): void;
}

/** DuckDB resources of a run: memory cap, spill folder, threads (docs/cli.md "Memory, spill and threads"). */
export interface DbResources {
  /** DuckDB `memory_limit`, e.g. `2GB` or `1500MB`; beyond it DuckDB spills to `tempDir`. */
  memoryLimit?: string;
  /** DuckDB `temp_directory`: where it spills. */
  tempDir?: string;
  /** DuckDB `threads`. */
  threads?: number;
}

const MB = 1024 * 1024;

/** The largest default memory cap, in DuckDB MB ({@link defaultMemoryLimit}). */
export const MAX_DEFAULT_MEMORY_MB = 1600;

/**
 * The default memory cap: a quarter of the machine's memory, between 256 and 1,600 MB (DuckDB's
 * MB: 10⁶ bytes; the quarter is counted in MiB, so a 23 GiB machine gets 1600MB). More
 * memory does not make a build faster (ADR 0006: 1 GB and 6 GB took the same CPU time on the
 * 5,000-item demo; at 50,000 items 1,600 MB and 2,048 MB took the same wall time, the sort
 * spilling either way), while a 50,000-item build must stay under 3 GB of RSS on a shared
 * machine: the process holds ~1.2 GB beside DuckDB's cap (3.24 GB peak at 2,048 MB, 2.7–2.9 GB
 * at 1,600 MB; ADR 0006, session 11).
 */
export function defaultMemoryLimit(totalBytes = totalmem()): string {
  return `${Math.round(Math.min(MAX_DEFAULT_MEMORY_MB, Math.max(256, totalBytes / 4 / MB)))}MB`;
}

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i;

/** Checks a memory size such as `2GB`, `1500MB` or `1.5GiB`; throws UsageError naming the option otherwise. */
export function memorySize(v: string, option: string): string {
  if (!SIZE.test(v)) throw new UsageError(`${option} must be a size such as 2GB or 1500MB (got ${JSON.stringify(v)})`);
  return v.trim();
}

/**
 * The resources a run uses: each from the option given, else the environment
 * (`NOVA_DUCKDB_MEMORY`, `NOVA_DUCKDB_TEMP`, `NOVA_DUCKDB_THREADS`), else the default (memory:
 * {@link defaultMemoryLimit}; threads: the CPUs available; spill folder: `fallbackTempDir`).
 */
export function resolveResources(given: DbResources, fallbackTempDir: string, env: NodeJS.ProcessEnv = process.env): Required<DbResources> {
  const envThreads = env.NOVA_DUCKDB_THREADS;
  let threads = given.threads;
  if (threads === undefined && envThreads !== undefined && envThreads !== '') {
    threads = Number(envThreads);
    if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`NOVA_DUCKDB_THREADS must be an integer ≥ 1 (got ${JSON.stringify(envThreads)})`);
  }
  return {
    memoryLimit: given.memoryLimit ?? (env.NOVA_DUCKDB_MEMORY ? memorySize(env.NOVA_DUCKDB_MEMORY, 'NOVA_DUCKDB_MEMORY') : defaultMemoryLimit()),
    tempDir: given.tempDir ?? (env.NOVA_DUCKDB_TEMP || fallbackTempDir),
    threads: threads ?? availableParallelism(),
  };
}

/**
 * Opens an in-memory DuckDB (native, Parquet built in) with an explicit memory cap, spill folder
 * and thread count. `preserveInsertionOrder: false` lets DuckDB reorder results that have no
 * ORDER BY (less buffering in parallel inserts); whoever relies on storage order sets it back.
 */
export async function openDb(opts: DbResources & { preserveInsertionOrder?: boolean } = {}): Promise<Db> {
  const threads = opts.threads ?? availableParallelism();
  // Without a spill folder DuckDB spills into `.tmp` of the current directory (a checkout, or
  // wherever an operator runs `validate`): this instance's own folder instead, removed on close.
  const base = process.env.NOVA_DUCKDB_TEMP || tmpdir();
  const own = opts.tempDir ? null : (mkdirSync(base, { recursive: true }), mkdtempSync(join(base, 'nova-duckdb-')));
  const instance = await duckdb().DuckDBInstance.create(':memory:', {
    threads: String(threads),
    memory_limit: opts.memoryLimit ?? process.env.NOVA_DUCKDB_MEMORY ?? defaultMemoryLimit(),
    temp_directory: opts.tempDir ?? own!,
    preserve_insertion_order: String(opts.preserveInsertionOrder ?? true),
  });
  const siblings: DuckDBConnection[] = [];
  const wrap = (con: DuckDBConnection, main: boolean): Db => {
    const db: Db = {
      con,
      threads,
      async run(sql, params) {
        await profile(con, sql, () => con.run(sql, params));
      },
      async all<T>(sql: string, params?: DuckDBValue[]) {
        const r = await profile(con, sql, () => con.runAndReadAll(sql, params));
        return r.getRowObjectsJson() as T[];
      },
      async one<T>(sql: string, params?: DuckDBValue[]) {
        return (await db.all<T>(sql, params))[0];
      },
      async connect() {
        const c = await instance.connect();
        siblings.push(c);
        if (profileDir) await c.run(`SET enable_profiling = 'json'`);
        return wrap(c, false);
      },
      close() {
        if (!main) {
          siblings.splice(siblings.indexOf(con), 1);
          con.closeSync();
          return;
        }
        for (const c of siblings) c.closeSync();
        con.closeSync();
        instance.closeSync();
        if (own) rmSync(own, { recursive: true, force: true });
      },
    };
    return db;
  };
  // NOVA_PROFILE=1 prints every statement slower than 200 ms with its wall and CPU time (profiling
  // the build); NOVA_PROFILE_DIR=DIR also keeps DuckDB's JSON profile of each one (DIR/<n>.json).
  const profileDir = process.env.NOVA_PROFILE_DIR;
  let statement = 0;
  const profile = process.env.NOVA_PROFILE
    ? async <T>(con: DuckDBConnection, sql: string, f: () => Promise<T>) => {
        if (profileDir) await con.run(`SET profiling_output = ${lit(`${profileDir}/${String(++statement).padStart(4, '0')}.json`)}`);
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const r = await f();
        const ms = performance.now() - t0;
        const c = process.cpuUsage(c0);
        if (ms > 200) process.stderr.write(`[sql ${ms.toFixed(0)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0)} ms] ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
        return r;
      }
    : <T>(_con: DuckDBConnection, _sql: string, f: () => Promise<T>) => f();
  const con = await instance.connect();
  if (profileDir) await con.run(`SET enable_profiling = 'json'`);
  return wrap(con, true);
}

/** A SQL string literal for a value we generate ourselves (file paths); data values are always bound. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier. */
export function ident(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
