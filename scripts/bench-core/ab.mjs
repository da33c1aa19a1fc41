#!/usr/bin/env node
// Cold `timeseries` of this checkout's SDK against another revision's, interleaved in one session
// (the machine's load moves both alike): `node scripts/bench-core/ab.mjs <rev> [gold dir]`.
// Each run opens a fresh browser context per variant (cold HTTP cache), creates a client, and
// times one 30-day `timeseries` of an item; the order of the two variants alternates. Prints
// medians of ms, gold KB, requests and the page's main-thread CPU time (over the call, and from
// before the SDK's script loads). Default gold: the bench:core 5,000-item demo. CALL=chart adds the
// item's name and unit beside the series (a chart's calls); HINT=1 heads this checkout's bundle
// with V8's compile hint; DELAY_MS=n holds each gold response n ms.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { createStaticHandler } from '../static-server.mjs';
import { last30Days, launchChromium, median, sampleItems } from './common.mjs';

const root = new URL('../..', import.meta.url).pathname;
const [rev = 'HEAD~1', goldArg] = process.argv.slice(2);
const gold = resolve(goldArg ?? process.env.NOVA_GOLD_DIR ?? join(root, '.nova/bench/gold'));
const RUNS = Number(process.env.RUNS ?? 15);
const dir = join(root, '.nova', 'bench-ab');
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'page'), { recursive: true });
// The other revision's SDK sources, bundled from TypeScript like this checkout's.
execFileSync('sh', ['-c', `git -C '${root}' archive '${rev}' packages/core/src | tar -x -C '${dir}'`]);
const variants = { [rev]: join(dir, 'packages/core/src/index.ts'), here: join(root, 'packages/core/src/index.ts') };
for (const [name, src] of Object.entries(variants)) writeFileSync(join(dir, `${name.replace(/\W/g, '_')}.js`), `export { createClient } from '${src}';\n`);
// Each variant is bundled on its own (no chunk shared between them). HINT=1 starts each file of this
// checkout's bundle with V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, Chromium 136+):
// every function is compiled eagerly, on the script-streaming thread, instead of at its first call.
const HINT = process.env.HINT === '1';
const CHART = process.env.CALL === 'chart';
for (const name of Object.keys(variants)) {
  const id = name.replace(/\W/g, '_');
  const out = await build({
    entryPoints: [join(dir, `${id}.js`)], bundle: true, format: 'esm', splitting: true, write: true, metafile: true,
    platform: 'browser', conditions: ['browser'], outdir: join(dir, 'page', id), minify: true, logLevel: 'warning',
  });
  if (HINT && name === 'here') for (const f of Object.keys(out.metafile.outputs)) writeFileSync(f, `//# allFunctionsCalledOnLoad\n${readFileSync(f, 'utf8')}`);
}
writeFileSync(join(dir, 'page', 'index.html'), '<!doctype html><meta charset="utf-8"><title>ab</title>');

let bytes = 0;
let requests = 0;
// DELAY_MS=n holds each gold response n ms (a gold host farther than loopback, e.g. a CDN): on a
// loaded machine the loopback round trip is mostly CPU, and this shows what a round trip costs.
const DELAY_MS = Number(process.env.DELAY_MS ?? 0);
const handler = createStaticHandler({
  mounts: [{ prefix: '/gold/', dir: gold }, { prefix: '/', dir: join(dir, 'page') }], csp: false,
  onRequest: (e) => { if (e.url.startsWith('/gold/')) { bytes += e.bytes; requests++; } },
});
const http = createServer((req, res) => (DELAY_MS && req.url.startsWith('/gold/') ? setTimeout(() => handler(req, res), DELAY_MS) : handler(req, res)));
await new Promise((ok) => http.listen(0, '127.0.0.1', ok));
const server = { url: `http://127.0.0.1:${http.address().port}`, close: () => new Promise((ok) => { http.closeAllConnections(); http.close(ok); }) };
const manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
const items = await sampleItems(gold);
const { start, end } = last30Days(manifest.as_of);
const browser = await launchChromium();
const load0 = loadavg()[0];
const results = {};
for (let run = 0; run < RUNS; run++) {
  const names = Object.keys(variants);
  if (run % 2) names.reverse();
  const itemId = items[run % items.length];
  for (const name of names) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/index.html`);
    // The renderer's main-thread CPU time over the call (CDP Performance metric ThreadTime): unlike
    // wall-clock ms it hardly moves with the machine's load (two runs of the same code agree within 1 ms).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const mLoad = await metrics();
    await page.evaluate(async ([mod, url]) => { window.nova = await (await import(mod)).createClient({ url }); }, [`./${name.replace(/\W/g, '_')}/${name.replace(/\W/g, '_')}.js`, `${server.url}/gold/`]);
    const m0 = await metrics();
    bytes = 0;
    requests = 0;
    const r = await page.evaluate(async ([q, chart]) => {
      const t0 = performance.now();
      // CALL=chart: what a <nova-forecast-chart> asks for, its title (dim_item) beside the series.
      const [out] = await Promise.all([window.nova.timeseries(q), chart ? window.nova.items({ ids: [q.itemId], fields: ['name', 'unit'] }) : null]);
      return { ms: performance.now() - t0, n: out.points.length };
    }, [{ itemId, start, end }, CHART]);
    const m1 = await metrics();
    const cpu = (k) => (m1[k] - m0[k]) * 1000;
    // Also from before the SDK's script is loaded: compiling moved to load time counts here.
    const withLoad = (m1.ThreadTime - mLoad.ThreadTime) * 1000;
    if (r.n !== 30) console.warn(`${name}: expected 30 points, got ${r.n}`);
    (results[name] ??= []).push({ ms: r.ms, kb: bytes / 1024, requests, thread: cpu('ThreadTime'), withLoad });
    await context.close();
  }
}
await browser.close();
await server.close();
console.log(`cold timeseries${CHART ? ' + the item\'s name and unit (a chart\'s calls)' : ''}, 30 days, ${RUNS} interleaved runs per variant, gold ${gold}${DELAY_MS ? `, each gold response held ${DELAY_MS} ms` : ''}${HINT ? ', here with compile hints' : ''}; load average (1 min) ${load0.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`);
for (const [name, rs] of Object.entries(results)) {
  const ms = rs.map((r) => r.ms);
  const m = (k) => median(rs.map((r) => r[k])).toFixed(1);
  console.log(`  ${name.padEnd(12)} ${median(ms).toFixed(1).padStart(7)} ms [${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)}]  ${m('kb')} KB  ${median(rs.map((r) => r.requests))} requests;  main thread CPU ${m('thread')} ms (${m('withLoad')} ms with loading the SDK and createClient)`);
}
