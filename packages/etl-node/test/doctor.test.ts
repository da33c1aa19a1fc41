// `nova-etl doctor` through the real CLI in a child process, against three real servers — the
// project's static server, Debian's nginx with deploy/nginx/nova.conf, and s3rver (gold published
// by `nova-etl publish`) — each set up right (exit 0) and then broken one way at a time (exit 1 with
// the problem's line), plus Python's http.server, which ignores Range.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3rver } from '../../../scripts/test-helpers/s3rver.mjs';
// @ts-expect-error -- plain ESM script without types
import { startStaticServer } from '../../../scripts/static-server.mjs';
// @ts-expect-error -- plain ESM script without types
import { startNginx, repoVars } from '../../../scripts/test-helpers/nginx.mjs';
import { demoGold, runCli, tempDir, type CliRun } from './helpers.ts';

const ORIGIN = 'http://intranet.example.test';
const DAY = 86_400_000;
let source: string;
let work: string;
let manifest: { snapshot_id: string; as_of: string; ml: { generated_at: string }[] };

/** Files a browser reads for this gold, listed from the disk (not from doctor's own listing). */
function snapshotFiles(gold: string): string[] {
  const dir = join(gold, 'snapshots', manifest.snapshot_id);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.parquet') || e.endsWith('.jsonl') || e === 'quality.json') out.push(relative(gold, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** A fresh copy of the demo gold, to break. */
function copyGold(name: string): string {
  const dir = join(work, name);
  cpSync(source, dir, { recursive: true });
  return dir;
}

function json(r: CliRun) {
  assert.equal(r.stderr, '', 'nothing on stderr');
  return JSON.parse(r.stdout) as { ok: boolean; files_checked: number; snapshot_id: string; problems: { code: string; url: string; message: string; fix: string }[] };
}

function codes(r: CliRun) {
  return [...new Set(json(r).problems.map((p) => p.code))].sort();
}

/** Exit 1, and a human line naming `code`, the URL part and a fix. */
function assertProblemLine(r: CliRun, code: string, urlPart: string) {
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const line = r.stdout.split('\n').find((l) => l.includes(`[${code}]`));
  assert.ok(line, `a line for ${code} in:\n${r.stdout}`);
  assert.ok(line.includes(urlPart), `${line} names ${urlPart}`);
  assert.match(line, / — fix: \S/);
}

before(async () => {
  source = await demoGold();
  manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8'));
  work = tempDir('nova-doctor-');
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('doctor: usage', () => {
  it('exits 2 without a URL, on a non-http URL and on an --origin with a path', async () => {
    assert.equal((await runCli(['doctor'])).code, 2);
    const file = await runCli(['doctor', 'file:///etc/']);
    assert.equal(file.code, 2);
    assert.match(file.stderr, /http\(s\) URL/);
    const o = await runCli(['doctor', 'http://127.0.0.1:9/', '--origin', 'http://a.test/page']);
    assert.equal(o.code, 2);
    assert.match(o.stderr, /did you mean http:\/\/a\.test/);
    assert.equal((await runCli(['doctor', 'http://127.0.0.1:9/', '--max-age', 'soon'])).code, 2);
  });

  it('a server that is not there: exit 1, one line naming the URL', async () => {
    const port = await new Promise<number>((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => ok(p)); }); });
    const r = await runCli(['doctor', `http://127.0.0.1:${port}/gold/`]);
    assertProblemLine(r, 'unreachable', `http://127.0.0.1:${port}/gold/manifest.json`);
  });
});

