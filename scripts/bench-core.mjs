#!/usr/bin/env node
// `npm run bench:core`: the SDK in headless Chromium against the 5,000-item × 1,095-day demo gold
// served on 127.0.0.1. Prints the median of RUNS runs for each figure; see docs/adr/0001-query-engines.md.
// Beside the cold timeseries, its floor in the same runs: the requests it made (through the client's
// `fetch` option), replayed in their rounds with fetch alone in a fresh context (no SDK, no decoding).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startStaticServer } from './static-server.mjs';
import { copyDuckdb } from '../packages/core/scripts/copy-duckdb.mjs';
import { last30Days, launchChromium, median } from './bench-core/common.mjs';

const root = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.RUNS ?? 7);
const benchDir = join(root, '.nova', 'bench');
// NOVA_GOLD_DIR measures another gold, e.g. the 50,000-item one `npm run bench:scale -- --dir .nova/scale` leaves.
const gold = process.env.NOVA_GOLD_DIR ? resolve(process.env.NOVA_GOLD_DIR) : join(benchDir, 'gold');
if (process.env.NOVA_GOLD_DIR && !existsSync(join(gold, 'manifest.json'))) {
  console.error(`no gold at ${gold} (NOVA_GOLD_DIR)`);
  process.exit(1);
}
const pageDir = join(root, '.nova', 'bench-page');

