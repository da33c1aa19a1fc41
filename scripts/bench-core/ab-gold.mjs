#!/usr/bin/env node
// This checkout's SDK over two or more golds (physical layouts of the same data, e.g. written by
// scripts/relayout-fact.mjs), interleaved in one browser session so the machine's load moves all
// alike: `node scripts/bench-core/ab-gold.mjs GOLD_A GOLD_B [GOLD_C …]` (after npm run build).
// Each run opens a fresh browser context per gold (cold HTTP cache), creates a client, and times
// one cold call on one item; the golds' order rotates from run to run. CALL=timeseries (default:
// a 30-day `timeseries`), CALL=chart (what <nova-forecast-chart> asks for: the item's name and
// unit beside that timeseries) or CALL=dashboard (the overview's calls before its first paint:
// the risk table's top 15 stockouts, then KPIs, and the first row's 180-day charts and name). Prints medians of ms, gold KB, requests and the page's main-thread
// CPU (CDP ThreadTime, steadier than wall time under load). RUNS=n (default 15).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { createStaticHandler } from '../static-server.mjs';
import { last30Days, launchChromium, median, sampleItems } from './common.mjs';

const root = new URL('../..', import.meta.url).pathname;
const golds = process.argv.slice(2).map((g) => resolve(g));
if (golds.length < 2) {
  console.error('usage: node scripts/bench-core/ab-gold.mjs GOLD_A GOLD_B [GOLD …]');
  process.exit(2);
}
const RUNS = Number(process.env.RUNS ?? 15);
const CALL = process.env.CALL ?? 'timeseries';
if (!['timeseries', 'chart', 'dashboard'].includes(CALL)) throw new Error(`CALL must be timeseries, chart or dashboard, got ${CALL}`);
const dir = join(root, '.nova', 'bench-ab-gold');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'entry.js'), `export { createClient } from '${join(root, 'packages/core/src/index.ts')}';\n`);
await build({
  entryPoints: [join(dir, 'entry.js')], bundle: true, format: 'esm', splitting: true, platform: 'browser',
  conditions: ['browser'], outdir: join(dir, 'page'), minify: true, logLevel: 'warning',
});
writeFileSync(join(dir, 'page', 'index.html'), '<!doctype html><meta charset="utf-8"><title>ab-gold</title>');

let bytes = 0;
let requests = 0;
let log = null; // LOG=1: the first run's gold requests, per gold

const handler = createStaticHandler({
  mounts: [...golds.map((gold, i) => ({ prefix: `/g${i}/`, dir: gold })), { prefix: '/', dir: join(dir, 'page') }], csp: false,
  onRequest: (e) => { if (/^\/g\d+\//.test(e.url)) { bytes += e.bytes; requests++; log?.push(`${e.url.split('/').slice(-2).join('/')} ${e.range ?? 'whole'} ${e.bytes} B`); } },
});
const http = createServer(handler);
await new Promise((ok) => http.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${http.address().port}`;
const manifest = JSON.parse(readFileSync(join(golds[0], 'manifest.json'), 'utf8'));
const items = await sampleItems(golds[0]);
const { start, end } = last30Days(manifest.as_of);
const browser = await launchChromium();
const load0 = loadavg()[0];
const results = golds.map(() => []);
for (let run = 0; run < RUNS; run++) {
  const itemId = items[run % items.length];
  for (let k = 0; k < golds.length; k++) {
    const g = (run + k) % golds.length;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/index.html`);
    await page.evaluate(async (url) => { window.nova = await (await import('./entry.js')).createClient({ url }); }, `${base}/g${g}/`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const thread = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
    const t0 = await thread();
    bytes = 0;
    requests = 0;
    log = process.env.LOG && run === 0 ? [] : null;
    const r = await page.evaluate(async ([call, q]) => {
      const s = performance.now();
      const nova = window.nova;
      if (call === 'dashboard') {
        const fields = ['forecast_next_30d', 'on_hand', 'on_order', 'reorder_point', 'projected_stockout_date', 'suggested_order_qty'];
        const from = new Date(Date.parse(`${q.end}T00:00:00Z`) - 179 * 86_400_000).toISOString().slice(0, 10);
        const [top] = await Promise.all([nova.risk({ kind: 'stockout', limit: 15, fields }), nova.summary({ start: from, end: q.end })]);
        const itemId = top[0].item_id;
        const [ts, , named] = await Promise.all([nova.timeseries({ itemId, start: from, end: q.end }), nova.inventory({ itemId, start: from, end: q.end }),
          nova.items({ ids: [itemId], fields: ['name', 'unit'] })]);
        return { ms: performance.now() - s, n: ts.points.length, named: named.items.length };
      }
      const ts = nova.timeseries(q);
      const [out, named] = await Promise.all([ts, call === 'chart' ? nova.items({ ids: [q.itemId], fields: ['name', 'unit'] }) : null]);
      return { ms: performance.now() - s, n: out.points.length, named: named ? named.items.length : 1 };
    }, [CALL, { itemId, start, end }]);
    const cpu = (await thread() - t0) * 1000;
    const days = CALL === 'dashboard' ? 180 : 30;
    if (r.n !== days || r.named !== 1) console.warn(`gold ${g}: expected ${days} points and the item's name, got ${r.n} points, ${r.named} items`);
    if (log) console.log(`${golds[g]}:\n  ${log.join('\n  ')}`);
    results[g].push({ ms: r.ms, kb: bytes / 1024, requests, thread: cpu });
    await context.close();
  }
}
await browser.close();
http.closeAllConnections();
http.close();
console.log(`cold ${{ chart: 'chart calls (timeseries + item name), 30 days', dashboard: 'dashboard calls (risk top 15, KPIs, 180-day charts + name)', timeseries: 'timeseries, 30 days' }[CALL]}, ${RUNS} interleaved runs per gold; load average (1 min) ${load0.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`);
golds.forEach((gold, g) => {
  const rs = results[g];
  const m = (k) => median(rs.map((r) => r[k])).toFixed(1);
  const ms = rs.map((r) => r.ms);
  console.log(`  ${gold.padEnd(40)} ${m('ms').padStart(7)} ms [${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)}]  ${m('kb')} KB  ${median(rs.map((r) => r.requests))} requests;  main thread CPU ${m('thread')} ms`);
});
