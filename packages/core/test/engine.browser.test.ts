// DuckDB-WASM that cannot start fails fast with engine_unavailable naming the URLs it tried,
// instead of leaving sql() pending forever; a client with a working bundle is unaffected.
import { createClient } from '../src/index.js';
import { eq, ok, rejects } from './shared/assert.js';

const gold = new URL('/gold/', location.href).href;
const base = (p: string) => new URL(`/__nova_core__/${p}/`, location.href).href;

for (const [name, dir] of [
  ['a worker script that 404s', 'nothing-here'],
  ['an HTML fallback page instead of the worker', 'html-fallback'],
  ['a worker without its WASM file', 'no-wasm'],
] as const) {
  it(`chromium: ${name} → engine_unavailable within timeoutMs, naming the URL`, async () => {
    const nova = await createClient({ url: gold, duckdbBundleUrl: base(dir), timeoutMs: 10_000 });
    const t0 = Date.now();
    const e = await rejects(nova.sql('SELECT 1 AS x'), 'engine_unavailable', name);
    ok(Date.now() - t0 < 10_000 + 2_000, `settled within timeoutMs (${Date.now() - t0} ms)`);
    ok(e.message.includes(`${base(dir)}duckdb-browser-eh.worker.js`), `names the worker URL: ${e.message}`);
    ok(e.message.includes('duckdbBundleUrl'), 'says how to set it');
    // Typed queries do not need the engine.
    ok((await nova.items({ limit: 1 })).items.length === 1, 'typed calls still work');
    await nova.close();
  });
}

it('chromium: a bundle host that never answers → engine_unavailable by timeoutMs', async () => {
  // The fault server's /hang/ never answers (on another origin: the worker is a blob importing it).
  const info = (await (await fetch('/__nova_core__/env')).json()) as { faults: { hang: string } };
  const nova = await createClient({ url: gold, duckdbBundleUrl: info.faults.hang, timeoutMs: 1_500 });
  const t0 = Date.now();
  const e = await rejects(nova.sql('SELECT 1 AS x'), 'engine_unavailable', 'hang');
  ok(Date.now() - t0 < 1_500 + 2_000, `settled by timeoutMs (${Date.now() - t0} ms)`);
  ok(e.message.includes(`${info.faults.hang}duckdb-browser-eh.worker.js`), `names the URL: ${e.message}`);
  await nova.close();
});

it('chromium: prepareSql() with a worker that 404s → engine_unavailable, and the next sql() meets the same typed error', async () => {
  const nova = await createClient({ url: gold, duckdbBundleUrl: base('nothing-here'), timeoutMs: 10_000 });
  const e = await rejects(nova.prepareSql(), 'engine_unavailable', 'prepareSql');
  // Both files are missing: the message names both answers, in a fixed order, whichever request
  // (the worker's load or the HEAD checks) comes back first.
  ok(e.message.includes(`the wasm module URL ${base('nothing-here')}duckdb-eh.wasm answered HTTP 404; the worker URL ${base('nothing-here')}duckdb-browser-eh.worker.js answered HTTP 404`), `names both URLs and their answers: ${e.message}`);
  const again = await rejects(nova.sql('SELECT 1 AS x'), 'engine_unavailable', 'sql after a failed prepareSql');
  eq(again.message, e.message, 'the same message');
  ok((await nova.items({ limit: 1 })).items.length === 1, 'typed calls still work');
  await nova.close();
});

it('chromium: prepareSql() starts DuckDB-WASM without a query; calling it twice is one start; sql() then answers', async () => {
  const nova = await createClient({ url: gold, duckdbBundleUrl: base('duckdb') });
  const a = nova.prepareSql();
  const b = nova.prepareSql();
  ok(a === b, 'the second call shares the first start');
  await a;
  eq((await nova.sql<{ x: number }>('SELECT 41 + 1 AS x')).rows[0].x, 42, 'answer');
  await nova.prepareSql(); // ready: resolves at once
  await nova.close();
});

it('chromium: prepareSql() aborted before the engine is ready → aborted; the next sql() starts afresh and answers', async () => {
  const nova = await createClient({ url: gold, duckdbBundleUrl: base('duckdb') });
  const ctl = new AbortController();
  const p = nova.prepareSql({ signal: ctl.signal });
  ctl.abort();
  await rejects(p, 'aborted', 'aborted prepareSql');
  await rejects(nova.prepareSql({ signal: AbortSignal.abort() }), 'aborted', 'already-aborted signal');
  eq((await nova.sql<{ x: number }>('SELECT 2 AS x')).rows[0].x, 2, 'sql() after an aborted prepare');
  await nova.prepareSql(); // already running: resolves at once
  await nova.close();
  await rejects(nova.prepareSql(), 'invalid_argument', 'after close()');
});

it('chromium: the working bundle still starts', async () => {
  const nova = await createClient({ url: gold, duckdbBundleUrl: base('duckdb') });
  eq((await nova.sql<{ x: number }>('SELECT 41 + 1 AS x')).rows[0].x, 42, 'answer');
  await nova.close();
});