if (!existsSync(join(gold, 'manifest.json'))) {
  console.log('building 5,000-item × 1,095-day demo gold (once) …');
  const r = spawnSync(process.execPath, [join(root, 'packages/etl-node/bin/nova-etl.js'), 'demo', '--out', benchDir, '--items', '5000', '--days', '1095',
    '--seed', '42', '--as-of', '2026-10-31'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
mkdirSync(pageDir, { recursive: true });
await build({
  entryPoints: [join(root, 'scripts/bench-core/page.js')], bundle: true, format: 'esm', splitting: true, platform: 'browser',
  conditions: ['browser'], outdir: pageDir, minify: true, logLevel: 'warning', metafile: false,
});
spawnSync('cp', [join(root, 'scripts/bench-core/index.html'), pageDir]);
copyDuckdb(join(pageDir, 'duckdb'));

const manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
let bytes = 0;
let requests = 0;
const server = await startStaticServer({
  mounts: [{ prefix: '/gold/', dir: gold }, { prefix: '/', dir: pageDir }],
  // No CSP here: the bench harness times code strings and its whole-file comparison builds Arrow
  // with Arrow's builders (new Function). The SDK itself runs under the CSP (test/csp.test.ts).
  csp: false,
  onRequest: (e) => {
    if (e.url.startsWith('/gold/')) {
      bytes += e.bytes;
      requests++;
    }
  },
});
const loadAtStart = (await import('node:os')).loadavg();
const browser = await launchChromium();

// Items spread over the catalogue: the first and last of each fact file (gold before nova-gold/1.2),
// else every 50th item of dim_item (1.2 places items in files by hash, so any spread is one).
const itemFiles = manifest.tables.fact_forecast.files;
const allItems = itemFiles
  ? itemFiles.flatMap((f) => [f.min_item_id, f.max_item_id])
  : await (async () => {
    const { createClient } = await import('@nova-corrente/core/node');
    const nova = await createClient({ url: gold });
    const ids = (await nova.items({ fields: [] })).items.map((i) => i.item_id).filter((_, i) => i % 50 === 0);
    await nova.close();
    return ids;
  })();
// The whole-table comparison downloads all of fact_forecast into one page: 36.5 MB at 5,000 items
// (about a minute), 366 MB at 50,000 (the page stalls for many minutes). Past WHOLE_TABLE_MAX_MB
// it is skipped unless WHOLE_TABLE_RUNS asks for it; the part-file comparison stays as the peer.
const factMB = manifest.tables.fact_forecast.bytes / 1e6;
const wholeTableMax = Number(process.env.WHOLE_TABLE_MAX_MB ?? 100);
const wholeTableRuns = process.env.WHOLE_TABLE_RUNS !== undefined ? Number(process.env.WHOLE_TABLE_RUNS) : factMB <= wholeTableMax ? 1 : 0;
const wholeTableNote = process.env.WHOLE_TABLE_RUNS === undefined && factMB > wholeTableMax
  ? `whole table in DuckDB-WASM: skipped — fact_forecast is ${factMB.toFixed(1)} MB, over WHOLE_TABLE_MAX_MB=${wholeTableMax} (one page would download and load all of it); the whole part file in DuckDB-WASM is the peer (WHOLE_TABLE_RUNS=1 forces it)`
  : undefined;
if (wholeTableNote) console.log(wholeTableNote);
const { start, end } = last30Days(manifest.as_of);
const results = {};
const record = (k, v) => (results[k] ??= []).push(v);
const reset = () => { bytes = 0; requests = 0; };
/** Each run's cold timeseries requests, in rounds (`goldRounds` in page.js). */
const coldRounds = [];

for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => window.bench);
  const a = allItems[(run * 2) % allItems.length];
  const b = allItems[(run * 2 + 1) % allItems.length];
  await page.evaluate(async (url) => { window.nova = await window.bench.createClient({ url }); }, `${server.url}/gold/`);
  const time = (fn, arg) => page.evaluate(async ([src, x]) => {
    const f = new Function('nova', 'x', `return (${src})(nova, x)`);
    const t0 = performance.now();
    const out = await f(window.nova, x);
    return { ms: performance.now() - t0, n: out?.points?.length ?? out?.rows?.length ?? out?.forecastTotal };
  }, [fn.toString(), arg]);
  /** Times one call and records its ms, and the gold KB and requests it cost. */
  const measure = async (label, fn, arg) => {
    reset();
    const r = await time(fn, arg);
    record(`${label} ms`, r.ms); record(`${label} KB`, bytes / 1024); record(`${label} requests`, requests);
    return r;
  };
  const since = await page.evaluate(() => performance.now());
  let r = await measure('cold timeseries', (nova, x) => nova.timeseries(x), { itemId: a, start, end });
  if (r.n !== 30) console.warn(`expected 30 points, got ${r.n}`);
  coldRounds.push(await page.evaluate((t) => window.bench.goldRounds(t), since));
  await measure('cached timeseries', (nova, x) => nova.timeseries(x), { itemId: a, start, end });
  await measure('next item timeseries', (nova, x) => nova.timeseries(x), { itemId: b, start, end });
  // A filtered read of another table, cold: one item's name by id (dim_item row-group pruning).
  r = await measure('cold items({ ids }) filtered read', (nova, x) => nova.items({ ids: [x], fields: ['name'] }).then((o) => ({ rows: o.items })), b);
  if (r.n !== 1) console.warn(`expected 1 item, got ${r.n}`);
  // The item picker's first page (dim_item's footer now cached): one column over every row group.
  await measure('items() picker page, footer cached', (nova) => nova.items({ fields: ['name'], limit: 20 }).then((o) => ({ rows: o.items })));
  await measure('summary 30 days', (nova, x) => nova.summary(x), { start, end });
  const SQL = 'SELECT date, forecast, actual FROM fact_forecast WHERE item_id = ? AND date BETWEEN ?::DATE AND ?::DATE ORDER BY date';
  await measure('first sql() cold (incl. DuckDB-WASM start)', (nova, x) => nova.sql(x[0], x.slice(1)), [SQL, a, start, end]);
  await measure('next sql() other item', (nova, x) => nova.sql(x[0], x.slice(1)), [SQL, b, start, end]);
  // The same first sql() on a page that called prepareSql() early (awaited here, so the figure is
  // the query alone; prepareSql() itself is timed apart).
  await page.evaluate(async (url) => { await window.nova.close(); window.prepared = await window.bench.createClient({ url }); }, `${server.url}/gold/`);
  const t0 = Date.now();
  await page.evaluate(() => window.prepared.prepareSql());
  record('prepareSql() ms', Date.now() - t0);
  await page.evaluate(() => { window.nova = window.prepared; });
  await measure('first sql() after prepareSql()', (nova, x) => nova.sql(x[0], x.slice(1)), [SQL, a, start, end]);
  // The way other static dashboards answer: DuckDB-WASM over the whole file. Its file holding the item
  // every run; the whole table (minutes) only in the first WHOLE_TABLE_RUNS runs (default 1; 0 past WHOLE_TABLE_MAX_MB).
  const whole = async (label, oneFile) => {
    const w = await page.evaluate(([url, item, s, e, one]) => window.bench.wholeFile(url, item, s, e, one), [`${server.url}/gold/`, a, start, end, oneFile]);
    record(`${label} ms`, w.ms); record(`${label} MB`, w.bytes / 1e6);
    if (w.rows === 0) console.warn(`${label}: no rows`);
  };
  if (process.env.WHOLE_FILE !== '0') await whole('whole part file in DuckDB-WASM', true);
  if (run < wholeTableRuns) await whole('whole table in DuckDB-WASM', false);
  await context.close();
  // The cold timeseries' floor, in a fresh context (cold HTTP cache, as the SDK's page had): its
  // own requests replayed in their rounds with fetch alone.
  {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`${server.url}/index.html`);
    await p.waitForFunction(() => window.bench);
    reset();
    const f = await p.evaluate(([url, rounds]) => window.bench.replay(url, rounds), [`${server.url}/gold/`, coldRounds.at(-1)]);
    const label = 'cold timeseries floor (same requests, fetch only)';
    record(`${label} ms`, f.ms); record(`${label} KB`, f.bytes / 1024); record(`${label} rounds`, coldRounds.at(-1).length);
    await ctx.close();
  }
  process.stdout.write(`run ${run + 1}/${RUNS} done\n`);
}
await browser.close();
await server.close();

