// The integrator's path, end to end: `npm pack` the three packages, install the tarballs into a
// fresh app with `npm ci --offline` (tarballs + npm cache only), then use them the ways the docs
// say, against the test demo gold:
//   Node: core/node typed queries + sql(), the nova-etl bin; core alone: sql() says what to install
//   (a) a Vite build, (b) an esbuild build, (c) a React 19 host, (d) a plain HTML page with the
//   self-contained build and no bundler — each in headless Chromium: the chart draws with no console
//   error, and in (a), (b), (d) sql() answers;
//   (e) `tsc --noEmit` (strict) over a consumer file using the public types, tag maps, typed events
//   and JSX — with @ts-expect-error lines proving wrong usage is refused.
// Tarball contents are checked by package-tarballs.test.ts. Build tools (vite, esbuild, tsc) run
// from the repository; everything the app imports resolves inside the app.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { build as esbuild } from 'esbuild';
import { build as viteBuild, createLogger } from 'vite';
// @ts-expect-error -- plain ESM helper without types
import { packWorkspaces, writeConsumerApp, installOffline } from '../scripts/test-helpers/consumer-app.mjs';
// @ts-expect-error -- plain ESM helper without types
import { startStaticServer } from '../scripts/static-server.mjs';
// @ts-expect-error -- plain ESM helper without types
import { extractSamples, sampleFile, runsInNode } from '../scripts/test-helpers/doc-samples.mjs';

const root = join(import.meta.dirname, '..');
const gold = process.env.NOVA_TEST_GOLD ?? join(root, '.nova/test-demo/gold');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ITEM = 'MAT-000001';
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const rootLock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
const ITEMS = manifest.tables.dim_item.rows as number; // the oracle for `SELECT count(*) FROM dim_item`

let tmp = '';
let app = '';
let browser: Browser;
let server: { url: string; close(): Promise<void> };

const write = (rel: string, text: string) => {
  const f = join(app, rel);
  mkdirSync(join(f, '..'), { recursive: true });
  writeFileSync(f, text);
};

/** Runs `node` in the app folder; returns stdout, stderr and the exit code. */
function nodeIn(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Opens `path`, waits for the forecast chart to draw (and for window.__sql when `sql`). */
async function openAndCheck(path: string, opts: { sql: boolean; find?: string }) {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${server.url}${path}`);
    // The chart: found in the light DOM (the host pages put it there), drawn in its shadow root.
    const drawn = await page.waitForFunction(
      () => {
        const el = document.querySelector('nova-forecast-chart') as (HTMLElement & { loadStatus?: string }) | null;
        // Pages that create the chart after an await (createClient) add it later: keep polling.
        if (!el) return false;
        if (['error', 'invalid', 'empty'].includes(el.loadStatus ?? '')) return { status: el.loadStatus };
        const line = el.shadowRoot?.querySelector('[part~="forecast-line"]');
        return el.loadStatus === 'ready' && line ? { status: 'ready', d: line.getAttribute('d') ?? '', title: el.shadowRoot!.querySelector('[part="title"]')?.textContent ?? '' } : false;
      },
      undefined,
      { timeout: 60_000, polling: 100 },
    );
    const chart = (await drawn.jsonValue()) as { status: string; d?: string; title?: string };
    assert.equal(chart.status, 'ready', `${path}: chart status`);
    assert.match(chart.d!, /^M[\d.,-]+(L[\d.,-]+){10,}/, `${path}: the forecast line has points`);
    assert.ok(chart.title!.includes(ITEM), `${path}: the title names ${ITEM}`);
    let sql: unknown;
    if (opts.sql) {
      const h = await page.waitForFunction(() => (window as { __sql?: unknown }).__sql, undefined, { timeout: 90_000, polling: 100 });
      sql = await h.jsonValue();
      assert.equal(sql, ITEMS, `${path}: sql() count(*) of dim_item = the manifest's row count`);
    }
    assert.deepEqual(errors, [], `${path}: no console error`);
    return { page, sql };
  } finally {
    await page.close();
  }
}

