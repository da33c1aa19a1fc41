// deploy/nginx/nova.conf under Debian's real nginx on 127.0.0.1 (placeholders substituted): every
// production header checked with real requests — Range → 206, ETag → 304, Cache-Control per path,
// content types, gzip, CORS for one origin, the CSP and security headers of the reference static
// server (imported from it, not restated) — then headless Chromium loads the dashboard and the
// portal page through nginx: charts draw, sql() answers, no CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { readFileSync, statSync, symlinkSync, mkdtempSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error -- plain ESM script without types
import { startNginx, repoVars, placeholders } from '../scripts/test-helpers/nginx.mjs';
// @ts-expect-error -- plain ESM script without types
import { DEFAULT_CSP, SECURITY_HEADERS, startStaticServer } from '../scripts/static-server.mjs';
// @ts-expect-error -- plain ESM script without types
import { buildBundleIfNeeded } from '../scripts/start.mjs';
import { firstFileWithRows, rawRequest } from '../scripts/test-helpers/raw-http.mjs';
import { elementsLoaded, openRecordingViolations } from '../scripts/test-helpers/csp-page.mjs';

const root = join(import.meta.dirname, '..');
const testGold = process.env.NOVA_TEST_GOLD ?? join(root, '.nova/test-demo/gold');
const ORIGIN = 'http://portal.example.test';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Nginx = { url: string; close(): Promise<void>; log(): string };
let nginx: Nginx;
let goldDir: string;
let work: string;
let browser: Browser;
let manifest: { snapshot_id: string; tables: Record<string, { path: string; bytes: number; index?: { path: string }; files?: { path: string; bytes: number }[] }> };

const raw = rawRequest;

function firstFile(table: string) {
  const t = manifest.tables[table];
  if (t.files) return t.files[0];
  // nova-gold/1.2 split tables: the first file holding rows, from the table's file index.
  return firstFileWithRows(goldDir, t as { index: { path: string } });
}

before(async () => {
  buildBundleIfNeeded();
  // A copy of the test gold, so the hostile symlink below never touches the shared one.
  work = mkdtempSync(join(tmpdir(), 'nova-nginx-test-'));
  goldDir = join(work, 'gold');
  cpSync(testGold, goldDir, { recursive: true });
  writeFileSync(join(work, 'secret.txt'), 'outside the gold');
  symlinkSync(join(work, 'secret.txt'), join(goldDir, 'leak.txt'));
  manifest = JSON.parse(readFileSync(join(goldDir, 'manifest.json'), 'utf8'));
  nginx = await startNginx({ vars: repoVars({ goldDir, corsOrigin: ORIGIN }) });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
});
after(async () => {
  await browser?.close();
  await nginx?.close();
  rmSync(work, { recursive: true, force: true });
});

test('nova.conf names its placeholders in its header comment, and each one is used', () => {
  const text = readFileSync(join(root, 'deploy/nginx/nova.conf'), 'utf8');
  const names = placeholders(text);
  assert.deepEqual(names, ['NOVA_CORS_ORIGIN', 'NOVA_DIST_DIR', 'NOVA_DUCKDB_DIR', 'NOVA_GOLD_AUTH', 'NOVA_GOLD_DIR', 'NOVA_PORT', 'NOVA_PORTAL_DIR', 'NOVA_SITE_DIR']);
  for (const n of names) assert.match(text, new RegExp(`^#\\s+\\$\\{${n}\\}\\s+\\S`, 'm'), `${n} documented`);
});

test('every response carries the reference CSP and security headers, also 404s and 304s', async () => {
  const { size } = statSync(join(goldDir, 'manifest.json'));
  const first = await raw(`${nginx.url}/gold/manifest.json`);
  assert.ok(first.headers.etag, 'manifest has an ETag');
  const paths: [string, Record<string, string>, number][] = [
    ['/', {}, 200],
    ['/portal/', {}, 200],
    ['/dist/nova-components.js', {}, 200],
    ['/gold/manifest.json', {}, 200],
    ['/gold/manifest.json', { 'If-None-Match': String(first.headers.etag) }, 304],
    ['/gold/no-such-file.parquet', {}, 404],
  ];
  for (const [path, headers, status] of paths) {
    const r = await raw(`${nginx.url}${path}`, { headers });
    assert.equal(r.status, status, path);
    assert.equal(r.headers['content-security-policy'], DEFAULT_CSP, `${path} CSP`);
    for (const [k, v] of Object.entries(SECURITY_HEADERS as Record<string, string>)) assert.equal(r.headers[k.toLowerCase()], v, `${path} ${k}`);
  }
  assert.equal(first.body.length, size, 'manifest body is the file');
});