describe('doctor: the project static server', () => {
  let gold: string;
  let srv: { url: string; close(): Promise<void> };
  let plain: { url: string; close(): Promise<void> };
  before(async () => {
    gold = copyGold('static');
    srv = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: gold }], cors: ORIGIN });
    plain = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: gold }] });
  });
  after(async () => { await srv?.close(); await plain?.close(); });

  it('healthy: exit 0, every file checked, ages reported', async () => {
    const r = await runCli(['doctor', `${srv.url}/gold/`, '--origin', ORIGIN]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^ok ${srv.url}/gold/: snapshot ${manifest.snapshot_id} `));
    const j = json(await runCli(['doctor', `${srv.url}/gold/manifest.json`, '--origin', ORIGIN, '--json']));
    assert.equal(j.ok, true);
    assert.deepEqual(j.problems, []);
    assert.equal(j.files_checked, snapshotFiles(gold).length);
  });

  it('freshness against --max-age: within → 0, beyond → 1 naming as_of', async () => {
    const ages = [manifest.as_of, ...manifest.ml.map((s) => s.generated_at)].map((d) => Math.floor((Date.now() - Date.parse(d)) / DAY));
    const oldest = Math.max(...ages);
    assert.equal((await runCli(['doctor', `${srv.url}/gold/`, '--max-age', String(oldest + 2)])).code, 0);
    const stale = await runCli(['doctor', `${srv.url}/gold/`, '--max-age', String(Math.max(0, ages[0] - 2))]);
    assertProblemLine(stale, 'stale', `as_of ${manifest.as_of}`);
  });

  it('broken: no CORS for the page origin → cors_origin', async () => {
    const r = await runCli(['doctor', `${plain.url}/gold/`, '--origin', ORIGIN]);
    assertProblemLine(r, 'cors_origin', `${plain.url}/gold/manifest.json`);
    assert.deepEqual(codes(await runCli(['doctor', `${plain.url}/gold/`, '--origin', ORIGIN, '--json'])), ['cors_origin']);
    assert.equal((await runCli(['doctor', `${plain.url}/gold/`])).code, 0, 'without --origin CORS is not checked');
  });

  it('broken: a missing file → file_missing naming it; a changed file → file_size', async () => {
    const files = snapshotFiles(gold);
    const gone = files.find((f) => f.includes('fact_forecast'))!;
    const changed = files.find((f) => f.endsWith('dim_site.parquet'))!;
    const keep = readFileSync(join(gold, gone));
    const before = statSync(join(gold, changed)).size;
    unlinkSync(join(gold, gone));
    truncateSync(join(gold, changed), before - 10);
    const r = await runCli(['doctor', `${srv.url}/gold/`]);
    assertProblemLine(r, 'file_missing', `${srv.url}/gold/${gone}`);
    const size = r.stdout.split('\n').find((l) => l.includes('[file_size]'))!;
    assert.ok(size.includes(`${changed} has ${before - 10} bytes, the manifest lists ${before}`), size);
    assert.deepEqual(codes(await runCli(['doctor', `${srv.url}/gold/`, '--json'])), ['file_missing', 'file_size']);
    cpSync(source, gold, { recursive: true });
    assert.ok(keep.length > 0);
    assert.equal((await runCli(['doctor', `${srv.url}/gold/`])).code, 0, 'healthy again once restored');
  });

  it('broken: an invalid manifest → manifest_invalid with the contract check\'s words', async () => {
    const g = copyGold('static-bad-manifest');
    const m = JSON.parse(readFileSync(join(g, 'manifest.json'), 'utf8'));
    m.contract = 'nova-gold/9';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(g, 'manifest.json'), JSON.stringify(m));
    const s = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: g }] });
    try {
      const r = await runCli(['doctor', `${s.url}/gold/`]);
      assertProblemLine(r, 'manifest_invalid', 'contract is "nova-gold/9"');
    } finally {
      await s.close();
    }
  });
});

/** Starts `cmd args(port)` on a free port of 127.0.0.1 and waits until `path` answers there. */
async function serverProcess(what: string, cmd: string, args: (port: number) => string[], path = ''): Promise<{ child: ChildProcess; url: string }> {
  const port = await new Promise<number>((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => ok(p)); }); });
  const child = spawn(cmd, args(port), { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try { await fetch(`${url}${path}`, { method: 'HEAD' }); break; } catch { if (i > 200) throw new Error(`${what} did not start`); await new Promise((r) => setTimeout(r, 50)); }
  }
  return { child, url };
}

describe('doctor: Python http.server (ignores Range, sends no Cache-Control)', () => {
  let py: ChildProcess;
  let url = '';
  before(async () => {
    const gold = copyGold('python');
    ({ child: py, url } = await serverProcess('python http.server', 'python3', (port) => ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', gold]));
  });
  after(() => { py?.kill(); });

  it('reports range_ignored once (with a count), and both cache problems', async () => {
    const r = await runCli(['doctor', url]);
    assertProblemLine(r, 'range_ignored', `${url}snapshots/`);
    const line = r.stdout.split('\n').find((l) => l.includes('[range_ignored]'))!;
    assert.match(line, new RegExp(`\\(and ${snapshotFiles(source).length - 1} more\\)`));
    assert.deepEqual(codes(await runCli(['doctor', url, '--json'])), ['file_cache', 'manifest_cache', 'range_ignored']);
  });
});

describe('doctor: npm\'s http-server (refuses suffix Ranges with 416)', () => {
  let child: ChildProcess;
  let url = '';
  before(async () => {
    const gold = copyGold('http-server');
    const bin = join(import.meta.dirname, '../../../node_modules/http-server/bin/http-server');
    ({ child, url } = await serverProcess('http-server', process.execPath, (port) => [bin, gold, '-a', '127.0.0.1', '-p', String(port), '-c-1', '--silent'], 'manifest.json'));
  });
  after(() => { child?.kill(); });

  it('reports suffix_range once, naming the 416, beside the cache problems of its -c-1', async () => {
    const r = await runCli(['doctor', url]);
    assertProblemLine(r, 'suffix_range', `${url}snapshots/`);
    assert.match(r.stdout.split('\n').find((l) => l.includes('[suffix_range]'))!, /answered 416 .*to "Range: bytes=-8", expected 206 with "bytes \d+-\d+\/\d+"/);
    // -c-1 sends "no-cache, no-store, must-revalidate" on every file: right for the manifest, not for snapshots.
    assert.deepEqual(codes(await runCli(['doctor', url, '--json'])), ['file_cache', 'suffix_range']);
    // A page on another origin never asks for a suffix: only what that page meets.
    assert.ok(!codes(await runCli(['doctor', url, '--origin', ORIGIN, '--json'])).includes('suffix_range'));
  });
});

describe('doctor: Debian nginx with deploy/nginx/nova.conf', () => {
  let gold: string;
  before(() => { gold = copyGold('nginx'); });

  it('healthy with the repository configuration: exit 0, CORS included', async () => {
    const n = await startNginx({ vars: repoVars({ goldDir: gold, corsOrigin: ORIGIN }) });
    try {
      const r = await runCli(['doctor', `${n.url}/gold/`, '--origin', ORIGIN]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(json(await runCli(['doctor', `${n.url}/gold/`, '--origin', ORIGIN, '--json'])).files_checked, snapshotFiles(gold).length);
      // Another page origin is not allowed by this configuration.
      assertProblemLine(await runCli(['doctor', `${n.url}/gold/`, '--origin', 'http://elsewhere.test']), 'cors_origin', 'http://elsewhere.test');
    } finally {
      await n.close();
    }
  });

  it('broken: snapshots without the immutable Cache-Control → file_cache only', async () => {
    const conf = readFileSync(join(import.meta.dirname, '../../../deploy/nginx/nova.conf'), 'utf8');
    const broken = conf.replace(/("~\/snapshots\/"\s+)"[^"]+"/, '$1"public, max-age=600"');
    assert.notEqual(broken, conf);
    const n = await startNginx({ vars: repoVars({ goldDir: gold, corsOrigin: ORIGIN }), confText: broken });
    try {
      const r = await runCli(['doctor', `${n.url}/gold/`, '--origin', ORIGIN]);
      assertProblemLine(r, 'file_cache', 'max-age=600');
      assert.deepEqual(codes(await runCli(['doctor', `${n.url}/gold/`, '--json'])), ['file_cache']);
    } finally {
      await n.close();
    }
  });

  it('broken: manifest.json served as text/plain → manifest_type only', async () => {
    const conf = readFileSync(join(import.meta.dirname, '../../../deploy/nginx/nova.conf'), 'utf8');
    const broken = conf.replace('default_type application/octet-stream;', 'types { } default_type text/plain;');
    const n = await startNginx({ vars: repoVars({ goldDir: gold, corsOrigin: ORIGIN }), confText: broken });
    try {
      const r = await runCli(['doctor', `${n.url}/gold/`, '--json']);
      assert.deepEqual(codes(r), ['file_type', 'manifest_type']);
      assertProblemLine(await runCli(['doctor', `${n.url}/gold/`]), 'manifest_type', 'text/plain');
    } finally {
      await n.close();
    }
  });
});

describe('doctor: S3 protocol (s3rver), gold published by nova-etl publish', () => {
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  let base = '';
  before(async () => {
    s3 = await startS3rver();
    const r = await runCli(['publish', '--from', source, '--to', `s3://${s3.bucket}/prod`, '--quiet'], { env: s3.env });
    assert.equal(r.code, 0, r.stderr);
    base = `${s3.endpoint}/${s3.bucket}/prod/`;
  });
  after(async () => s3?.close());

  // s3rver reads a suffix Range ("bytes=-8") as a range from the file's start, unlike S3 and MinIO.
  // A page on another origin never asks for one (it would cost a CORS preflight): healthy with
  // --origin; read from the gold's own origin, doctor says so (suffix_range) and nothing else.
  it('healthy: exit 0 with the bucket CORS for the page origin; suffix_range alone for same-origin readers', async () => {
    const r = await runCli(['doctor', base, '--origin', ORIGIN]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(json(await runCli(['doctor', base, '--origin', ORIGIN, '--json'])).files_checked, snapshotFiles(source).length);
    const same = await runCli(['doctor', base]);
    assertProblemLine(same, 'suffix_range', `${base}snapshots/`);
    assert.match(same.stdout, /answered 206 with Content-Range "bytes 0-8\/\d+" to "Range: bytes=-8"/);
    const report = json(await runCli(['doctor', base, '--json']));
    assert.deepEqual(report.problems.map((p: { code: string }) => p.code), ['suffix_range']);
    assert.equal(report.files_checked, snapshotFiles(source).length);
  });

  it('broken: an object deleted from the bucket → file_missing naming its key', async () => {
    const key = snapshotFiles(source).find((f) => f.endsWith('dim_item.parquet'))!;
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `prod/${key}` }));
    const r = await runCli(['doctor', base, '--origin', ORIGIN]);
    assertProblemLine(r, 'file_missing', `${base}${key}`);
    assert.deepEqual(codes(await runCli(['doctor', base, '--json'])), ['file_missing', 'suffix_range']);
  });
});

describe('doctor: S3 protocol without a CORS rule on the bucket', () => {
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  before(async () => {
    s3 = await startS3rver({ cors: false });
    const r = await runCli(['publish', '--from', source, '--to', `s3://${s3.bucket}/prod`, '--quiet'], { env: s3.env });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => s3?.close());

  it('broken: no CORS → cors_origin for the page origin; fine for same-origin use', async () => {
    const base = `${s3.endpoint}/${s3.bucket}/prod/`;
    assertProblemLine(await runCli(['doctor', base, '--origin', ORIGIN]), 'cors_origin', `${base}manifest.json`);
    assert.deepEqual(codes(await runCli(['doctor', base, '--origin', ORIGIN, '--json'])), ['cors_origin']);
    assert.deepEqual(codes(await runCli(['doctor', base, '--json'])), ['suffix_range']);
  });
});
