import type { RecordBatch, Table } from 'apache-arrow';
import type { Snapshot } from '../client/snapshot.js';
import { TABLE_NAMES, type TableName } from '../contract/index.js';
import { NovaError, raceAbort, toNovaError } from '../errors.js';
import type { SqlResult } from '../types.js';
// apache-arrow (~35 KB gz) is loaded with DuckDB-WASM on the first sql(), never by the typed
// queries: a page with one chart does not download it.
const loadArrow = () => Promise.all([import('./arrow.js'), import('./arrow-result.js')]);
import { planRows, serialRunner, type SqlEngine } from './engine.js';
import { findItemFilter, paramCountError, type SqlCall, type SqlPlan } from './guard.js';
import { callSignal, tooLarge, type ResolvedLimits } from './limits.js';
import { checkFacts, forbidden } from './policy.js';
import { factsFromTokens, planScans, tokensFromDuckDB, type Token } from './token-facts.js';
import { checkDuckdbFiles, importDuckdbWasm, startFailureMessage, type DuckdbUrls } from './bundle-urls.js';

/** The part of DuckDB-WASM's API this engine uses. */
interface Conn {
  query(sql: string): Promise<Table>;
  send(sql: string, allowStreamResult?: boolean): Promise<AsyncIterable<RecordBatch>>;
  prepare(sql: string): Promise<{ query(...params: unknown[]): Promise<Table>; send(...params: unknown[]): Promise<AsyncIterable<RecordBatch>>; close(): Promise<void> }>;
  insertArrowFromIPCStream(buf: Uint8Array, o: { name: string; create?: boolean }): Promise<void>;
  cancelSent(): Promise<boolean>;
  close(): Promise<void>;
}
interface Db {
  instantiate(main: string): Promise<unknown>;
  connect(): Promise<Conn>;
  tokenize(text: string): Promise<{ offsets: number[]; types: number[] }>;
  terminate(): Promise<void>;
}
interface WasmModule {
  AsyncDuckDB: new (logger: unknown, worker: Worker) => Db;
  VoidLogger: new () => unknown;
}
type Started = { db: Db; conn: Conn; worker: Worker; arrow: Awaited<ReturnType<typeof loadArrow>> };

/** Lockdown applied before the first query: no extension downloads, no file or URL access. */
export const LOCKDOWN = [
  'SET autoinstall_known_extensions=false',
  'SET autoload_known_extensions=false',
  'SET enable_external_access=false',
  'SET lock_configuration=true',
];

