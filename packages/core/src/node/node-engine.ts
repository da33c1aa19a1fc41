import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import type { TableName } from '../contract/index.js';
import type { Snapshot } from '../client/snapshot.js';
import { NovaError, toNovaError, throwIfAborted } from '../errors.js';
import { serialRunner, type SqlEngine } from '../sql/engine.js';
import { importNodeApi } from './load-node-api.js';
import type { SqlPlan } from '../sql/guard.js';
import { plainValue } from '../sql/result.js';
import type { SqlResult } from '../types.js';

const sq = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * `sql()` in Node: native DuckDB (`@duckdb/node-api`) with one in-memory instance per snapshot,
 * gold tables as views over `read_parquet` of the snapshot's files (local folder, or files copied to
 * a temporary folder for URLs), file access limited to those files and configuration locked.
 */
export class NodeEngine implements SqlEngine {
  private current?: { id: string; conn: Promise<DuckDBConnection>; instance?: DuckDBInstance };
  private readonly serial = serialRunner();
  private tmp?: Promise<string>;

  private async localFiles(snap: Snapshot, signal?: AbortSignal): Promise<Map<string, string>> {
    const root = snap.reader.source.localRoot;
    const out = new Map<string, string>();
    const all = Object.values(snap.manifest.tables).flatMap((t) => t.files);
    if (root) {
      for (const f of all) out.set(f.path, join(root, f.path));
      return out;
    }
    this.tmp ??= mkdtemp(join(tmpdir(), 'nova-core-'));
    const dir = await this.tmp;
    await Promise.all(
      all.map(async (f) => {
        const bytes = await snap.reader.source.range(f.path, 0, f.bytes, signal);
        const local = join(dir, f.path);
        await mkdir(dirname(local), { recursive: true });
        await writeFile(local, new Uint8Array(bytes));
        out.set(f.path, local);
      }),
    );
    return out;
  }

  private connect(snap: Snapshot, signal?: AbortSignal): Promise<DuckDBConnection> {
    if (this.current?.id === snap.id) return this.current.conn;
    const old = this.current;
    const entry: { id: string; conn: Promise<DuckDBConnection>; instance?: DuckDBInstance } = { id: snap.id, conn: Promise.resolve(undefined as never) };
    entry.conn = (async () => {
      old?.conn.then((c) => c.closeSync(), () => undefined);
      const files = await this.localFiles(snap, signal);
      const { DuckDBInstance } = await importNodeApi();
      const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
      entry.instance = instance;
      const conn = await instance.connect();
      for (const [name, table] of Object.entries(snap.manifest.tables) as [TableName, { files: { path: string }[] }][]) {
        const list = table.files.map((f) => sq(files.get(f.path) as string)).join(', ');
        await conn.run(`CREATE VIEW "${name}" AS SELECT * FROM read_parquet([${list}])`);
      }
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

  run(snap: Snapshot, plan: SqlPlan, signal?: AbortSignal): Promise<SqlResult> {
    return this.serial(() => this.runNow(snap, plan, signal), signal);
  }

  private async runNow(snap: Snapshot, plan: SqlPlan, signal?: AbortSignal): Promise<SqlResult> {
    throwIfAborted(signal);
    let conn: DuckDBConnection;
    try {
      conn = await this.connect(snap, signal);
    } catch (err) {
      throw toNovaError(err, 'query_failed', 'sql() could not open the gold tables in DuckDB', signal);
    }
    try {
      const stmt = await conn.prepare(plan.sql);
      if (plan.params.length) stmt.bind(plan.params as never);
      const reader = await stmt.runAndReadAll();
      const names = reader.columnNames();
      const types = reader.columnTypes().map(String);
      const rows = reader.getRowObjectsJS().map((r) => {
        const o: Record<string, unknown> = {};
        names.forEach((n, i) => (o[n] = plainValue(types[i], r[n])));
        return o;
      });
      const arrow = rows.length ? tableToIPC(tableFromJSON(rows as Record<string, null>[]), 'stream') : undefined;
      return { columns: names.map((name, i) => ({ name, type: types[i].replace(/\(.*\)$/, '') })), rows, arrow };
    } catch (err) {
      if (err instanceof NovaError) throw err;
      throw toNovaError(err, 'query_failed', 'sql() failed', signal);
    }
  }

  async close(): Promise<void> {
    const cur = this.current;
    this.current = undefined;
    if (cur) await cur.conn.then((c) => c.closeSync(), () => undefined);
    if (this.tmp) await rm(await this.tmp, { recursive: true, force: true });
  }
}
