// Test-server side of the component browser tests (loaded by web-test-runner.config.mjs):
//  - GET /__duckdb?gold=<test|hostile>&q=<SQL>  → rows computed by @duckdb/node-api from the same
//    gold files the browser reads (views named like the gold tables), so tests compare what is
//    drawn with what DuckDB computes;
//  - /gold-hostile/…  a small gold built by the real `nova-etl build` from demo raw data whose first
//    item is named `<img src=x onerror=alert(1)>` (built on first request).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createStaticHandler } from '../../../scripts/static-server.mjs';

const root = resolve(import.meta.dirname, '../../..');
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

function buildHostileGold(dir) {
  if (existsSync(join(dir, 'gold', 'manifest.json'))) return;
  rmSync(dir, { recursive: true, force: true });
  const cli = join(root, 'packages/etl-node/bin/nova-etl.js');
  const demo = spawnSync(process.execPath, [cli, 'demo', '--out', dir, '--items', '6', '--days', '120', '--seed', '3', '--as-of', '2026-06-30', '--quiet'], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`nova-etl demo failed: ${demo.stderr}`);
  const items = join(dir, 'raw', 'items.csv');
  // The demo writes items.csv in Windows-1252: edit it byte for byte (latin1), or every accented
  // name would turn into U+FFFD and be quarantined as encoding_error (the quality gate stops that build).
  const lines = readFileSync(items, 'latin1').split(/\r?\n/);
  const cells = lines[1].split(';');
  cells[2] = `"${HOSTILE_NAME}"`;
  lines[1] = cells.join(';');
  writeFileSync(items, lines.join('\n'), 'latin1');
  rmSync(join(dir, 'gold'), { recursive: true, force: true });
  const build = spawnSync(process.execPath, [cli, 'build', '--input', join(dir, 'raw'), '--out', join(dir, 'gold'), '--quiet'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nova-etl build failed: ${build.stderr}`);
}

const dbs = new Map();
async function connection(goldDir) {
  const manifest = readFileSync(join(goldDir, 'manifest.json'), 'utf8');
  const cached = dbs.get(goldDir);
  if (cached && cached.manifest === manifest) return cached.conn;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const m = JSON.parse(manifest);
  for (const [name, t] of Object.entries(m.tables)) {
    const files = (t.files ?? [{ path: t.path }]).map((f) => `'${join(goldDir, f.path).replace(/'/g, "''")}'`);
    await conn.run(`CREATE VIEW ${name} AS SELECT * FROM read_parquet([${files.join(', ')}])`);
  }
  dbs.set(goldDir, { manifest, conn });
  return conn;
}

/** web-test-runner middleware. */
export function oracleMiddleware({ testGold }) {
  const hostileDir = join(root, '.nova/test-hostile');
  let hostile;
  return async (ctx, next) => {
    if (ctx.path.startsWith('/gold-hostile/')) {
      buildHostileGold(hostileDir);
      hostile ??= createStaticHandler({ mounts: [{ prefix: '/gold-hostile/', dir: join(hostileDir, 'gold') }] });
      ctx.respond = false;
      ctx.res.statusCode = 200; // koa presets 404; `send` only sets non-200 codes itself
      hostile(ctx.req, ctx.res);
      return undefined;
    }
    if (ctx.path === '/__hostile-republish' && ctx.method === 'POST') {
      // Publishes a new snapshot of the hostile gold with the real CLI (same raw data).
      buildHostileGold(hostileDir);
      const cli = join(root, 'packages/etl-node/bin/nova-etl.js');
      const r = spawnSync(process.execPath, [cli, 'build', '--input', join(hostileDir, 'raw'), '--out', join(hostileDir, 'gold'), '--quiet'], { encoding: 'utf8' });
      ctx.status = r.status === 0 ? 200 : 500;
      ctx.body = r.status === 0 ? readFileSync(join(hostileDir, 'gold', 'manifest.json'), 'utf8') : r.stderr;
      ctx.type = r.status === 0 ? 'application/json' : 'text/plain';
      return undefined;
    }
    if (ctx.path !== '/__duckdb') return next();
    try {
      const which = ctx.query.gold === 'hostile' ? 'hostile' : 'test';
      if (which === 'hostile') buildHostileGold(hostileDir);
      const goldDir = which === 'hostile' ? join(hostileDir, 'gold') : resolve(root, testGold);
      const conn = await connection(goldDir);
      const reader = await conn.runAndReadAll(String(ctx.query.q));
      ctx.body = JSON.stringify(reader.getRowObjectsJson());
      ctx.type = 'application/json';
    } catch (e) {
      ctx.status = 500;
      ctx.body = String(e?.message ?? e);
    }
    return undefined;
  };
}
