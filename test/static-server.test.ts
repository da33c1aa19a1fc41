// scripts/static-server.mjs under hostile requests: methods, malformed and double-encoded paths,
// symlinks out of a mount, security headers; it keeps serving after each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- plain ESM script without types
import { startStaticServer } from '../scripts/static-server.mjs';

let dir = '';
let outside = '';
let srv: { port: number; close(): Promise<void> };

function get(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, path, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends raw bytes (request lines Node's client would refuse to build) and returns the status line. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(srv.port, '127.0.0.1', () => s.end(text));
    let out = '';
    s.on('data', (d) => (out += d));
    s.on('close', () => resolve(out.split('\r\n')[0]));
    s.on('error', reject);
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nova-static-'));
  outside = mkdtempSync(join(tmpdir(), 'nova-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET');
  mkdirSync(join(dir, 'site', 'sub'), { recursive: true });
  mkdirSync(join(dir, 'site', 'evil.com'));
  writeFileSync(join(dir, 'site', 'a.txt'), 'hello');
  writeFileSync(join(dir, 'site', '%41.txt'), 'percent file');
  writeFileSync(join(dir, 'site', 'sub', 'b.txt'), 'inner');
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'site', 'leak.txt'));
  symlinkSync(outside, join(dir, 'site', 'outdir'));
  symlinkSync(join(dir, 'site', 'a.txt'), join(dir, 'site', 'inner-link.txt'));
  srv = await startStaticServer({ mounts: [{ prefix: '/', dir: join(dir, 'site') }] });
});
after(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

test('static server: GET and HEAD serve files with the security headers', async () => {
  const r = await get('/a.txt');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'hello');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['referrer-policy'], 'no-referrer');
  assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
  const csp = String(r.headers['content-security-policy']);
  for (const d of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self' blob:", "object-src 'none'", "frame-ancestors 'self'"]) assert.ok(csp.includes(d), `CSP has ${d}: ${csp}`);
  assert.ok(!/script-src[^;]*unsafe-inline/.test(csp), 'no inline script');
  const h = await get('/a.txt', 'HEAD');
  assert.equal(h.status, 200);
  assert.equal(h.body, '');
  assert.equal((await get('/missing.txt')).headers['x-content-type-options'], 'nosniff', 'headers on errors too');
});

test('static server: every other method is 405 with Allow: GET, HEAD', async () => {
  for (const m of ['POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND', 'TRACE', 'OPTIONS', 'MKCOL']) {
    const r = await get('/a.txt', m);
    assert.equal(r.status, 405, m);
    assert.equal(r.headers.allow, 'GET, HEAD', `${m} Allow`);
  }
  assert.equal((await get('/a.txt')).body, 'hello', 'file untouched');
});

test('static server: malformed URLs are 400 and the server keeps serving', async () => {
  for (const p of ['/%', '/%E0%A4%A', '/a%2', '/%ZZ', '/a.txt%00.html']) {
    assert.equal((await get(p)).status, 400, p);
    assert.equal((await get('/a.txt')).status, 200, `still serving after ${p}`);
  }
  assert.match(await raw('GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n'), / 400 /, 'garbage request line');
  assert.match(await raw('GET http://x HTTP/1.1\r\nHost: x\r\n\r\n'), / 400 /, 'absolute-form target');
  assert.equal((await get('/a.txt')).status, 200, 'still serving');
});

test('static server: paths are decoded exactly once', async () => {
  assert.equal((await get('/%2541.txt')).body, 'percent file', '%25 decodes to a literal % once');
  assert.equal((await get('/%41.txt')).status, 404, '"%41" decodes to "A", no such file');
  for (const p of ['/%252e%252e/%252e%252e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/sub/..%252f..%252fa.txt']) {
    const r = await get(p);
    assert.ok([400, 403, 404].includes(r.status), `${p}: ${r.status}`);
    assert.ok(!r.body.includes('root:'), `${p} leaks nothing`);
  }
});

test('static server: no symlink leads out of a mount; links inside still work', async () => {
  for (const p of ['/leak.txt', '/outdir/secret.txt', '/outdir/']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.ok(!r.body.includes('TOP SECRET'), `${p} leaks nothing`);
  }
  assert.equal((await get('/inner-link.txt')).body, 'hello', 'a link inside the mount');
  assert.equal((await get('/sub/b.txt')).body, 'inner');
});

test('static server: directory redirects stay on this origin', async () => {
  const r = await get('//evil.com');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/evil.com/', 'not //evil.com/');
});
