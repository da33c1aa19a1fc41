// Private gold without a backend of ours (docs/security.md, "Private gold"), with real servers:
// pattern 1, Debian's nginx with deploy/nginx/nova.conf requiring a bearer token on /gold/ (401
// without it, 206 with it), read by the Node SDK and by the self-contained bundle in Chromium through
// `headers`; pattern 2, presigned URLs from deploy/signer/presign.mjs through `signUrl`, against s3rver
// behind a SigV4 gate (a private bucket: unsigned, tampered and expired reads refused). A refusal is
// NovaError('unauthorized') naming the URL, never the token or the signature.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { createClient, NovaError } from '../packages/core/src/node/index.js';
// @ts-expect-error -- plain ESM script without types
import { startNginx, repoVars } from '../scripts/test-helpers/nginx.mjs';
// @ts-expect-error -- plain ESM script without types
import { startPrivateS3 } from '../scripts/test-helpers/private-s3.mjs';
// @ts-expect-error -- plain ESM script without types
import { presignGet, goldSigner } from '../deploy/signer/presign.mjs';
// @ts-expect-error -- plain ESM script without types
import { buildBundleIfNeeded } from '../scripts/start.mjs';
// @ts-expect-error -- plain ESM script without types
import { TEST_SECRETS } from '../scripts/test-helpers/test-secrets.mjs';
// @ts-expect-error -- plain ESM script without types
import { createStaticHandler, DEFAULT_CSP } from '../scripts/static-server.mjs';
// @ts-expect-error -- plain ESM script without types
import { CDN_DIR } from '../scripts/build-cdn.mjs';
import { firstFileWithRows, rawRequest } from '../scripts/test-helpers/raw-http.mjs';

const root = join(import.meta.dirname, '..');
const goldDir = process.env.NOVA_TEST_GOLD ?? join(root, '.nova/test-demo/gold');
// Test secrets: test/no-secrets.test.ts checks that no build output or packed tarball holds them.
const { token: TOKEN, accessKeyId: KEY_ID, secretAccessKey: SECRET } = TEST_SECRETS as Record<string, string>;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Nginx = { url: string; close(): Promise<void> };
type S3 = { goldUrl: string; close(): Promise<void> };
let nginx: Nginx;
let s3: S3;
let work: string;
let browser: Browser | undefined;
let manifest: { tables: Record<string, { path: string; index?: { path: string }; files: { path: string; bytes: number }[] }> };
let oracle: { sites: string[]; item: string; items: number };

const raw = (url: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(url, { method, headers });

async function rejectsUnauthorized(p: Promise<unknown>, url: string, secrets: string[]) {
  const err = await p.then(() => assert.fail('expected a refusal'), (e: unknown) => e);
  assert.ok(err instanceof NovaError, `a NovaError, got ${String(err)}`);
  assert.equal(err.code, 'unauthorized', err.message);
  assert.ok(err.message.includes(url), `names ${url}: ${err.message}`);
  for (const s of secrets) assert.ok(!err.message.includes(s), `no secret in the message: ${err.message}`);
  return err;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nova-private-gold-'));
  manifest = JSON.parse(readFileSync(join(goldDir, 'manifest.json'), 'utf8'));
  // Oracle: DuckDB over the gold's Parquet files on disk, not the SDK.
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
  const file = (t: string) => `'${join(goldDir, manifest.tables[t].files[0].path)}'`;
  const sites = (await q(`SELECT site_id FROM read_parquet(${file('dim_site')}) ORDER BY site_id`)).map((r) => String(r.site_id));
  const items = await q(`SELECT item_id FROM read_parquet(${file('dim_item')}) ORDER BY item_id`);
  conn.closeSync();
  oracle = { sites, item: String(items[0].item_id), items: items.length };
  nginx = await startNginx({ vars: repoVars({ goldDir, goldAuth: `Bearer ${TOKEN}` }) });
  s3 = await startPrivateS3({ goldDir, tmp: work, accessKeyId: KEY_ID, secretAccessKey: SECRET });
});
after(async () => {
  await browser?.close();
  await nginx?.close();
  await s3?.close();
  rmSync(work, { recursive: true, force: true });
});

