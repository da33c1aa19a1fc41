#!/usr/bin/env node
// Paired A/B of the intranet-portal page's first chart for two builds of the components:
//   node scripts/bench-ui/portal-cpu.mjs <cdn dir A> <cdn dir B> [runs=15] [gold dir]
// Each run opens a fresh browser context per build (cold HTTP cache), alternating which goes first,
// traces the load and prints, per build, the medians of: when the chart was painted (ms after
// navigation start, as bench:ui measures it), the renderer main thread's CPU time until then (the
// sum of its top-level tasks' thread time) and the CPU of the renderer's other threads (workers).
// Main-thread CPU moves far less with the machine's load than wall time does: on the 2-core bench
// machine a lever that moves work off the main thread shows there first; bench:ui decides on a
// quiet machine. Tracing slows the page: the painted times here are not bench:ui's figures.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../start.mjs';

const root = resolve(import.meta.dirname, '../..');
const [a, b, runsArg = '15', goldArg] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node scripts/bench-ui/portal-cpu.mjs <cdn dir A> <cdn dir B> [runs] [gold dir]');
  process.exit(2);
}
const RUNS = Number(runsArg);
const gold = resolve(goldArg ?? process.env.NOVA_GOLD_DIR ?? `${root}/.nova/bench/gold`);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadBefore = load();

const variants = [];
for (const dir of [a, b]) variants.push({ dir: resolve(dir), server: await serve({ goldDir: gold, port: 0, cdnDir: resolve(dir) }), painted: [], main: [], other: [] });

// The chart's paint: the frame after its `nova-load` (as bench:ui), reported through a binding.
const probe = () => {
  document.addEventListener('nova-load', () => requestAnimationFrame(() => setTimeout(() => window.__novaPainted?.(performance.now()), 0)), true);
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
async function once(v) {
  const ctx = await browser.newContext({ viewport: { width: 900, height: 700 } });
  await ctx.addInitScript(probe);
  let done;
  const painted = new Promise((r) => (done = r));
  await ctx.exposeFunction('__novaPainted', (t) => done(t));
  const page = await ctx.newPage();
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'loading', 'blink.user_timing'] });
  await page.goto(`${v.server.url}/portal/`, { waitUntil: 'commit' });
  const t = await Promise.race([painted, new Promise((_, rej) => setTimeout(() => rej(new Error(`${v.dir}: no chart painted in 60 s`)), 60000))]);
  const events = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
  await ctx.close();
  const nav = events.find((e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '').endsWith('/portal/'));
  if (!nav) throw new Error('no navigationStart of the portal page in the trace');
  const until = nav.ts + t * 1000;
  const cpu = (pred) => events.filter((e) => e.pid === nav.pid && e.ph === 'X' && e.name === 'RunTask' && e.ts >= nav.ts && e.ts <= until && pred(e)).reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000;
  if (!events.some((e) => e.pid === nav.pid && e.tid === nav.tid && e.tdur !== undefined)) throw new Error('the trace carries no thread times (tdur): this Chromium cannot give the CPU figures');
  v.painted.push(t);
  v.main.push(cpu((e) => e.tid === nav.tid));
  v.other.push(cpu((e) => e.tid !== nav.tid));
}
try {
  for (let run = 0; run < RUNS; run++) for (const v of run % 2 ? [...variants].reverse() : variants) await once(v);
} finally {
  await browser.close();
  for (const v of variants) await v.server.close();
}
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(`portal first chart, ${RUNS} traced cold loads per build, gold ${gold}; load average ${loadBefore} before, ${load()} after`);
for (const v of variants) {
  console.log(`  ${v.dir}: painted ${median(v.painted).toFixed(0)} ms, main-thread CPU ${median(v.main).toFixed(1)} ms (runs ${Math.min(...v.main).toFixed(0)}–${Math.max(...v.main).toFixed(0)}), other renderer threads ${median(v.other).toFixed(1)} ms`);
}
const d = (k) => median(variants[0][k].map((x, i) => x - variants[1][k][i]));
console.log(`  A − B, median of the paired differences: painted ${d('painted').toFixed(0)} ms, main-thread CPU ${d('main').toFixed(1)} ms, other threads ${d('other').toFixed(1)} ms`);
