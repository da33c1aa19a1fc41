// Test-server side of the component browser tests (loaded by web-test-runner.config.mjs):
//  - GET /__duckdb?gold=<test|hostile|mixed|week|one-count|sealed|national>&q=<SQL>  → rows computed by
//    @duckdb/node-api from the same gold files the browser reads (views named like the gold
//    tables), so tests compare what is drawn with what DuckDB computes;
//  - /gold-<name>/…  the extra golds of test-golds.mjs, built by the real CLI on first request.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createStaticHandler } from '../../../scripts/static-server.mjs';
import { HOSTILE_NAME, HOSTILE_RAW, testGold } from './test-golds.mjs';

export { HOSTILE_NAME };
const root = resolve(import.meta.dirname, '../../..');

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
    const files = (t.files ?? [{ path: `${t.path}/*.parquet` }]).map((f) => `'${join(goldDir, f.path).replace(/'/g, "''")}'`);
    await conn.run(`CREATE VIEW ${name} AS SELECT * FROM read_parquet([${files.join(', ')}])`);
  }
  dbs.set(goldDir, { manifest, conn });
  return conn;
}

/** web-test-runner middleware. */
export function oracleMiddleware({ testGold: defaultGold }) {
  const servers = new Map();
  return async (ctx, next) => {
    const served = /^\/gold-(hostile|mixed|week|one-count|sealed|national)\//.exec(ctx.path);
    if (served) {
      const name = served[1];
      const dir = await testGold(name);
      if (!servers.has(name)) servers.set(name, createStaticHandler({ mounts: [{ prefix: `/gold-${name}/`, dir }] }));
      ctx.respond = false;
      ctx.res.statusCode = 200; // koa presets 404; `send` only sets non-200 codes itself
      servers.get(name)(ctx.req, ctx.res);
      return undefined;
    }
    if (ctx.path === '/__hostile-republish' && ctx.method === 'POST') {
      // Publishes a new snapshot of the hostile gold with the real CLI (same raw data).
      const gold = await testGold('hostile');
      const cli = join(root, 'packages/etl-node/bin/nova-etl.js');
      const r = spawnSync(process.execPath, [cli, 'build', '--input', HOSTILE_RAW, '--out', gold, '--quiet'], { encoding: 'utf8' });
      ctx.status = r.status === 0 ? 200 : 500;
      ctx.body = r.status === 0 ? readFileSync(join(gold, 'manifest.json'), 'utf8') : r.stderr;
      ctx.type = r.status === 0 ? 'application/json' : 'text/plain';
      return undefined;
    }
    if (ctx.path !== '/__duckdb') return next();
    try {
      const name = String(ctx.query.gold ?? 'test');
      const goldDir = name === 'test' ? resolve(root, defaultGold) : await testGold(name);
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
