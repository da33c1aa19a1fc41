// Test-server side (web-test-runner.config.mjs): a weekly gold whose ERP export holds only today's
// stock position, one count per item and site (issue 8's case), built by the real CLI:
//  - /gold-one-count/…            the gold (Range requests, like /gold/);
//  - GET /__duckdb-one-count?q=   rows computed by @duckdb/node-api over its files.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createStaticHandler } from '../../../scripts/static-server.mjs';
import { connection } from './oracle.mjs';

const root = resolve(import.meta.dirname, '../../..');
const AS_OF = '2026-06-30';

function build(dir) {
  if (existsSync(join(dir, 'gold', 'manifest.json'))) return;
  rmSync(dir, { recursive: true, force: true });
  const cli = join(root, 'packages/etl-node/bin/nova-etl.js');
  const run = (args) => {
    const r = spawnSync(process.execPath, [cli, ...args, '--quiet'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`nova-etl ${args[0]} failed: ${r.stderr}`);
  };
  run(['demo', '--out', dir, '--items', '6', '--days', '120', '--seed', '5', '--as-of', AS_OF, '--grain', 'week']);
  // Keep each item-site's last count up to as_of: the inventory export of one day.
  const file = join(dir, 'raw', 'inventory.csv');
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const col = header.split(',');
  const [di, ii, si] = ['date', 'item_id', 'site_id'].map((c) => col.indexOf(c));
  const last = new Map();
  for (const r of rows) {
    const c = r.split(',');
    if (c[di] <= AS_OF) last.set(`${c[ii]}|${c[si]}`, r);
  }
  writeFileSync(file, `${[header, ...last.values()].join('\n')}\n`);
  rmSync(join(dir, 'gold'), { recursive: true, force: true });
  run(['build', '--input', join(dir, 'raw'), '--out', join(dir, 'gold'), '--grain', 'week']);
}

/** web-test-runner middleware. */
export function oneCountGoldMiddleware() {
  const dir = join(root, '.nova/test-one-count');
  let serve;
  return async (ctx, next) => {
    if (ctx.path.startsWith('/gold-one-count/')) {
      build(dir);
      serve ??= createStaticHandler({ mounts: [{ prefix: '/gold-one-count/', dir: join(dir, 'gold') }] });
      ctx.respond = false;
      ctx.res.statusCode = 200; // koa presets 404; `send` only sets non-200 codes itself
      serve(ctx.req, ctx.res);
      return undefined;
    }
    if (ctx.path !== '/__duckdb-one-count') return next();
    try {
      build(dir);
      const conn = await connection(join(dir, 'gold'));
      ctx.body = JSON.stringify((await conn.runAndReadAll(String(ctx.query.q))).getRowObjectsJson());
      ctx.type = 'application/json';
    } catch (e) {
      ctx.status = 500;
      ctx.body = String(e?.message ?? e);
    }
    return undefined;
  };
}
