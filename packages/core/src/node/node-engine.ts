import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { DuckDBConnection, DuckDBResult } from '@duckdb/node-api';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import type { TableFile, TableName } from '../contract/index.js';
import type { Snapshot } from '../client/snapshot.js';
import { NovaError, toNovaError } from '../errors.js';
import { corruptFile, verifyWhole } from '../io/integrity.js';
import { factsFromAst } from '../sql/ast-facts.js';
import { serialRunner, type SqlEngine } from '../sql/engine.js';
import { paramCountError, type SqlCall } from '../sql/guard.js';
import { callSignal, tooLarge, type ResolvedLimits } from '../sql/limits.js';
import { checkFacts, forbidden } from '../sql/policy.js';
import { importNodeApi } from './load-node-api.js';
import { plainValue } from '../sql/result.js';
import type { SqlResult } from '../types.js';

/** A snapshot id as a folder name. */
const safeDir = (id: string) => id.replace(/[^\w.-]/g, '_');

const sq = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** SHA-256 of a local file, streamed. */
function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/**
 * Share of the V8 heap a result's rows may take (estimated as they are converted) before `sql()`
 * gives up with `too_large`: the rows, their Arrow copy and the caller's own use must all fit.
 */
const HEAP_SHARE = 0.25;

/** Rough heap bytes of one converted value (V8 object slot, number, string chars). */
const valueBytes = (v: unknown) => 16 + (typeof v === 'string' ? 2 * v.length : 8);

/**
 * Reads a streamed result chunk by chunk up to the row cap (+1 row to tell "exactly" from "more"),
 * converting as it goes. Should the rows take a quarter of this process's heap first (a raised
 * `maxRows` over wide rows), the query is interrupted with `too_large` instead of the process dying.
 */
async function readCapped(result: DuckDBResult, limits: ResolvedLimits, signal: AbortSignal, interrupt: () => void) {
  const { JSDuckDBValueConverter } = await import('@duckdb/node-api');
  const seen = new Map<string, number>();
  const names = result.columnNames().map((n) => {
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k ? `${n}_${k}` : n;
  });
  const types = result.columnTypes().map(String);
  const rows: Record<string, unknown>[] = [];
  const budget = getHeapStatistics().heap_size_limit * HEAP_SHARE;
  let bytes = 0;
  while (rows.length <= limits.maxRows) {
    const chunk = await result.fetchChunk();
    signal.throwIfAborted();
    if (!chunk || chunk.rowCount === 0) break;
    // Column-wise conversion is about twice as fast as row-wise in @duckdb/node-api.
    const cols = chunk.convertColumns(JSDuckDBValueConverter);
    const n = Math.min(chunk.rowCount, limits.maxRows + 1 - rows.length);
    for (let r = 0; r < n; r++) {
      const o: Record<string, unknown> = {};
      bytes += 32;
      for (let i = 0; i < names.length; i++) bytes += valueBytes((o[names[i]] = plainValue(types[i], cols[i][r])));
      rows.push(o);
    }
    if (bytes > budget) {
      interrupt();
      throw new NovaError('too_large', `sql() result reached ${rows.length} rows and ${Math.round(HEAP_SHARE * 100)}% of this process's heap (${Math.round(budget / HEAP_SHARE / 2 ** 20)} MB) before maxRows (${limits.maxRows}): add a LIMIT or an aggregate, or lower maxRows`);
    }
  }
  const truncated = rows.length > limits.maxRows;
  if (truncated && limits.onTooManyRows === 'error') throw tooLarge(limits.maxRows);
  if (truncated) rows.length = limits.maxRows;
  return { rows, names, types, truncated };
}

/**
 * `sql()` in Node: native DuckDB (`@duckdb/node-api`), one in-memory instance per snapshot and
 * limits (`memory_limit`, `threads`), gold tables as views over `read_parquet` of the snapshot's
 * files (local folder, or files copied to a temporary folder for URLs), file access limited to
 * those files and configuration locked. Each text is judged on DuckDB's own syntax tree
 * (`json_serialize_sql`) before it is prepared; each file a query reads is checked against the
 * manifest's size and SHA-256 first; results stream up to the row cap; abort and the time limit
 * interrupt the running query.
 */
export class NodeEngine implements SqlEngine {
  private current?: { key: string; conn: Promise<DuckDBConnection> };
  private files?: { id: string; local: Promise<Map<string, string>> };
  private readonly verified = new Map<string, Promise<void>>();
  private readonly views = new WeakMap<DuckDBConnection, Set<TableName>>();
  private readonly serial = serialRunner();
  private tmp?: Promise<string>;