const ff = manifest.tables.fact_forecast;
console.log(`\ngold: ${ff.rows.toLocaleString('en')} fact_forecast rows in ${ff.files?.length ?? ff.placement.buckets} files (${(ff.bytes / 1e6).toFixed(1)} MB), ${manifest.ml.length} sources; range ${start}..${end}`);
const loadAtEnd = (await import('node:os')).loadavg();
console.log(`median of ${RUNS} runs [min–max] (whole table: ${results['whole table in DuckDB-WASM ms']?.length ?? 0} run(s)), headless Chromium, 127.0.0.1, load average (1 min) ${loadAtStart[0].toFixed(1)} at start, ${loadAtEnd[0].toFixed(1)} at end:`);
if (wholeTableNote) console.log(`  ${wholeTableNote}`);
const targets = { 'cold timeseries ms': 150, 'cold timeseries KB': 100, 'cached timeseries ms': 5, 'next item timeseries ms': 60, 'summary 30 days ms': 200, 'first sql() cold (incl. DuckDB-WASM start) ms': 2000, 'first sql() after prepareSql() ms': 1000 };
for (const [k, xs] of Object.entries(results)) {
  const m = median(xs);
  const t = targets[k];
  const digits = k.endsWith('MB') ? 2 : k.endsWith('requests') || k.endsWith('rounds') ? 0 : 1;
  const spread = xs.length > 1 ? ` [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]` : '';
  console.log(`  ${k.padEnd(52)} ${m.toFixed(digits).padStart(10)}${spread.padEnd(20)}${t ? `   target ≤ ${t}  ${m <= t ? 'OK' : 'MISSED'}` : ''}`);
}
const floorMs = results['cold timeseries floor (same requests, fetch only) ms'];
console.log(`  cold timeseries − its floor, median of the ${RUNS} paired differences: ${median(results['cold timeseries ms'].map((x, i) => x - floorMs[i])).toFixed(1)} ms (the SDK's own work: planning, footers, decoding, checks)`);
