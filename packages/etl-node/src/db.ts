import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

/** A DuckDB connection with the few helpers the ETL needs. */
export interface Db {
  con: DuckDBConnection;
  /** Runs SQL (parameters bound, never interpolated). */
  run(sql: string, params?: DuckDBValue[]): Promise<void>;
  /** Runs a query and returns rows as JSON-friendly objects (dates as YYYY-MM-DD strings). */
  all<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]>;
  /** First row or undefined. */
  one<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T | undefined>;
  close(): void;
}

/** Opens an in-memory DuckDB (native, Parquet built in) with a spill folder and memory cap. */
export async function openDb(opts: { tempDir?: string; memoryLimit?: string; threads?: number } = {}): Promise<Db> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(opts.threads ?? 2),
    memory_limit: opts.memoryLimit ?? process.env.NOVA_DUCKDB_MEMORY ?? '1000MB',
    ...(opts.tempDir ? { temp_directory: opts.tempDir } : {}),
    preserve_insertion_order: 'true',
  });
  const con = await instance.connect();
  // NOVA_PROFILE=1 prints every statement slower than 200 ms (profiling the build).
  const profile = process.env.NOVA_PROFILE
    ? async <T>(sql: string, f: () => Promise<T>) => {
        const t0 = performance.now();
        const r = await f();
        const ms = performance.now() - t0;
        if (ms > 200) process.stderr.write(`[sql ${ms.toFixed(0)} ms] ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
        return r;
      }
    : <T>(_sql: string, f: () => Promise<T>) => f();
  const db: Db = {
    con,
    async run(sql, params) {
      await profile(sql, () => con.run(sql, params));
    },
    async all<T>(sql: string, params?: DuckDBValue[]) {
      const r = await profile(sql, () => con.runAndReadAll(sql, params));
      return r.getRowObjectsJson() as T[];
    },
    async one<T>(sql: string, params?: DuckDBValue[]) {
      return (await db.all<T>(sql, params))[0];
    },
    close() {
      con.closeSync();
      instance.closeSync();
    },
  };
  return db;
}

/** A SQL string literal for a value we generate ourselves (file paths); data values are always bound. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier. */
export function ident(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