/** True when `p` settles (either way) within `ms`. */
function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    p.then(() => true, () => true).then(() => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Table slices (whole tables and item slices) kept loaded in the worker between queries. */
const SLICES_KEPT = 32;

const GOLD = new Map(TABLE_NAMES.map((t) => [t.toLowerCase(), t]));

/**
 * `sql()` in the browser: DuckDB-WASM (`eh` bundle) in a Web Worker, started on first use from
 * files served by the host (see bundle-urls.ts), locked down, fed Arrow slices read by hyparquet.
 * Each text is judged on DuckDB's own tokens and plan (this build has no `json_serialize_sql`);
 * an aborted or timed-out query terminates the worker, and a fresh one starts at once.
 */
export class WasmEngine implements SqlEngine {
  private readonly urls: DuckdbUrls;
  private readonly timeoutMs: number;
  private started?: Promise<Started>;
  private spare?: Promise<Started>;
  private closed = false;
  private readonly serial = serialRunner();
  /** Slice key → internal table name, for the current worker. */
  private readonly slices = new Map<string, string>();
  private seq = 0;

  constructor(urls: DuckdbUrls, timeoutMs = 30_000) {
    this.urls = urls;
    this.timeoutMs = timeoutMs;
  }

  private start(): Promise<Started> {
    this.started ??= this.boot().catch((err: unknown) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  private async boot(): Promise<Started> {
    const { mainWorker: workerUrl, mainModule: wasmUrl } = this.urls;
    const unavailable = (why: string, cause?: unknown) =>
      new NovaError('engine_unavailable', startFailureMessage(this.urls, why), cause === undefined ? undefined : { cause });
    let worker: Worker;
    try {
      // The worker script loads while the main thread imports DuckDB-WASM's API and Arrow.
      const sameOrigin = new URL(workerUrl).origin === globalThis.location?.origin;
      worker = sameOrigin
        ? new Worker(workerUrl)
        : new Worker(URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(workerUrl)});`], { type: 'text/javascript' })));
    } catch (err) {
      throw unavailable((err as Error).message, err);
    }
    let db: Db | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The files' URLs are checked while the engine starts; when that check finds a problem it is the
    // error reported, whichever fails first (the same message on every attempt).
    const files = checkDuckdbFiles(this.urls);
    files.catch(() => undefined);
    // A worker script that 404s, or is an HTML page, fires `error` on the Worker and nothing else.
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (e) => {
        e.preventDefault(); // reported as engine_unavailable, not as an uncaught page error
        const why = unavailable(`the worker script failed to load or run${e.message ? `: ${e.message}` : ' (HTTP error, or not JavaScript)'}`);
        files.then(() => reject(why), reject);
      }, { once: true });
      timer = setTimeout(() => reject(unavailable(`no answer within ${this.timeoutMs} ms (timeoutMs)`)), this.timeoutMs);
    });
    try {
      return await Promise.race([
        failed,
        (async () => {
          const [duckdb, arrow] = await Promise.all([importDuckdbWasm<WasmModule>(), loadArrow(), files]);
          db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
          try {
            await db.instantiate(wasmUrl);
          } catch (err) {
            throw unavailable(`the WASM file did not load: ${(err as Error).message}`, err);
          }
          const conn = await db.connect();
          // One round trip to the worker for the whole lockdown, before any other statement.
          await conn.query(LOCKDOWN.join('; '));
          return { db, conn, worker, arrow };
        })(),
      ]);
    } catch (err) {
      if (db) void db.terminate().catch(() => undefined);
      worker.terminate();
      throw err instanceof NovaError ? err : unavailable((err as Error).message, err);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Ends the worker (the only way to stop a running DuckDB-WASM query) and carries on with the spare
   * one, so the next query starts at once; a new spare boots in the background.
   */
  private restart(): void {
    const s = this.started;
    this.slices.clear();
    if (s) void s.then(({ db, worker }) => { worker.terminate(); return db.terminate(); }).catch(() => undefined);
    this.started = this.spare;
    this.spare = undefined;
    void this.start().then(() => this.keepSpare(), () => undefined);
  }

  /**
   * Boots a second, idle worker once the first has answered (never delaying the first query): an
   * aborted or timed-out query then costs a worker swap, not a 1–3 s DuckDB-WASM start.
   */
  private keepSpare(): void {
    if (this.spare || this.closed) return;
    const spare = this.boot();
    this.spare = spare;
    spare.catch(() => {
      if (this.spare === spare) this.spare = undefined;
    });
  }

  /**
   * Boots the worker (download, instantiate, lockdown) and loads Arrow, so the first query only
   * checks, loads its rows and runs. The gold rows themselves are read per query (each query's
   * item slice or table), so there is nothing of the snapshot to register ahead.
   */
  async prepare(_snap: Snapshot, _limits: ResolvedLimits): Promise<void> {
    const { db } = await this.start();
    // One tokenize warms the worker's parser path the first check takes.
    await db.tokenize('SELECT 1');
  }

  run(snap: Snapshot, call: SqlCall, limits: ResolvedLimits, signal?: AbortSignal): Promise<SqlResult> {
    const cs = callSignal(signal, limits.timeoutMs);
    return this.serial(() => this.runNow(snap, call, limits, cs.signal), cs.signal)
      .catch((err: unknown) => {
        throw cs.signal.aborted ? cs.error() : err;
      })
      .finally(cs.done);
  }

  /** DuckDB's tokens of the text judged by the allowlist; returns them and the gold tables named. */
  private async check(db: Db, call: SqlCall): Promise<{ tokens: Token[]; tables: TableName[] }> {
    const raw = await db.tokenize(call.sql);
    const tokens = tokensFromDuckDB(call.sql, raw.offsets, raw.types);
    const facts = factsFromTokens(tokens);
    if (facts.internal.length) throw forbidden(`the internal name ${facts.internal[0]} (not a gold table)`);
    checkFacts(facts);
    const params = tokens.filter((t) => t.kind === 'param');
    const count = params.some((t) => t.text !== '?') ? Math.max(...params.map((t) => Number(t.text.slice(1)) || 0)) : params.length;
    if (count !== call.params.length) throw paramCountError(count, call.params.length);
    const tables = new Set<TableName>();
    for (const t of tokens) {
      const gold = (t.kind === 'word' || t.kind === 'quoted') && GOLD.get(t.text.toLowerCase());
      if (gold) tables.add(gold);
    }
    return { tokens, tables: [...tables] };
  }

  private async runNow(snap: Snapshot, call: SqlCall, limits: ResolvedLimits, signal: AbortSignal): Promise<SqlResult> {
    signal.throwIfAborted();
    const { db } = await raceAbort(this.start(), signal);
    const { tokens, tables } = await raceAbort(this.check(db, call), signal);
    const plan: SqlPlan = { sql: call.sql, params: call.params, tables, itemFilter: findItemFilter(tokens, tables, call.params) };
    const loaded = await Promise.all(plan.tables.map((t) => planRows(snap, plan, t, signal)));
    let cut = false;
    try {
      // The worker may have been replaced while the rows loaded (an earlier call was aborted).
      const { conn, arrow } = await raceAbort(this.start(), signal);
      const [{ rowsToArrowIPC, viewSql }, { readCapped }] = arrow;
      for (const key of [...this.slices.keys()]) {
        if (!key.startsWith(`${snap.id}/`)) {
          await conn.query(`DROP TABLE IF EXISTS "${this.slices.get(key)}"`);
          this.slices.delete(key);
        }
      }
      const views = new Map<string, TableName>();
      for (const [i, table] of plan.tables.entries()) {
        const { key, rows } = loaded[i];
        let name = this.slices.get(key);
        if (!name) {
          name = `_nova_${++this.seq}`;
          await conn.insertArrowFromIPCStream(rowsToArrowIPC(table, rows), { name, create: true });
        }
        this.slices.delete(key);
        this.slices.set(key, name); // most recently used last
        await conn.query(viewSql(table, name));
        views.set(name, table);
      }
      // Item slices of many distinct items would pile up in the worker: keep the most recent ones.
      for (const [key, name] of this.slices) {
        if (this.slices.size <= SLICES_KEPT) break;
        if (views.has(name)) continue;
        await conn.query(`DROP TABLE IF EXISTS "${name}"`);
        this.slices.delete(key);
      }
      signal.throwIfAborted();
      cut = true;
      // The plan names every table and table function the query scans (views expanded): only
      // the internal tables behind this query's gold views and allowlisted functions may appear.
      let planJson: string;
      let explain: Awaited<ReturnType<Conn['prepare']>> | undefined;
      try {
        explain = await conn.prepare(`EXPLAIN (FORMAT json) ${call.sql}`);
        const t = await raceAbort(explain.query(...call.params), signal);
        planJson = String(t.getChild('explain_value')?.get(0));
      } catch (err) {
        // Same answer as the native engine, without DuckDB's "did you mean" catalog hints.
        const missing = /Catalog Error: Table with name (.+?) does not exist/.exec((err as Error).message ?? '');
        if (missing) throw forbidden(`the table ${JSON.stringify(missing[1])} (not a gold table)`);
        throw err;
      } finally {
        await explain?.close();
      }
      const scans = planScans(planJson);
      for (const t of scans.tables) if (!views.has(t)) throw forbidden(`the table ${t} (not a gold table)`);
      checkFacts({ statements: 1, functions: scans.functions, tables: [], qualified: [] });
      // A text without parameters runs as DuckDB-WASM's polled query, which cancelSent() stops
      // between polls and the worker lives on; a prepared statement runs in one go in the worker.
      const stmt = call.params.length ? await conn.prepare(call.sql) : undefined;
      const running = stmt ? stmt.send(...call.params) : conn.send(call.sql, true);
      try {
        const stream = await raceAbort(running, signal);
        const { result, more } = await raceAbort(readCapped(stream, limits.maxRows), signal);
        if (more) {
          await conn.cancelSent().catch(() => false);
          if (limits.onTooManyRows === 'error') throw tooLarge(limits.maxRows);
          result.truncated = true;
        }
        cut = false;
        setTimeout(() => this.keepSpare(), 0);
        return result;
      } catch (err) {
        if (signal.aborted && !stmt) {
          await conn.cancelSent().catch(() => false);
          // Cancelled when the polled query settles soon; else the worker is replaced below.
          cut = !(await settlesWithin(running, 1_000));
        }
        throw err;
      } finally {
        if (stmt && !signal.aborted) await stmt.close();
      }
    } catch (err) {
      // A query stopped mid-run keeps the worker busy: replace the worker.
      if (signal.aborted && cut) this.restart();
      throw toNovaError(err, 'query_failed', 'sql() failed', signal);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [this.started, this.spare];
    this.started = this.spare = undefined;
    await Promise.all(all.map((s) => s?.then(({ db, worker }) => { worker.terminate(); return db.terminate(); }, () => undefined)));
  }
}