test('Range: a snapshot file answers 206 with the asked bytes and Content-Range over its real size', async () => {
  const f = firstFile('fact_forecast');
  const onDisk = readFileSync(join(goldDir, f.path));
  const r = await raw(`${nginx.url}/gold/${f.path}`, { headers: { Range: 'bytes=4-19', 'Accept-Encoding': 'gzip' } });
  assert.equal(r.status, 206);
  assert.equal(r.headers['content-range'], `bytes 4-19/${onDisk.length}`);
  assert.equal(r.headers['content-length'], '16');
  assert.equal(r.headers['content-encoding'], undefined, 'ranges are never gzipped');
  assert.deepEqual(r.body, onDisk.subarray(4, 20));
  assert.equal(onDisk.length, f.bytes, 'the manifest lists the size nginx serves');
  // The footer the readers fetch first: explicit end range.
  const tail = await raw(`${nginx.url}/gold/${f.path}`, { headers: { Range: `bytes=${onDisk.length - 4}-${onDisk.length - 1}` } });
  assert.equal(tail.status, 206);
  assert.equal(tail.body.toString(), 'PAR1');
  const beyond = await raw(`${nginx.url}/gold/${f.path}`, { headers: { Range: `bytes=${onDisk.length + 10}-` } });
  assert.equal(beyond.status, 416);
});

test('ETag: a conditional GET of the manifest answers 304; a changed manifest gets a new ETag', async () => {
  const a = await raw(`${nginx.url}/gold/manifest.json`);
  const again = await raw(`${nginx.url}/gold/manifest.json`, { headers: { 'If-None-Match': String(a.headers.etag) } });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  const path = join(goldDir, 'manifest.json');
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, `${text} `);
  try {
    const b = await raw(`${nginx.url}/gold/manifest.json`, { headers: { 'If-None-Match': String(a.headers.etag) } });
    assert.equal(b.status, 200, 'a new manifest is sent again');
    assert.notEqual(b.headers.etag, a.headers.etag);
  } finally {
    writeFileSync(path, text);
  }
});

test('Cache-Control per path matches the reference static server: no-cache for the manifest and pages, immutable for snapshots', async () => {
  const ref = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: goldDir }] });
  try {
    const snapshotFiles = Object.keys(manifest.tables).map((t) => firstFile(t).path);
    const quality = `snapshots/${manifest.snapshot_id}/quality.json`;
    for (const p of ['manifest.json', quality, ...snapshotFiles]) {
      const n = await raw(`${nginx.url}/gold/${p}`, { method: 'HEAD' });
      const s = await raw(`${ref.url}/gold/${p}`, { method: 'HEAD' });
      assert.equal(n.status, 200, p);
      assert.equal(n.headers['cache-control'], s.headers['cache-control'], `${p}: nginx and the static server agree`);
      assert.equal(n.headers['cache-control'], p.startsWith('snapshots/') ? 'public, max-age=31536000, immutable' : 'no-cache', p);
    }
    for (const p of ['/', '/portal/', '/dist/nova-components.js', '/dist/duckdb/duckdb-eh.wasm']) {
      assert.equal((await raw(`${nginx.url}${p}`, { method: 'HEAD' })).headers['cache-control'], 'no-cache', p);
    }
  } finally {
    await ref.close();
  }
});

