import type { Table } from 'apache-arrow';
import type { Snapshot } from '../client/snapshot.js';
import { NovaError, toNovaError, throwIfAborted } from '../errors.js';
import type { SqlResult } from '../types.js';
// apache-arrow (~35 KB gz) is loaded with DuckDB-WASM on the first sql(), never by the typed
// queries: a page with one chart does not download it.
const loadArrow = () => Promise.all([import('./arrow.js'), import('./arrow-result.js')]);
import { planRows, serialRunner, type SqlEngine } from './engine.js';
import { checkDuckdbFiles, importDuckdbWasm, startFailureMessage, type DuckdbUrls } from './bundle-urls.js';
import type { SqlPlan } from './guard.js';

/** The part of DuckDB-WASM's API this engine uses. */
interface Conn {
  query(sql: string): Promise<Table>;
  prepare(sql: string): Promise<{ query(...params: unknown[]): Promise<Table>; close(): Promise<void> }>;
  insertArrowFromIPCStream(buf: Uint8Array, o: { name: string; create?: boolean }): Promise<void>;
  close(): Promise<void>;
}
interface Db {
  instantiate(main: string): Promise<unknown>;
  connect(): Promise<Conn>;
  terminate(): Promise<void>;
}
interface WasmModule {
  AsyncDuckDB: new (logger: unknown, worker: Worker) => Db;
  VoidLogger: new () => unknown;
}

/** Lockdown applied before the first query: no extension downloads, no file or URL access. */
export const LOCKDOWN = [
  'SET autoinstall_known_extensions=false',
  'SET autoload_known_extensions=false',
  'SET enable_external_access=false',
  'SET lock_configuration=true',
];

/**
 * `sql()` in the browser: DuckDB-WASM (`eh` bundle) in a Web Worker, started on first use from
 * files served by the host (see bundle-urls.ts), locked down, fed Arrow slices read by hyparquet.
 */
export class WasmEngine implements SqlEngine {
  private readonly urls: DuckdbUrls;
  private started?: Promise<{ db: Db; conn: Conn; arrow: Awaited<ReturnType<typeof loadArrow>> }>;
  private readonly serial = serialRunner();
  private readonly slices = new Map<string, string>();
  private seq = 0;

  constructor(urls: DuckdbUrls) {
    this.urls = urls;
  }

  private start(): Promise<{ db: Db; conn: Conn; arrow: Awaited<ReturnType<typeof loadArrow>> }> {
    this.started ??= (async () => {
      const { mainWorker: workerUrl, mainModule: wasmUrl } = this.urls;
      try {
        // The worker script loads while the main thread imports DuckDB-WASM's API and Arrow.
        const sameOrigin = new URL(workerUrl).origin === globalThis.location?.origin;
        const worker = sameOrigin
          ? new Worker(workerUrl)
          : new Worker(URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(workerUrl)});`], { type: 'text/javascript' })));
        let db: Db | undefined;
        try {
          const [duckdb, arrow] = await Promise.all([importDuckdbWasm<WasmModule>(), loadArrow(), checkDuckdbFiles(this.urls)]);
          db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
          await db.instantiate(wasmUrl);
          const conn = await db.connect();
          // One round trip to the worker for the whole lockdown, before any other statement.
          await conn.query(LOCKDOWN.join('; '));
          return { db, conn, arrow };
        } catch (err) {
          if (db) await db.terminate().catch(() => undefined);
          else worker.terminate();
          throw err;
        }
      } catch (err) {
        this.started = undefined;
        if (err instanceof NovaError) throw err;
        throw new NovaError('query_failed', startFailureMessage(this.urls, (err as Error).message), { cause: err });
      }
    })();
    return this.started;
  }

  run(snap: Snapshot, plan: SqlPlan, signal?: AbortSignal): Promise<SqlResult> {
    return this.serial(() => this.runNow(snap, plan, signal), signal);
  }

  private async runNow(snap: Snapshot, plan: SqlPlan, signal?: AbortSignal): Promise<SqlResult> {
    throwIfAborted(signal);
    const [{ conn, arrow }, loaded] = await Promise.all([this.start(), Promise.all(plan.tables.map((t) => planRows(snap, plan, t, signal)))]);
    const [{ rowsToArrowIPC, viewSql }, { arrowToResult }] = arrow;
    for (const key of [...this.slices.keys()]) {
      if (!key.startsWith(`${snap.id}/`)) {
        await conn.query(`DROP TABLE IF EXISTS "${this.slices.get(key)}"`);
        this.slices.delete(key);
      }
    }
    for (const [i, table] of plan.tables.entries()) {
      const { key, rows } = loaded[i];
      let name = this.slices.get(key);
      if (!name) {
        name = `_nova_${++this.seq}`;
        await conn.insertArrowFromIPCStream(rowsToArrowIPC(table, rows), { name, create: true });
        this.slices.set(key, name);
      }
      await conn.query(viewSql(table, name));
    }
    throwIfAborted(signal);
    let stmt;
    try {
      stmt = await conn.prepare(plan.sql);
      return arrowToResult(await stmt.query(...plan.params));
    } catch (err) {
      throw toNovaError(err, 'query_failed', 'sql() failed', signal);
    } finally {
      await stmt?.close();
    }
  }

  async close(): Promise<void> {
    const s = this.started;
    this.started = undefined;
    if (s) await s.then(({ db }) => db.terminate(), () => undefined);
  }
}
