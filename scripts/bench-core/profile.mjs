#!/usr/bin/env node
// Where a cold `timeseries` spends its time in Chromium: `node scripts/bench-core/profile.mjs [gold dir]`.
// Each run opens a fresh browser context, creates a client (manifest read), then records a V8 CPU
// profile (CDP Profiler, 100 µs sampling) and the Resource Timing entries of one 30-day
// `timeseries`. The SDK is bundled unminified, so each sample's script line maps back to the source
// module it came from (esbuild's `// path` markers). Prints medians over RUNS runs: main-thread
// self time per module group, idle (waiting on the network), and the request waterfall.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:http';
import { build } from 'esbuild';
import { createStaticHandler } from '../static-server.mjs';
import { last30Days, launchChromium, median, sampleItems } from './common.mjs';

const root = new URL('../..', import.meta.url).pathname;
const gold = resolve(process.argv[2] ?? process.env.NOVA_GOLD_DIR ?? join(root, '.nova/bench/gold'));
const RUNS = Number(process.env.RUNS ?? 9);
const dir = join(root, '.nova', 'bench-profile');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
// REV=<revision> profiles that revision's SDK sources instead of this checkout's.
let src = join(root, 'packages/core/src/index.ts');
if (process.env.REV) {
  execFileSync('sh', ['-c', `git -C '${root}' archive '${process.env.REV}' packages/core/src | tar -x -C '${dir}'`]);
  src = join(dir, 'packages/core/src/index.ts');
}
writeFileSync(join(dir, 'entry.js'), `export { createClient } from '${src}';\n`);
await build({ entryPoints: [join(dir, 'entry.js')], bundle: true, format: 'esm', platform: 'browser', conditions: ['browser'], outfile: join(dir, 'sdk.js'), minify: false, logLevel: 'warning' });
writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>profile</title>');
// Line → module, from esbuild's `// node_modules/…` / `// packages/…` / `// .nova/…` markers.
const lines = readFileSync(join(dir, 'sdk.js'), 'utf8').split('\n');
const moduleAt = [];
let cur = '(entry)';
for (const l of lines) {
  const m = /^\/\/ ((?:node_modules|packages|\.nova|\.\.)\/\S+\.(?:js|ts|mjs))$/.exec(l);
  if (m) cur = m[1];
  moduleAt.push(cur);
}
const group = (mod) => {
  if (/hyparquet\/src\/(metadata|thrift|schema)/.test(mod)) return 'hyparquet footer (thrift)';
  if (/hyparquet/.test(mod)) return 'hyparquet read/decode';
  if (/fzstd/.test(mod)) return 'fzstd';
  if (/noble/.test(mod)) return 'noble sha256';
  if (/packages\/core\/src\/io/.test(mod)) return 'core io';
  if (/packages\/core\/src/.test(mod)) return 'core (other)';
  return mod;
};