test('content types and gzip: JS and WASM compressed (and decompress to the very file), JSON, HTML, Parquet', async () => {
  const cases: [string, string, RegExp, boolean][] = [
    ['/dist/nova-components.js', join(root, 'packages/components/cdn/nova-components.js'), /^(application|text)\/javascript\b/, true],
    ['/dist/duckdb/duckdb-eh.wasm', join(root, 'node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'), /^application\/wasm$/, true],
    ['/dist/duckdb/duckdb-browser-eh.worker.js', join(root, 'node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), /^(application|text)\/javascript\b/, true],
    ['/gold/manifest.json', join(goldDir, 'manifest.json'), /^application\/json$/, true],
    ['/', join(root, 'examples/static-host/index.html'), /^text\/html\b/, false],
    [`/gold/${firstFile('dim_item').path}`, join(goldDir, firstFile('dim_item').path), /^application\/octet-stream$/, false],
  ];
  for (const [path, file, type, gz] of cases) {
    const onDisk = readFileSync(file);
    const r = await raw(`${nginx.url}${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(r.status, 200, path);
    assert.match(String(r.headers['content-type']), type, path);
    if (gz) {
      assert.equal(r.headers['content-encoding'], 'gzip', `${path} gzipped`);
      assert.ok(r.body.length < onDisk.length, `${path} smaller on the wire`);
      assert.deepEqual(gunzipSync(r.body), onDisk, `${path} decompresses to the file`);
    } else if (path.startsWith('/gold/snapshots/')) {
      assert.equal(r.headers['content-encoding'], undefined, 'Parquet is not gzipped (already compressed, and read by Range)');
      assert.deepEqual(r.body, onDisk);
    }
    const plain = await raw(`${nginx.url}${path}`);
    assert.equal(plain.headers['content-encoding'], undefined, `${path}: no gzip unless asked`);
    assert.deepEqual(plain.body, onDisk);
  }
});

test('CORS on the gold: only the configured origin, exact match, with the headers a Range reader needs', async () => {
  const ok = await raw(`${nginx.url}/gold/manifest.json`, { headers: { Origin: ORIGIN } });
  assert.equal(ok.headers['access-control-allow-origin'], ORIGIN);
  const exposed = String(ok.headers['access-control-expose-headers']).split(/,\s*/);
  for (const h of ['Content-Range', 'Content-Length', 'ETag']) assert.ok(exposed.includes(h), `exposes ${h}`);
  const pre = await raw(`${nginx.url}/gold/manifest.json`, { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' } });
  assert.equal(pre.status, 204);
  assert.match(String(pre.headers['access-control-allow-headers']), /\bRange\b/);
  for (const other of ['http://evil.example.test', `${ORIGIN}.evil.test`, 'http://portalXexample.test']) {
    const r = await raw(`${nginx.url}/gold/manifest.json`, { headers: { Origin: other } });
    assert.equal(r.headers['access-control-allow-origin'], undefined, `${other} refused`);
  }
  const page = await raw(`${nginx.url}/dist/nova-components.js`, { headers: { Origin: ORIGIN } });
  assert.equal(page.headers['access-control-allow-origin'], undefined, 'no CORS outside /gold/');
});

test('read-only and contained: other methods refused, no path out of a folder, no symlink out of the gold, no listing', async () => {
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const r = await raw(`${nginx.url}/gold/manifest.json`, { method });
    assert.equal(r.status, 405, method);
  }
  for (const p of ['/gold/../../../../etc/passwd', '/gold/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/dist/..%2f..%2f..%2fpackage.json']) {
    const r = await raw(`${nginx.url}${p}`);
    assert.ok(r.status === 400 || r.status === 404, `${p} → ${r.status}`);
    assert.ok(!r.body.toString().includes('root:'), p);
  }
  const leak = await raw(`${nginx.url}/gold/leak.txt`);
  assert.equal(leak.status, 403, 'no symlink is followed inside a served folder');
  assert.ok(!leak.body.toString().includes('outside the gold'));
  const listing = await raw(`${nginx.url}/gold/snapshots/`);
  assert.equal(listing.status, 403, 'no directory listing');
});

/** Opens a page through nginx recording every CSP violation, checking the reference policy is sent. */
async function open(path: string): Promise<{ page: Page; violations: string[]; errors: string[] }> {
  const { page, response, violations, errors } = await openRecordingViolations(browser, `${nginx.url}${path}`);
  assert.equal(response?.headers()['content-security-policy'], DEFAULT_CSP, `${path} is served with the CSP`);
  return { page, violations, errors };
}

/** Waits for the elements to settle (an error state too: the test then says which is not ready). */
const loaded = (page: Page, host: string, tags: string[]) =>
  elementsLoaded(page, host, tags, { statuses: ['ready', 'error', 'invalid'], timeout: 90_000 });

test('Chromium through nginx: the dashboard draws its charts, sql() answers, no CSP violation', async () => {
  const { page, violations, errors } = await open('/?lang=en');
  const tags = ['nova-kpis', 'nova-risk-table', 'nova-forecast-chart', 'nova-inventory-chart'];
  await loaded(page, 'nova-dashboard', tags);
  for (const t of tags) {
    const s = await page.evaluate((t) => (document.querySelector('nova-dashboard')?.shadowRoot?.querySelector(t) as unknown as { loadStatus: string }).loadStatus, t);
    assert.equal(s, 'ready', t);
  }
  // Charts drew: the forecast chart's SVG holds path data.
  const drawn = await page.evaluate(() => {
    const chart = document.querySelector('nova-dashboard')?.shadowRoot?.querySelector('nova-forecast-chart');
    return [...(chart?.shadowRoot?.querySelectorAll('svg path') ?? [])].filter((p) => (p.getAttribute('d') ?? '').length > 20).length;
  });
  assert.ok(drawn > 0, `forecast chart paths drawn: ${drawn}`);
  const n = await page.evaluate(async () => {
    type Client = { sql(q: string): Promise<{ rows: { n: number }[] }> };
    const dash = document.querySelector('nova-dashboard') as unknown as { provider: { value: Promise<Client> } };
    const c = await dash.provider.value;
    return Number((await c.sql('SELECT count(*) AS n FROM dim_item')).rows[0].n);
  });
  // Oracle: the gold's own manifest row count for dim_item (written by the ETL, read here from disk).
  const m = JSON.parse(readFileSync(join(goldDir, 'manifest.json'), 'utf8'));
  assert.equal(n, m.tables.dim_item.rows, 'sql() counts the items the gold holds');
  await page.waitForTimeout(500);
  assert.deepEqual(violations, [], 'no CSP violation');
  assert.deepEqual(errors, [], 'no console error');
  await page.close();
});

test('Chromium through nginx: the intranet-portal page renders its chart with no CSP violation', async () => {
  const { page, violations } = await open('/portal/');
  await loaded(page, '', ['nova-forecast-chart']);
  assert.equal(await page.evaluate(() => (document.querySelector('nova-forecast-chart') as unknown as { loadStatus: string }).loadStatus), 'ready');
  await page.waitForTimeout(300);
  assert.deepEqual(violations, [], 'no CSP violation');
  await page.close();
});
