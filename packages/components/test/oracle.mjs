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
  const lines = readFileSync(items, 'utf8').split(/\r?\n/);
  const cells = lines[1].split(';');
  cells[2] = `"${HOSTILE_NAME}"`;
  lines[1] = cells.join(';');
  writeFileSync(items, lines.join('\n'));
  rmSync(join(dir, 'gold'), { recursive: true, force: true });
  const build = spawnSync(process.execPath, [cli, 'build', '--input', join(dir, 'raw'), '--out', join(dir, 'gold'), '--quiet'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nova-etl build failed: ${build.stderr}`);
}

/**
 * Two golds for the figures tests, built once with the real CLI from one demo raw folder whose
 * `ensemble` forecasts were removed for every third item: the two sources then cover different
 * items (the plan uses croston_sba where ensemble is absent). `mixed` is daily, `week` weekly.
 */
const FIGURE_GOLDS = { mixed: 'day', week: 'week' };
let figureRaw;
async function buildFigureGold(which) {
  const base = join(root, '.nova/test-figures');
  const dir = join(base, which);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const cli = join(root, 'packages/etl-node/bin/nova-etl.js');
  figureRaw ??= (async () => {
    rmSync(base, { recursive: true, force: true });
    const demo = spawnSync(process.execPath, [cli, 'demo', '--out', join(base, 'demo'), '--items', '30', '--days', '300', '--seed', '11', '--as-of', '2026-06-30', '--quiet'], { encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`nova-etl demo failed: ${demo.stderr}`);
    const f = join(base, 'demo', 'raw', 'forecasts', 'ensemble.parquet');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    await con.run(`COPY (SELECT * FROM read_parquet('${f}') WHERE CAST(regexp_extract(item_id, '(\\d+)$') AS INTEGER) % 3 <> 0) TO '${f}.new' (FORMAT parquet)`);
    rmSync(f);
    const { renameSync } = await import('node:fs');
    renameSync(`${f}.new`, f);
    return join(base, 'demo', 'raw');
  })();
  const raw = await figureRaw;
  const build = spawnSync(process.execPath, [cli, 'build', '--input', raw, '--out', dir, '--grain', FIGURE_GOLDS[which], '--as-of', '2026-06-30', '--quiet'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nova-etl build failed: ${build.stderr}`);
  return dir;
}

const dbs = new Map();
export async function connection(goldDir) {
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
    const figure = /^\/gold-(mixed|week)\//.exec(ctx.path);
    if (figure) {
      const dir = await buildFigureGold(figure[1]);
      ctx.respond = false;
      ctx.res.statusCode = 200;
      createStaticHandler({ mounts: [{ prefix: `/gold-${figure[1]}/`, dir }] })(ctx.req, ctx.res);
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
      const which = ['hostile', 'mixed', 'week'].includes(ctx.query.gold) ? ctx.query.gold : 'test';
      if (which === 'hostile') buildHostileGold(hostileDir);
      const goldDir = which === 'hostile' ? join(hostileDir, 'gold') : which === 'test' ? resolve(root, testGold) : await buildFigureGold(which);
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