  /** Local paths of the snapshot's files; files of a URL gold root are copied (and verified) once. */
  private localFiles(snap: Snapshot, signal?: AbortSignal): Promise<Map<string, string>> {
    if (this.files?.id === snap.id) return this.files.local;
    const old = this.files;
    if (old) {
      // A new snapshot: the old one's checks and downloaded copies go (a long-lived process would
      // otherwise keep every snapshot it has seen).
      for (const key of [...this.verified.keys()]) if (key.startsWith(`${old.id}/`)) this.verified.delete(key);
      if (this.tmp) void this.tmp.then((t) => rm(join(t, safeDir(old.id)), { recursive: true, force: true })).catch(() => undefined);
    }
    const entry = {
      id: snap.id,
      local: (async () => {
        const root = snap.reader.source.localRoot;
        const out = new Map<string, string>();
        const names = (Object.keys(snap.manifest.tables) as TableName[]).filter((n) => snap.manifest.tables[n]);
        const all = (await Promise.all(names.map((n) => snap.tableFiles(n, signal)))).flat();
        if (root) {
          for (const f of all) out.set(f.path, join(root, f.path));
          return out;
        }
        this.tmp ??= mkdtemp(join(tmpdir(), 'nova-core-'));
        const dir = join(await this.tmp, safeDir(snap.id));
        await Promise.all(
          all.map(async (f) => {
            const where = snap.reader.source.describe(f.path);
            const local = join(dir, f.path);
            out.set(f.path, local);
            let bytes: Uint8Array;
            try {
              // The size passed along makes the source compare the server's file size too.
              bytes = new Uint8Array(await snap.reader.source.range(f.path, 0, f.bytes, signal, f.bytes));
              await verifyWhole(bytes, f, where);
            } catch (err) {
              if (!(err instanceof NovaError && err.code === 'corrupt_snapshot')) throw err;
              // Only queries that read this file fail (see verify); the others still run.
              const failed = Promise.reject(err);
              failed.catch(() => undefined);
              this.verified.set(`${snap.id}/${f.path}`, failed);
              return;
            }
            await mkdir(dirname(local), { recursive: true });
            await writeFile(local, bytes);
            this.verified.set(`${snap.id}/${f.path}`, Promise.resolve());
          }),
        );
        return out;
      })(),
    };
    entry.local.catch(() => {
      if (this.files === entry) this.files = undefined;
    });
    this.files = entry;
    return entry.local;
  }

  /** Checks one local file against the manifest once per snapshot (a failure is not remembered). */
  private verify(snap: Snapshot, f: TableFile, local: string): Promise<void> {
    const key = `${snap.id}/${f.path}`;
    let p = this.verified.get(key);
    if (p && this.files?.id === snap.id) {
      // A download that failed its check: later calls download the snapshot again (a retry).
      p.catch(() => {
        this.verified.delete(key);
        this.files = undefined;
      });
    }
    if (!p) {
      p = (async () => {
        const { stat } = await import('node:fs/promises');
        const size = (await stat(local)).size;
        if (size !== f.bytes) throw corruptFile(local, `${size} bytes, manifest says ${f.bytes}`);
        const got = await hashFile(local);
        if (f.sha256 && got !== f.sha256) throw corruptFile(local, `SHA-256 ${got.slice(0, 12)}…, manifest says ${f.sha256.slice(0, 12)}…`);
      })();
      this.verified.set(key, p);
      p.catch(() => this.verified.delete(key));
    }
    return p;
  }

  private connect(snap: Snapshot, limits: ResolvedLimits, signal?: AbortSignal): Promise<DuckDBConnection> {
    const key = `${snap.id}|${limits.memoryLimit}|${limits.threads}`;
    if (this.current?.key === key) return this.current.conn;
    const old = this.current;
    const entry = { key, conn: Promise.resolve(undefined as never as DuckDBConnection) };
    entry.conn = (async () => {
      old?.conn.then((c) => c.closeSync(), () => undefined);
      const files = await this.localFiles(snap, signal);
      const { DuckDBInstance } = await importNodeApi();
      const instance = await DuckDBInstance.create(':memory:', {
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        memory_limit: limits.memoryLimit,
        threads: String(limits.threads),
      });
      const conn = await instance.connect();
      await conn.run(`SET allowed_paths=[${[...files.values()].map(sq).join(', ')}]`);
      await conn.run('SET enable_external_access=false');
      await conn.run('SET lock_configuration=true');
      return conn;
    })();
    entry.conn.catch(() => {
      if (this.current === entry) this.current = undefined;
    });
    this.current = entry;
    return entry.conn;
  }

