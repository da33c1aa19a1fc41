// publish / rollback against a real S3-protocol server (s3rver on 127.0.0.1), through the real CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startS3rver } from '../../../scripts/test-helpers/s3rver.mjs';
import { BIN, runCli, tableFiles, tempDir } from './helpers.ts';

describe('publish to S3 and roll back', () => {
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  let dir: string;
  let gold: string;
  const base = () => `${s3.endpoint}/${s3.bucket}/gold`;
  const getJson = async (key: string) => (await fetch(`${base()}/${key}`)).json() as Promise<any>;

  before(async () => {
    s3 = await startS3rver();
    dir = tempDir();
    gold = join(dir, 'gold');
    const r = await runCli(['demo', '--out', dir, '--items', '20', '--days', '90', '--seed', '9', '--as-of', '2026-04-30', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => s3?.close());

  it('refuses a malformed target (exit 2) and missing credentials do not leak into output', async () => {
    const r = await runCli(['publish', '--from', gold, '--to', 'https://example/x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not an S3 URL/);
  });

  it('no credentials anywhere: exit 2 naming the variables to set, nothing uploaded', async () => {
    const home = tempDir();
    const env = {
      AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: '', HOME: home,
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_CONFIG_FILE: join(home, 'none'), AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: s3.endpoint,
    };
    const r = await runCli(['publish', '--from', gold, '--to', `s3://${s3.bucket}/no-creds`, '--quiet'], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^nova-etl publish: no S3 credentials for s3://${s3.bucket}/no-creds: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY \\(or AWS_PROFILE\\)`, 'm'));
    assert.equal((await fetch(`${s3.endpoint}/${s3.bucket}/no-creds/manifest.json`)).status, 404);
  });

  it('uploads the snapshot then the manifest; objects read back byte-identical with ranged GETs', async () => {
    const r = await runCli(['publish', '--from', gold, '--to', `s3://${s3.bucket}/gold`, '--json', '--quiet'], { env: s3.env });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const local = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    assert.equal(out.snapshot_id, local.snapshot_id);
    assert.deepEqual(await getJson('manifest.json'), local);
    const f = tableFiles(gold, local, 'fact_forecast')[0];
    const head = await fetch(`${base()}/${f.path}`, { method: 'HEAD' });
    assert.equal(Number(head.headers.get('content-length')), f.bytes);
    // Footer read with an explicit range (s3rver mishandles suffix ranges).
    const res = await fetch(`${base()}/${f.path}`, { headers: { Range: `bytes=${f.bytes - 8}-${f.bytes - 1}` } });
    assert.equal(res.status, 206);
    const tail = new Uint8Array(await res.arrayBuffer());
    const want = readFileSync(join(gold, f.path)).subarray(f.bytes - 8);
    assert.deepEqual([...tail], [...want]);
    assert.equal(new TextDecoder().decode(tail.subarray(4)), 'PAR1');
  });

  it('rollback on S3 points the manifest at the previous snapshot', async () => {
    const first = (await getJson('manifest.json')).snapshot_id;
    assert.equal((await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--quiet'])).code, 0);
    assert.equal((await runCli(['publish', '--from', gold, '--to', `s3://${s3.bucket}/gold`, '--quiet'], { env: s3.env })).code, 0);
    const second = (await getJson('manifest.json')).snapshot_id;
    assert.notEqual(first, second);
    const rb = await runCli(['rollback', `s3://${s3.bucket}/gold`], { env: s3.env });
    assert.equal(rb.code, 0, rb.stderr);
    const now = await getJson('manifest.json');
    assert.equal(now.snapshot_id, first);
    assert.equal(now.previous_snapshot_id, second);
    // Files of the rolled-back-to snapshot are still there.
    const f = now.tables.dim_item.files[0];
    assert.equal((await fetch(`${base()}/${f.path}`, { method: 'HEAD' })).status, 200);
  });

  it('a publish killed midway leaves the bucket serving the previous manifest', async () => {
    const served = await getJson('manifest.json');
    assert.equal((await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--quiet'])).code, 0);
    const next = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8')).snapshot_id;
    const child = spawn(process.execPath, [BIN, 'publish', '--from', gold, '--to', `s3://${s3.bucket}/gold`, '--concurrency', '1', '--quiet'], {
      env: { ...process.env, ...s3.env },
      stdio: 'ignore',
    });
    const closed = new Promise<string | null>((r) => child.on('close', (_c, signal) => r(signal)));
    // s3rver stores objects as files: kill as soon as the first object of the new snapshot lands.
    const snapDir = join(s3.directory, s3.bucket, 'gold', 'snapshots', next);
    const t = setInterval(() => {
      if (existsSync(snapDir) && readdirSync(snapDir, { recursive: true }).length > 0) {
        child.kill('SIGKILL');
        clearInterval(t);
      }
    }, 1);
    const signal = await closed;
    clearInterval(t);
    assert.equal(signal, 'SIGKILL', 'publish finished before it could be killed');
    const after = await getJson('manifest.json');
    assert.equal(after.snapshot_id, served.snapshot_id);
    const f = tableFiles(gold, after, 'fact_forecast')[0];
    assert.equal((await fetch(`${base()}/${f.path}`, { method: 'HEAD' })).status, 200);
  });
});
