// DuckDB-WASM from explicit file URLs, as a bundler hands them out (Vite's `?url` in dev serves
// /node_modules/…/dist/…; a build serves hashed /assets/… names): sql() answers from files that
// are not in a `duckdb/` folder, and a wrong module URL is a typed error naming the URL.
import { createClient } from '../src/index.js';
import type { NovaClient } from '../src/types.js';
import { eq, ok, rejects } from './shared/assert.js';

const dist = '/node_modules/@duckdb/duckdb-wasm/dist/';
const clients: NovaClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

it('sql() starts DuckDB-WASM from explicit mainModule/mainWorker URLs (relative to the page)', async () => {
  const nova = await createClient({ url: '/gold/', duckdbBundle: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-browser-eh.worker.js` } });
  clients.push(nova);
  const r = await nova.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item');
  eq(r.rows[0].n, nova.manifest.tables.dim_item.rows, 'dim_item rows = the manifest row count');
});

it('a wrong mainModule URL rejects with engine_unavailable naming that URL', async () => {
  const bad = `${location.origin}/no-such-dir/duckdb-eh-0000.wasm`;
  const nova = await createClient({ url: '/gold/', duckdbBundle: { mainModule: bad, mainWorker: `${dist}duckdb-browser-eh.worker.js` } });
  clients.push(nova);
  const err = await rejects(nova.sql('SELECT 1 AS one'), 'engine_unavailable', 'missing wasm');
  ok(err.message.includes(bad), `the message names ${bad}: ${err.message}`);
});

it('an HTML page where a file should be (an SPA fallback) rejects naming the URL, for the module and for the worker', async () => {
  const html = `${location.origin}/examples/static-host/index.html`;
  for (const bundle of [
    { mainModule: html, mainWorker: `${dist}duckdb-browser-eh.worker.js` },
    { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: html },
  ]) {
    const nova = await createClient({ url: '/gold/', duckdbBundle: bundle });
    clients.push(nova);
    const err = await rejects(nova.sql('SELECT 1 AS one'), 'engine_unavailable', 'HTML instead of a file');
    ok(err.message.includes(html) && err.message.includes('HTML page'), err.message);
  }
});

it('half a bundle is refused by createClient itself', async () => {
  await rejects(createClient({ url: '/gold/', duckdbBundle: { mainModule: `${dist}duckdb-eh.wasm` } as never }), 'invalid_argument', 'no mainWorker');
});

declare global {
  function it(name: string, fn: () => Promise<void>): void;
  function after(fn: () => Promise<void>): void;
}