  /** DuckDB's syntax tree of `sql`, judged by the allowlist; PIVOT/UNPIVOT run as a subquery. */
  private async check(conn: DuckDBConnection, sql: string): Promise<{ sql: string; tables: TableName[] }> {
    const parse = async (text: string) => {
      const r = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS j', [text]);
      return factsFromAst(String(r.getRowObjectsJS()[0].j));
    };
    const facts = await parse(sql);
    if (!('error' in facts)) return { sql, tables: checkFacts(facts) };
    if (!facts.notSelect) throw new NovaError('query_failed', `sql() could not parse the query: ${facts.error}`);
    // Not a SELECT node: a top-level PIVOT/UNPIVOT reads the same as a subquery; anything else
    // (INSERT, SET, COPY, several statements …) fails to parse there and is refused.
    const wrapped = `SELECT * FROM (\n${sql.replace(/[\s;]+$/, '')}\n)`;
    const inner = await parse(wrapped);
    if ('error' in inner) throw forbidden('a statement that is not a read query');
    return { sql: wrapped, tables: checkFacts(inner) };
  }

  /** Opens DuckDB over the snapshot's files (copied and checked first for a URL gold root). */
  async prepare(snap: Snapshot, limits: ResolvedLimits): Promise<void> {
    try {
      await this.connect(snap, limits);
    } catch (err) {
      throw toNovaError(err, 'query_failed', 'prepareSql() could not open the gold tables in DuckDB');
    }
  }

  run(snap: Snapshot, call: SqlCall, limits: ResolvedLimits, signal?: AbortSignal): Promise<SqlResult> {
    const cs = callSignal(signal, limits.timeoutMs);
    return this.serial(() => this.runNow(snap, call, limits, cs.signal), cs.signal)
      .catch((err: unknown) => {
        throw cs.signal.aborted ? cs.error() : err;
      })
      .finally(cs.done);
  }

  private async runNow(snap: Snapshot, call: SqlCall, limits: ResolvedLimits, signal: AbortSignal): Promise<SqlResult> {
    signal.throwIfAborted();
    let conn: DuckDBConnection;
    try {
      conn = await this.connect(snap, limits, signal);
    } catch (err) {
      throw toNovaError(err, 'query_failed', 'sql() could not open the gold tables in DuckDB', signal);
    }
    const onAbort = () => conn.interrupt();
    try {
      const checked = await this.check(conn, call.sql);
      const files = await this.localFiles(snap, signal);
      const listed = new Map(await Promise.all(checked.tables.map(async (t) => [t, await snap.tableFiles(t, signal)] as const)));
      await Promise.all(checked.tables.flatMap((t) => listed.get(t)!.map((f) => this.verify(snap, f, files.get(f.path) as string))));
      signal.throwIfAborted();
      // Views are made once their files have passed the check (DuckDB opens the files right then).
      const views = this.views.get(conn) ?? new Set<TableName>();
      this.views.set(conn, views);
      for (const t of checked.tables.filter((x) => !views.has(x))) {
        const list = listed.get(t)!.map((f) => sq(files.get(f.path) as string)).join(', ');
        await conn.run(`CREATE VIEW "${t}" AS SELECT * FROM read_parquet([${list}])`);
        views.add(t);
      }
      const stmt = await conn.prepare(checked.sql);
      if (stmt.parameterCount !== call.params.length) throw paramCountError(stmt.parameterCount, call.params.length);
      if (call.params.length) stmt.bind(call.params as never);
      signal.addEventListener('abort', onAbort, { once: true });
      const { rows, names, types, truncated } = await readCapped(await stmt.stream(), limits, signal, () => conn.interrupt());
      const arrow = rows.length ? tableToIPC(tableFromJSON(rows as Record<string, null>[]), 'stream') : undefined;
      const result: SqlResult = { columns: names.map((name, i) => ({ name, type: types[i].replace(/\(.*\)$/, '') })), rows, arrow };
      if (truncated) result.truncated = true;
      return result;
    } catch (err) {
      if (err instanceof NovaError) throw err;
      throw toNovaError(err, 'query_failed', 'sql() failed', signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    const cur = this.current;
    this.current = undefined;
    if (cur) await cur.conn.then((c) => c.closeSync(), () => undefined);
    if (this.tmp) await rm(await this.tmp, { recursive: true, force: true });
  }
}