describe('consumer: the packed packages installed offline into a fresh app', { timeout: 900_000 }, () => {
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'nova-consumer-'));
    app = join(tmp, 'app');
    mkdirSync(app);
    const packed = packWorkspaces(root, ['packages/core', 'packages/etl-node', 'packages/components'], tmp);
    const deps: Record<string, string> = Object.fromEntries(Object.entries<{ file: string }>(packed).map(([n, p]) => [n, `file:../${p.file}`]));
    // The host's own choices, at the versions the repository tests with.
    for (const d of ['react', 'react-dom', '@types/react', '@types/react-dom', '@types/node']) deps[d] = rootPkg.devDependencies[d];
    writeConsumerApp(app, { rootLock, packed, deps });
    installOffline(app);
    server = await startStaticServer({
      mounts: [
        { prefix: '/gold/', dir: gold },
        { prefix: '/vite/', dir: join(app, 'vite/dist') },
        { prefix: '/esbuild/', dir: join(app, 'esbuild/dist') },
        { prefix: '/react/', dir: join(app, 'react/dist') },
        { prefix: '/plain/', dir: join(app, 'plain') },
      ],
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('installs from the tarballs: the peer DuckDB-WASM comes along, nothing links back to the repository', () => {
    for (const p of ['@nova-corrente/core', '@nova-corrente/components', '@nova-corrente/etl-node', '@duckdb/duckdb-wasm']) {
      assert.ok(existsSync(join(app, 'node_modules', p, 'package.json')), `${p} installed`);
    }
    assert.equal(JSON.parse(readFileSync(join(app, 'node_modules/@duckdb/duckdb-wasm/package.json'), 'utf8')).version, '1.32.0');
    const lock = JSON.parse(readFileSync(join(app, 'node_modules/.package-lock.json'), 'utf8'));
    assert.ok(!Object.values<{ link?: boolean }>(lock.packages).some((p) => p.link), 'no symlinked package');
  });

  it('Node: @nova-corrente/core/node answers typed queries and sql(); the nova-etl bin validates the gold', () => {
    write('node-sdk.mjs', `
import { createClient } from '@nova-corrente/core/node';
const nova = await createClient({ url: process.argv[2] });
const { items, total } = await nova.items({ ids: ['${ITEM}'], fields: ['name'] });
const { rows } = await nova.sql('SELECT count(*) AS n FROM dim_item WHERE item_id <> ?', ['none']);
console.log(JSON.stringify({ id: items[0].item_id, total, n: rows[0].n }));
await nova.close();
`);
    const r = nodeIn(app, ['node-sdk.mjs', gold]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { id: ITEM, total: 1, n: ITEMS });
    const v = spawnSync(join(app, 'node_modules/.bin/nova-etl'), ['validate', gold, '--json'], { cwd: app, encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(JSON.parse(v.stdout).ok, true);
  });

  it('Node with @nova-corrente/core alone: sql() names @duckdb/node-api and its version; the browser entry points at /node', () => {
    const solo = join(tmp, 'core-only');
    mkdirSync(solo);
    const packed = { '@nova-corrente/core': packWorkspaces(root, ['packages/core'], join(tmp))['@nova-corrente/core'] };
    writeConsumerApp(solo, { rootLock, packed, deps: { '@nova-corrente/core': `file:../${packed['@nova-corrente/core'].file}` } });
    installOffline(solo);
    assert.ok(!existsSync(join(solo, 'node_modules/@duckdb/node-api')), 'native DuckDB is an optional peer: not installed');
    writeFileSync(join(solo, 'probe.mjs'), `
import { createClient } from '@nova-corrente/core/node';
import { createClient as browserClient } from '@nova-corrente/core';
const nova = await createClient({ url: process.argv[2] });
const out = { items: (await nova.items({ limit: 1 })).total };
try { await nova.sql('SELECT 1 AS one'); } catch (e) { out.sql = [e.code, e.message]; }
try { await browserClient({ url: './gold' }); } catch (e) { out.relative = [e.code, e.message]; }
console.log(JSON.stringify(out));
`);
    const r = nodeIn(solo, ['probe.mjs', gold]);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.equal(out.items, ITEMS, 'typed queries need no engine');
    assert.equal(out.sql[0], 'engine_unavailable');
    assert.match(out.sql[1], /npm install @duckdb\/node-api@1\.5\.6-r\.1/);
    assert.equal(out.relative[0], 'invalid_argument');
    assert.match(out.relative[1], /@nova-corrente\/core\/node/);
  });

  it('(a) Vite: ?url imports of DuckDB-WASM\'s files, a build with no warning, the chart draws and sql() answers', async (t) => {
    write('vite/index.html', '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>vite</title></head><body><div id="app"></div><script type="module" src="./src/main.js"></script></body></html>\n');
    write('vite/src/main.js', `
import '@nova-corrente/components/forecast-chart';
import { createClient } from '@nova-corrente/core';
import mainModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mainWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

const nova = await createClient({ url: '/gold/', duckdbBundle: { mainModule, mainWorker } });
const chart = document.createElement('nova-forecast-chart');
chart.client = nova;
chart.itemId = '${ITEM}';
document.querySelector('#app').append(chart);
const { rows } = await nova.sql('SELECT count(*) AS n FROM dim_item');
window.__sql = rows[0].n;
`);
    const warnings: string[] = [];
    const logger = createLogger('warn');
    logger.warn = (msg) => void warnings.push(msg);
    logger.warnOnce = (msg) => void warnings.push(msg);
    await viteBuild({ root: join(app, 'vite'), base: '/vite/', logLevel: 'warn', customLogger: logger, configFile: false, build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' } });
    assert.deepEqual(warnings, [], 'vite build warnings');
    const assets = execFileSync('ls', [join(app, 'vite/dist/assets')], { encoding: 'utf8' });
    assert.match(assets, /duckdb-eh-[\w-]+\.wasm/, 'Vite copied and hashed the wasm module');
    await openAndCheck('/vite/', { sql: true });
    t.diagnostic('vite: chart drawn, sql() answered');
  });

  it('(b) esbuild: file loaders for the wasm and the worker, the chart draws and sql() answers', async () => {
    write('esbuild/index.html', '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>esbuild</title></head><body><div id="app"></div><script type="module" src="./main.js"></script></body></html>\n');
    write('esbuild/main.js', `
import '@nova-corrente/components/forecast-chart';
import { createClient } from '@nova-corrente/core';
import mainModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm';
import mainWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js';

const nova = await createClient({ url: '/gold/', duckdbBundle: { mainModule, mainWorker } });
const chart = document.createElement('nova-forecast-chart');
chart.client = nova;
chart.setAttribute('item-id', '${ITEM}');
document.querySelector('#app').append(chart);
const { rows } = await nova.sql('SELECT count(*) AS n FROM dim_item');
window.__sql = rows[0].n;
`);
    const r = await esbuild({
      absWorkingDir: join(app, 'esbuild'),
      entryPoints: ['main.js'],
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      target: 'es2022',
      platform: 'browser',
      conditions: ['browser', 'production'],
      loader: { '.wasm': 'file', '.worker.js': 'file' },
      publicPath: '/esbuild/',
      outdir: 'dist',
      logLevel: 'silent',
    });
    assert.deepEqual([...r.errors, ...r.warnings].map((m) => m.text), [], 'esbuild errors and warnings');
    cpSync(join(app, 'esbuild/index.html'), join(app, 'esbuild/dist/index.html'));
    await openAndCheck('/esbuild/', { sql: true });
  });

  it('(c) React 19 host: JSX with attributes, a property and an on<event> handler; the chart draws', async () => {
    write('react/main.tsx', `
import { createRoot } from 'react-dom/client';
import { useState } from 'react';
import '@nova-corrente/components/forecast-chart';
import type {} from '@nova-corrente/components/react';
import type { LoadDetail } from '@nova-corrente/components';

function App() {
  const [status, setStatus] = useState<LoadDetail['status'] | 'waiting'>('waiting');
  return (
    <main>
      <nova-forecast-chart src="/gold/" item-id="${ITEM}" height={240} locale="en"
        onnova-load={(e) => setStatus(e.detail.status)} />
      <output id="status">{status}</output>
    </main>
  );
}
createRoot(document.getElementById('root')!).render(<App />);
`);
    write('react/index.html', '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>react</title></head><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>\n');
    const r = await esbuild({
      absWorkingDir: join(app, 'react'),
      entryPoints: ['main.tsx'],
      bundle: true,
      splitting: true,
      format: 'esm',
      jsx: 'automatic',
      minify: true,
      target: 'es2022',
      platform: 'browser',
      conditions: ['browser', 'production'],
      define: { 'process.env.NODE_ENV': '"production"' },
      outdir: 'dist',
      logLevel: 'silent',
    });
    assert.deepEqual([...r.errors, ...r.warnings].map((m) => m.text), [], 'esbuild errors and warnings');
    cpSync(join(app, 'react/index.html'), join(app, 'react/dist/index.html'));
    await openAndCheck('/react/', { sql: false });
    // React 19 wired the on<event> prop as a listener: the host saw nova-load's typed detail.
    const p2 = await browser.newPage();
    await p2.goto(`${server.url}/react/`);
    await p2.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 60_000 });
    await p2.close();
  });

  it('(d) plain HTML, no bundler: the self-contained build copied from the package, chart + sql()', async () => {
    // The docs' copy commands, word for word, in the app's folder (which has no public/ yet).
    for (const doc of ['docs/getting-started.md', 'docs/bundlers.md', 'packages/components/README.md']) {
      const lines = readFileSync(join(root, doc), 'utf8').split('\n').filter((l) => /^(mkdir|cp -r|node node_modules\/@nova-corrente\/core\/scripts\/copy-duckdb)/.test(l)).map((l) => l.replace(/\s+#.*$/, ''));
      assert.ok(lines.some((l) => l.includes('cp -r node_modules/@nova-corrente/components/cdn public/nova')), `${doc}: the copy command`);
      rmSync(join(app, 'public'), { recursive: true, force: true });
      for (const l of lines) {
        const r = spawnSync('sh', ['-c', l], { cwd: app, encoding: 'utf8' });
        assert.equal(r.status, 0, `${doc}: "${l}" fails in a fresh app:\n${r.stdout}${r.stderr}`);
      }
      assert.ok(existsSync(join(app, 'public/nova/nova-components.js')), `${doc}: public/nova/nova-components.js`);
    }
    rmSync(join(app, 'public'), { recursive: true, force: true });
    cpSync(join(app, 'node_modules/@nova-corrente/components/cdn'), join(app, 'plain/nova'), { recursive: true });
    // The documented step for sql(): DuckDB-WASM's two files in duckdb/ beside the build.
    const c = nodeIn(app, ['node_modules/@nova-corrente/core/scripts/copy-duckdb.mjs', 'plain/nova/duckdb']);
    assert.equal(c.code, 0, c.err);
    write('plain/index.html', `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>portal</title>
<script type="module" src="/plain/nova/nova-components.js"></script></head>
<body>
  <nova-forecast-chart src="/gold/" item-id="${ITEM}" locale="en"></nova-forecast-chart>
  <script type="module" src="/plain/app.js"></script>
</body></html>
`);
    // A script file, not an inline one: the page runs under the server's strict CSP (no inline script).
    write('plain/app.js', `import { createClient } from '/plain/nova/nova-components.js';
const nova = await createClient({ url: '/gold/' });
const { rows } = await nova.sql('SELECT count(*) AS n FROM dim_item');
window.__sql = rows[0].n;
`);
    await openAndCheck('/plain/', { sql: true });
  });

  it('(f) the docs\' code samples type-check against the installed packages, and the Node ones run', (t) => {
    const docs = ['README.md', 'docs/getting-started.md', 'docs/bundlers.md', 'packages/core/README.md', 'packages/components/README.md', 'packages/etl-node/README.md'];
    const samples = extractSamples(root, docs) as { doc: string; line: number; lang: string; code: string }[];
    assert.ok(samples.length >= 10, `${samples.length} samples`);
    write('samples/assets.d.ts', "declare module '*?url' { const url: string; export default url; }\ndeclare module '*.wasm' { const url: string; export default url; }\ndeclare module '*.worker.js' { const url: string; export default url; }\n");
    const files = samples.map((s) => {
      const f = sampleFile(s);
      write(`samples/${f}`, `${s.code}\nexport {};\n`);
      return f;
    });
    write('samples/tsconfig.json', JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, allowJs: true, checkJs: true, jsx: 'react-jsx', target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: ['node'], skipLibCheck: true },
      files: ['assets.d.ts', ...files],
    }));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'samples/tsconfig.json')], { cwd: join(app, 'samples'), encoding: 'utf8' });
    assert.equal(tsc.status, 0, `doc samples do not type-check:\n${tsc.stdout}${tsc.stderr}`);
    // Run the Node samples where they expect to be: ./gold (and ./raw for the ETL) beside them.
    const node = samples.filter(runsInNode);
    assert.ok(node.length >= 2, 'the core/node and etl-node samples');
    for (const s of node) {
      const dir = join(app, 'samples-run', sampleFile(s).replace(/\.\w+$/, ''));
      mkdirSync(dir, { recursive: true });
      if (s.code.includes("'raw'")) cpSync(join(gold, '../raw'), join(dir, 'raw'), { recursive: true });
      else cpSync(gold, join(dir, 'gold'), { recursive: true });
      writeFileSync(join(dir, 'sample.mjs'), s.code);
      const r = nodeIn(dir, ['sample.mjs']);
      assert.equal(r.code, 0, `${s.doc}:${s.line} fails when run:\n${r.err}`);
    }
    t.diagnostic(`${samples.length} doc samples type-checked, ${node.length} run in Node`);
  });

  it('(e) tsc --noEmit, strict: public types, tag maps, typed events and JSX check; misuse is refused', () => {
    write('types/consumer.tsx', `
import type {} from '@nova-corrente/components/react';
import { NovaForecastChart, type PointFocusDetail, type ItemSelectDetail, type LoadDetail } from '@nova-corrente/components';
import { createClient, NovaError, type NovaClient, type TimeseriesResult, type DuckdbBundle, type ItemsResult, type Item } from '@nova-corrente/core';
import { createClient as nodeClient } from '@nova-corrente/core/node';
import '@nova-corrente/components/forecast-chart';

export async function sdk(bundle: DuckdbBundle): Promise<number> {
  const nova: NovaClient = await createClient({ url: '/gold/', duckdbBundle: bundle });
  const page: ItemsResult<Item> = await nova.items({ limit: 20 });
  const ts: TimeseriesResult = await nova.timeseries({ itemId: page.items[0].item_id, start: '2026-01-01', end: '2026-01-31' });
  // @ts-expect-error items() returns { items, total }, not an array
  page.map((i: Item) => i.name);
  // @ts-expect-error duckdbBundle needs mainWorker too
  await createClient({ url: '/gold/', duckdbBundle: { mainModule: '/x.wasm' } });
  const local = await nodeClient({ url: './gold' });
  const { rows } = await local.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item');
  try { await nova.risk({ kind: 'stockout' }); } catch (e) { if (e instanceof NovaError) return e.code.length; }
  return ts.points.length + rows[0].n;
}

export function dom(): void {
  const chart: NovaForecastChart = document.querySelector('nova-forecast-chart')!;
  chart.itemId = 'MAT-000001';
  chart.addEventListener('nova-point-focus', (e) => {
    const d: PointFocusDetail = e.detail;
    console.log(d.date, d.forecast.toFixed(2), d.actual ?? 'future');
  });
  chart.addEventListener('nova-load', (e) => console.log(e.detail.status satisfies LoadDetail['status']));
  document.body.addEventListener('nova-item-select', (e) => console.log((e.detail satisfies ItemSelectDetail).itemId));
  const made = document.createElement('nova-risk-table');
  made.kind = 'stockout';
  // @ts-expect-error the detail of nova-point-focus has no itemName
  chart.addEventListener('nova-point-focus', (e) => e.detail.itemName);
  // @ts-expect-error height is a number
  chart.height = 'tall';
}

export function Jsx() {
  return (
    <section>
      <nova-provider src="/gold/" onnova-client-ready={(e) => console.log(e.detail.manifest.snapshot_id)}>
        <nova-forecast-chart item-id="MAT-000001" start="2026-01-01" end="2026-03-31" height={240}
          onnova-point-focus={(e) => console.log(e.detail.forecast_hi)} />
        <nova-risk-table kind="stockout" limit={10} onnova-item-select={(e) => console.log(e.detail.siteId)} />
      </nova-provider>
      {/* @ts-expect-error unknown attribute */}
      <nova-forecast-chart itemid="MAT-000001" />
      {/* @ts-expect-error height is a number */}
      <nova-forecast-chart height="tall" />
    </section>
  );
}
`);
    write(
      'types/tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, jsx: 'react-jsx', target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'], skipLibCheck: false, types: [], noUncheckedIndexedAccess: false,
        },
        files: ['consumer.tsx'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'types/tsconfig.json')], { cwd: join(app, 'types'), encoding: 'utf8' });
    assert.equal(tsc.status, 0, `tsc:\n${tsc.stdout}${tsc.stderr}`);
  });
});