// ---- Pattern 1: nginx requiring a bearer token -------------------------------------------------

test('nginx bearer token: 401 without it or with a wrong one (never cached), 206 with it for a Range', async () => {
  // 1.2: a split table's files are listed in its file index (docs/contract.md); take one holding rows.
  const f = firstFileWithRows(goldDir, manifest.tables.fact_forecast as { index: { path: string } });
  const url = `${nginx.url}/gold/${f.path}`;
  for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: `Bearer ${TOKEN}x` }, { Authorization: TOKEN }]) {
    const r = await raw(url, { ...headers, Range: 'bytes=0-3' });
    assert.equal(r.status, 401, JSON.stringify(headers));
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="nova-gold"');
    assert.equal(r.headers['cache-control'], 'no-store', 'a refusal is not cached');
    assert.ok(!r.body.includes(Buffer.from('PAR1')), 'no gold bytes');
  }
  assert.equal((await raw(`${nginx.url}/gold/manifest.json`)).status, 401);
  const ok = await raw(url, { Authorization: `Bearer ${TOKEN}`, Range: `bytes=${f.bytes - 4}-${f.bytes - 1}` });
  assert.equal(ok.status, 206);
  assert.equal(ok.headers['content-range'], `bytes ${f.bytes - 4}-${f.bytes - 1}/${f.bytes}`);
  assert.equal(ok.body.toString(), 'PAR1');
  assert.deepEqual(ok.body, readFileSync(join(goldDir, f.path)).subarray(f.bytes - 4));
  assert.equal(ok.headers['cache-control'], 'private, max-age=31536000, immutable', 'private snapshots: browser cache only, never a shared proxy');
  // Pages and the bundle stay public; a preflight needs no token.
  assert.equal((await raw(`${nginx.url}/`)).status, 200);
  assert.equal((await raw(`${nginx.url}/dist/nova-components.js`, {}, 'HEAD')).status, 200);
  assert.equal((await raw(`${nginx.url}/gold/manifest.json`, { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': 'GET' }, 'OPTIONS')).status, 204);
});

test('Node SDK through the bearer-token nginx: headers read the gold; without them, NovaError unauthorized naming the URL', async () => {
  const url = `${nginx.url}/gold/`;
  const nova = await createClient({ url, headers: { Authorization: `Bearer ${TOKEN}` } });
  try {
    assert.deepEqual((await nova.sites()).map((s) => s.site_id).sort(), oracle.sites);
    const n = await nova.sql('SELECT count(*) AS n FROM dim_item');
    assert.equal(Number(n.rows[0].n), oracle.items);
  } finally {
    await nova.close();
  }
  await rejectsUnauthorized(createClient({ url }), `${url}manifest.json`, []);
  const wrong = await rejectsUnauthorized(createClient({ url, headers: { Authorization: 'Bearer expired-token' } }), `${url}manifest.json`, ['expired-token']);
  assert.match(wrong.message, /HTTP 401/);
});

test('Node SDK: a token that expires after the manifest was read fails the next read as unauthorized, naming the snapshot file', async () => {
  let token = TOKEN;
  // How an app with short-lived tokens plugs in: a fetch that adds the current one.
  const authed: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: `Bearer ${token}` } });
  const nova = await createClient({ url: `${nginx.url}/gold/`, fetch: authed });
  try {
    token = 'stale-9d1';
    const file = manifest.tables.dim_site.files[0].path;
    await rejectsUnauthorized(nova.sites(), `${nginx.url}/gold/${file}`, ['stale-9d1']);
    token = TOKEN;
    assert.deepEqual((await nova.sites()).map((s) => s.site_id).sort(), oracle.sites, 'a refusal is not cached: the renewed token reads');
  } finally {
    await nova.close();
  }
});