let bytes = 0;
let requests = 0;
const handler = createStaticHandler({
  mounts: [{ prefix: '/gold/', dir: gold }, { prefix: '/', dir }], csp: false,
  onRequest: (e) => { if (e.url.startsWith('/gold/')) { bytes += e.bytes; requests++; } },
});
const http = createServer(handler);
await new Promise((ok) => http.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${http.address().port}`;
const manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
const items = await sampleItems(gold);
const { start, end } = last30Days(manifest.as_of);
const browser = await launchChromium();
const load0 = loadavg()[0];
const runs = [];
for (let run = 0; run < RUNS; run++) {
  const itemId = items[(run * 7) % items.length];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/index.html`);
  await page.evaluate(async (url) => { window.nova = await (await import('./sdk.js')).createClient({ url }); }, `${base}/gold/`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  bytes = 0;
  requests = 0;
  const r = await page.evaluate(async (q) => {
    performance.clearResourceTimings();
    // Named spins that mark the call's start and end in the profile (the timeline's zero).
    const spin = (ms) => { const e = performance.now() + ms; while (performance.now() < e); };
    const novaProfileStart = () => spin(0.5);
    const novaProfileEnd = () => spin(0.5);
    novaProfileStart();
    const t0 = performance.now();
    const out = await window.nova.timeseries(q);
    const ms = performance.now() - t0;
    novaProfileEnd();
    const res = performance.getEntriesByType('resource').filter((e) => e.name.includes('/gold/')).map((e) => ({
      file: e.name.replace(/^.*\/snapshots\/[^/]+\//, ''), start: e.startTime - t0, end: e.responseEnd - t0, kb: e.transferSize / 1024,
    }));
    return { ms, n: out.points.length, res };
  }, { itemId, start, end });
  const { profile } = await cdp.send('Profiler.stop');
  const read = { kb: bytes / 1024, requests };
  // The same call for another item (another file: its index records, footers and row groups are not
  // cached), profiler off: what the call costs once the code has run once (JIT warm, data cold).
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
  const cpu0 = await threadTime();
  const again = await page.evaluate(async (q) => {
    const t0 = performance.now();
    await window.nova.timeseries(q);
    return performance.now() - t0;
  }, { itemId: items[(run * 7 + 3) % items.length], start, end });
  const againCpu = (await threadTime()) - cpu0;
  await context.close();
  // Self time per node, attributed to module groups (samples inside the timed call only).
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const t = { total: 0, idle: 0, program: 0, gc: 0 };
  const groups = {};
  const fns = {};
  let ts = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    ts += profile.timeDeltas[i];
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byNode.get(profile.samples[i]);
    const cf = n.callFrame;
    let g;
    if (cf.functionName === '(idle)') g = 'idle';
    else if (cf.functionName === '(program)') g = 'program';
    else if (cf.functionName === '(garbage collector)') g = 'gc';
    else if (cf.url.endsWith('/sdk.js')) g = group(moduleAt[cf.lineNumber] ?? '?');
    else g = cf.url ? `other script` : `native ${cf.functionName || '(anon)'}`;
    groups[g] = (groups[g] ?? 0) + dt;
    if (g !== 'idle') {
      const key = `${cf.functionName || '(anon)'} ${cf.url.endsWith('/sdk.js') ? moduleAt[cf.lineNumber]?.replace(/^.*\/(src|dist)\//, '') : ''}`;
      fns[key] = (fns[key] ?? 0) + dt;
    }
  }
  if (process.env.TIMELINE) {
    // 5 ms buckets from the call's start (the novaProfileStart spin): the groups that ran in each.
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const inTs = (id) => { for (let x = id; x !== undefined; x = parent.get(x)) if (byNode.get(x).callFrame.functionName === 'novaProfileStart') return true; return false; };
    let t = profile.startTime; let t0;
    const buckets = [];
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i];
      if (t0 === undefined && inTs(profile.samples[i])) t0 = t;
      if (t0 === undefined) continue;
      const b = Math.floor((t - t0) / 5000);
      const cf = byNode.get(profile.samples[i]).callFrame;
      const g = cf.functionName === '(idle)' ? '.' : cf.functionName === 'novaProfileEnd' ? 'END' : cf.url.endsWith('/sdk.js') ? group(moduleAt[cf.lineNumber] ?? '?') : cf.functionName;
      ((buckets[b] ??= {})[g] = (buckets[b][g] ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
    }
    buckets.forEach((b, i) => b && console.log(`    ${String(i * 5).padStart(4)} ms  ${Object.entries(b).sort((x, y) => y[1] - x[1]).filter(([, v]) => v >= 0.3).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`));
  }
  runs.push({ itemId, again, againCpu, ms: r.ms, n: r.n, kb: read.kb, requests: read.requests, res: r.res, groups, fns });
  console.log(`run ${run}: ${itemId} ${r.ms.toFixed(1)} ms (another item after it: ${again.toFixed(1)} ms, main thread CPU ${againCpu.toFixed(1)} ms), ${r.n} points, ${read.kb.toFixed(1)} KB, ${read.requests} requests`);
  for (const e of r.res) console.log(`    ${e.start.toFixed(1).padStart(6)} → ${e.end.toFixed(1).padStart(6)} ms  ${e.file}`);
}
await browser.close();
await new Promise((ok) => { http.closeAllConnections(); http.close(ok); });
console.log(`\ncold timeseries, 30 days, ${RUNS} runs, gold ${gold}; load (1 min) ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
console.log(`  wall ${median(runs.map((r) => r.ms)).toFixed(1)} ms, ${median(runs.map((r) => r.kb)).toFixed(1)} KB, ${median(runs.map((r) => r.requests))} requests (medians)`);
console.log('  profile (median ms of samples over the whole profiled span, per group):');
const keys = [...new Set(runs.flatMap((r) => Object.keys(r.groups)))];
for (const k of keys.sort((a, b) => median(runs.map((r) => r.groups[b] ?? 0)) - median(runs.map((r) => r.groups[a] ?? 0)))) {
  console.log(`    ${k.padEnd(28)} ${median(runs.map((r) => r.groups[k] ?? 0)).toFixed(1).padStart(7)}`);
}
console.log('  top functions (median self ms):');
const fk = [...new Set(runs.flatMap((r) => Object.keys(r.fns)))];
for (const k of fk.sort((a, b) => median(runs.map((r) => r.fns[b] ?? 0)) - median(runs.map((r) => r.fns[a] ?? 0))).slice(0, 25)) {
  console.log(`    ${median(runs.map((r) => r.fns[k] ?? 0)).toFixed(1).padStart(6)}  ${k}`);
}
