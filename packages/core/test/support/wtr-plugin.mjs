// web-test-runner middleware for the core browser tests: reference answers from @duckdb/node-api,
// the fault servers (started on first use), manifest swaps, and DuckDB-WASM's files served from
// node_modules (never a CDN).
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { reference } from './reference.mjs';
import { startFaultServers } from './fault-servers.mjs';

const require = createRequire(import.meta.url);
const duckdbDist = join(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'), '..');
const PREFIX = '/__nova_core__/';
let faults;

async function body(req) {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s ? JSON.parse(s) : {};
}

/** Koa middleware for web-test-runner's `middleware` list. */
export function novaCoreTestMiddleware() {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(PREFIX)) return next();
    const what = ctx.path.slice(PREFIX.length);
    try {
      // Broken DuckDB-WASM hosting: an HTML fallback page for every path (what Vite's preview
      // answers), and the worker without its WASM file.
      if (what.startsWith('html-fallback/')) {
        ctx.type = 'text/html';
        ctx.body = '<!doctype html><html><body><div id="app"></div></body></html>';
        return;
      }
      if (what === 'no-wasm/duckdb-browser-eh.worker.js') {
        ctx.type = 'text/javascript';
        ctx.body = createReadStream(join(duckdbDist, 'duckdb-browser-eh.worker.js'));
        return;
      }
      if (what.startsWith('duckdb/')) {
        const name = what.slice('duckdb/'.length);
        if (!['duckdb-eh.wasm', 'duckdb-browser-eh.worker.js'].includes(name)) return void (ctx.status = 404);
        ctx.type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
        ctx.body = createReadStream(join(duckdbDist, name));
        return;
      }
      if (what === 'env') {
        faults ??= startFaultServers();
        const f = await faults;
        ctx.body = { faults: f.urls, snapshots: f.snapshots };
        return;
      }
      if (what === 'swap') {
        (await faults).swap((await body(ctx.req)).to);
        ctx.body = { ok: true };
        return;
      }
      if (what === 'ref') {
        const { name, args } = await body(ctx.req);
        ctx.body = JSON.stringify((await reference[name](args ?? {})) ?? null);
        ctx.type = 'application/json';
        return;
      }
      ctx.status = 404;
    } catch (err) {
      ctx.status = 500;
      ctx.body = String(err?.stack ?? err);
    }
  };
}