test('nova-etl doctor on the private gold: [unauthorized] with its fix without NOVA_GOLD_AUTH, healthy with it; the token never printed', async () => {
  const cli = join(root, 'packages/etl-node/bin/nova-etl.js');
  const run = (env: Record<string, string>) => new Promise<{ code: number | null; out: string }>((ok) => {
    const child = spawn(process.execPath, [cli, 'doctor', `${nginx.url}/gold/`], { env: { ...process.env, NOVA_GOLD_AUTH: '', ...env } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => ok({ code, out }));
  });
  const anon = await run({});
  assert.equal(anon.code, 1, anon.out);
  assert.match(anon.out, new RegExp(`✗ \\[unauthorized\\] ${nginx.url}/gold/manifest\\.json answered 401`));
  assert.match(anon.out, /NOVA_GOLD_AUTH/, 'the fix names the setting');
  const wrong = await run({ NOVA_GOLD_AUTH: 'Bearer not-it-3b7' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.out, /\[unauthorized\]/);
  assert.ok(!wrong.out.includes('not-it-3b7'), 'the token is not printed');
  const ok = await run({ NOVA_GOLD_AUTH: `Bearer ${TOKEN}` });
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /^ok /);
  assert.ok(!ok.out.includes(TOKEN), 'the token is not printed');
});

test('Chromium, self-contained bundle through the bearer-token nginx: the chart draws and sql() answers with the token; without it the page gets unauthorized', async () => {
  buildBundleIfNeeded();
  // A host page of the company's: its login hands the token to the page (here an init script).
  const site = join(work, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./app.js"></script></head>
<body><nova-provider id="p"><nova-forecast-chart id="chart" item-id="${oracle.item}"></nova-forecast-chart></nova-provider></body></html>`);
  writeFileSync(join(site, 'app.js'), `import { createClient } from '/dist/nova-components.js';
const token = window.companyLogin?.token;
window.result = createClient({ url: new URL('/gold/', location.href).href, headers: token ? { Authorization: 'Bearer ' + token } : {} })
  .then(async (client) => {
    document.getElementById('p').client = client;
    const r = await client.sql('SELECT count(*) AS n FROM dim_item');
    return { n: Number(r.rows[0].n) };
  }, (e) => ({ code: e.code, message: e.message }));
`);
  const local = await startNginx({ vars: { ...repoVars({ goldDir, goldAuth: `Bearer ${TOKEN}` }), NOVA_SITE_DIR: site } });
  browser ??= await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript((t) => { (window as unknown as { companyLogin: { token: string } }).companyLogin = { token: t }; }, TOKEN);
    await page.goto(`${local.url}/`);
    const res = await page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result);
    assert.deepEqual(res, { n: oracle.items }, 'sql() over the private gold');
    await page.waitForFunction(() => ['ready', 'error'].includes((document.getElementById('chart') as unknown as { loadStatus: string }).loadStatus), undefined, { timeout: 90_000 });
    assert.equal(await page.evaluate(() => (document.getElementById('chart') as unknown as { loadStatus: string }).loadStatus), 'ready');
    const drawn = await page.evaluate(() => [...(document.getElementById('chart')?.shadowRoot?.querySelectorAll('svg path') ?? [])].filter((p) => (p.getAttribute('d') ?? '').length > 20).length);
    assert.ok(drawn > 0, `the forecast chart drew ${drawn} paths`);
    assert.deepEqual(errors, []);
    await page.close();

    const anon = await browser.newPage();
    await anon.goto(`${local.url}/`);
    const refused = (await anon.evaluate(() => (window as unknown as { result: Promise<unknown> }).result)) as { code: string; message: string };
    assert.equal(refused.code, 'unauthorized');
    assert.ok(refused.message.includes(`${local.url}/gold/manifest.json`), refused.message);
    await anon.close();
  } finally {
    await local.close();
  }
});

// ---- Pattern 2: presigned URLs through signUrl ---------------------------------------------------

test('presignGet reproduces the AWS documentation example (GET /test.txt, 2013-05-24, 86400 s)', () => {
  // Oracle: "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", Amazon S3 API reference.
  const url = presignGet({
    url: 'https://examplebucket.s3.amazonaws.com/test.txt', region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', expiresIn: 86400, now: new Date('2013-05-24T00:00:00Z'),
  });
  assert.equal(url, 'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  assert.throws(() => presignGet({ url: 'http://h/b/k', region: 'r', accessKeyId: 'a', secretAccessKey: 's', expiresIn: 604801 }), /604800/);
});

test('goldSigner signs the manifest and snapshot files only (the path comes from the browser)', () => {
  const sign = goldSigner({ goldUrl: s3.goldUrl, region: 'us-east-1', accessKeyId: KEY_ID, secretAccessKey: SECRET });
  assert.ok(sign('manifest.json').startsWith(`${s3.goldUrl}manifest.json?X-Amz-Algorithm=`));
  assert.ok(sign('snapshots/s1/fact_forecast/part-000.parquet').startsWith(`${s3.goldUrl}snapshots/s1/fact_forecast/part-000.parquet?`));
  for (const bad of ['../other/manifest.json', '/etc/passwd', 'snapshots/../../x', 'snapshots/a/../../b', 'snapshots/x', 'http://evil/x', 'manifest.json?x=1', '', 'snapshots/.hidden/x', 'snapshots/a/b%2f..', 'manifest.json/../x']) {
    assert.throws(() => sign(bad), /not a gold path/, bad);
  }
});

test('private bucket: signUrl reads the gold through presigned URLs; unsigned, tampered and expired reads are refused as unauthorized without the signature in the message', async () => {
  const sign = goldSigner({ goldUrl: s3.goldUrl, region: 'us-east-1', accessKeyId: KEY_ID, secretAccessKey: SECRET, expiresIn: 300 });
  const signed: string[] = [];
  const nova = await createClient({ url: s3.goldUrl, signUrl: (path) => { const u = sign(path); signed.push(u); return u; } });
  try {
    assert.deepEqual((await nova.sites()).map((s) => s.site_id).sort(), oracle.sites);
    assert.equal(Number((await nova.sql('SELECT count(*) AS n FROM dim_item')).rows[0].n), oracle.items);
  } finally {
    await nova.close();
  }
  assert.ok(signed.some((u) => u.includes('/snapshots/')), 'snapshot files were read through signed URLs');
  // The raw protocol: a signed Range read answers 206; the same path unsigned answers 403.
  const f = manifest.tables.dim_item.files[0];
  const ok = await raw(sign(f.path), { Range: 'bytes=0-3' });
  assert.equal(ok.status, 206);
  assert.equal(ok.body.toString(), 'PAR1');
  const anon = await raw(`${s3.goldUrl}${f.path}`, { Range: 'bytes=0-3' });
  assert.equal(anon.status, 403);
  assert.match(anon.body.toString(), /AccessDenied/);
  // Through the SDK: unsigned, a signature from another secret, an expired URL.
  const sigOf = (u: string) => new URL(u).searchParams.get('X-Amz-Signature') as string;
  await rejectsUnauthorized(createClient({ url: s3.goldUrl }), `${s3.goldUrl}manifest.json`, []);
  const forged = goldSigner({ goldUrl: s3.goldUrl, region: 'us-east-1', accessKeyId: KEY_ID, secretAccessKey: 'guessed' });
  const forgedSigs: string[] = [];
  await rejectsUnauthorized(createClient({ url: s3.goldUrl, signUrl: (p) => { const u = forged(p); forgedSigs.push(sigOf(u)); return u; } }), `${s3.goldUrl}manifest.json`, forgedSigs);
  const old = new Date(Date.now() - 3600_000);
  const expiredSigs: string[] = [];
  const e = await rejectsUnauthorized(createClient({ url: s3.goldUrl, signUrl: (p) => { const u = sign(p, old); expiredSigs.push(sigOf(u)); return u; } }), `${s3.goldUrl}manifest.json`, expiredSigs);
  assert.ok(!/X-Amz-/.test(e.message), `no query string in the message: ${e.message}`);
  assert.match(e.message, /HTTP 403/);
});

test('Chromium, pattern 2 as docs/security.md writes it: the page\'s signUrl asks the company\'s signing endpoint (session cookie), reads the private bucket cross-origin; without a session the signer\'s refusal is the error', async () => {
  buildBundleIfNeeded();
  const sign = goldSigner({ goldUrl: s3.goldUrl, region: 'us-east-1', accessKeyId: KEY_ID, secretAccessKey: SECRET, expiresIn: 300 });
  const site = join(work, 'site-signed');
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./app.js"></script></head><body></body></html>`);
  // The page's code, as in docs/security.md: one URL per file from /nova-sign, reused while valid.
  writeFileSync(join(site, 'app.js'), `import { createClient } from '/dist/nova-components.js';
const urls = new Map();
let asked = 0;
window.result = createClient({
  url: ${JSON.stringify(s3.goldUrl)},
  signUrl: async (path) => {
    const hit = urls.get(path);
    if (hit && hit.until > Date.now()) return hit.url;
    asked += 1;
    const res = await fetch('/nova-sign?path=' + encodeURIComponent(path), { credentials: 'same-origin' });
    if (!res.ok) throw new Error('signing ' + path + ': HTTP ' + res.status);
    const url = await res.text();
    urls.set(path, { url, until: Date.now() + 600000 });
    return url;
  },
}).then(async (client) => {
  const sites = (await client.sites()).map((s) => s.site_id).sort();
  const n = Number((await client.sql('SELECT count(*) AS n FROM dim_item')).rows[0].n);
  return { sites, n, asked };
}, (e) => ({ code: e.code, message: e.message }));
`);
  const duckdb = join(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'), '..');
  const gateOrigin = new URL(s3.goldUrl).origin;
  const files = createStaticHandler({
    mounts: [{ prefix: '/', dir: site }, { prefix: '/dist/', dir: CDN_DIR }, { prefix: '/dist/duckdb/', dir: duckdb }],
    csp: DEFAULT_CSP.replace("connect-src 'self'", `connect-src 'self' ${gateOrigin}`),
  });
  const SESSION = 'sess-5e1b';
  const portal = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://portal');
    if (u.pathname !== '/nova-sign') return files(req, res);
    // The company's own check (here a session cookie); then sign the one gold path asked for.
    if (!(req.headers.cookie ?? '').split(/;\s*/).includes(`session=${SESSION}`)) return void res.writeHead(401).end('log in first');
    try {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end(sign(u.searchParams.get('path') ?? ''));
    } catch {
      res.writeHead(400).end('not a gold path');
    }
  });
  await new Promise<void>((ok) => portal.listen(0, '127.0.0.1', ok));
  const portalUrl = `http://127.0.0.1:${(portal.address() as { port: number }).port}`;
  browser ??= await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    const ctx = await browser.newContext();
    await ctx.addCookies([{ name: 'session', value: SESSION, url: portalUrl }]);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${portalUrl}/`);
    const res = (await page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result)) as { sites: string[]; n: number; asked: number };
    assert.deepEqual(res.sites, oracle.sites, JSON.stringify(res));
    assert.equal(res.n, oracle.items);
    // Each path is signed once: the manifest and the snapshot files read (small tables: one file each).
    assert.ok(res.asked >= 3, `asked the signer ${res.asked} times`);
    assert.deepEqual(errors, []);
    await ctx.close();

    const anon = await browser.newPage();
    await anon.goto(`${portalUrl}/`);
    const refused = (await anon.evaluate(() => (window as unknown as { result: Promise<unknown> }).result)) as { code: string; message: string };
    // No session: the signing endpoint refuses, and the client's creation fails saying so.
    assert.ok(!('sites' in refused), 'nothing read without a session');
    assert.match(refused.message, /signing manifest\.json: HTTP 401/, JSON.stringify(refused));
    await anon.close();
  } finally {
    portal.closeAllConnections();
    await new Promise((ok) => portal.close(ok));
  }
});
