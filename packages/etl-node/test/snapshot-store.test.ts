// The snapshot store's invariants, the same tests on a folder gold root (build/rollback) and on an
// S3 prefix (s3rver on 127.0.0.1; publish/rollback), all through the real CLI in child processes:
// - the live snapshot and its previous one are never pruned, and pruning follows the swap;
// - a snapshot counts only when complete; rollback refuses anything else ('..', partial uploads);
// - S3 metadata describes what is on S3;
// - kill -9 at several points of build and publish leaves a live manifest whose files all exist,
//   and the next publish + rollback work.
// Oracles: the file system and the AWS SDK's own listing, not the store code under test.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3rver } from '../../../scripts/test-helpers/s3rver.mjs';
import { newSnapshotId } from '../src/gold/root.ts';
import { BIN, runCli, tempDir, type CliRun } from './helpers.ts';
import { writeRaw } from './raw-fixture.ts';

interface Manifest {
  snapshot_id: string;
  previous_snapshot_id: string | null;
  snapshots?: string[];
  tables: Record<string, { files: { path: string; bytes: number }[] }>;
  quality: { quarantine_path: string; report_path: string };
}

/** A gold root under test: where it is and how to make a new snapshot live there. */
interface Driver {
  name: string;
  target: string;
  env: Record<string, string>;
  /** Arguments of the CLI run that makes a new snapshot live on the target (after `prepare`). */
  publishArgs(keep: number): string[];
  /** Work done before the publishing run (S3: a local build). */
  prepare(): Promise<void>;
  live(): Promise<Manifest | null>;
  /** Snapshot folder names present on the target, whatever their content. */
  ids(): Promise<string[]>;
  /** Size of an object, or null when absent. */
  size(path: string): Promise<number | null>;
  /** The text of an object, or null when absent. */
  read(path: string): Promise<string | null>;
  /** Writes a stray object (to fake a partial snapshot). */
  put(path: string, body: string): Promise<void>;
}

function run(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runCli(args, { env });
}

/** Runs the CLI until it reports `paused at <point>`, then kills it with SIGKILL. */
function killAt(args: string[], env: Record<string, string>, point: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, NOVA_PAUSE_AT: point }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      if (err.includes(`paused at ${point}`)) child.kill('SIGKILL');
    });
    child.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve(err) : reject(new Error(`did not pause at ${point} (exit ${code}): ${err}`))));
  });
}

function folderDriver(): Driver {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  writeRaw(raw);
  const gold = join(dir, 'gold');
  return {
    name: 'folder',
    target: gold,
    env: {},
    publishArgs: (keep) => {
      writeFileSync(join(raw, 'nova.config.json'), JSON.stringify({ keep_snapshots: keep }));
      return ['build', '--input', raw, '--out', gold, '--quiet'];
    },
    prepare: async () => {},
    live: async () => (existsSync(join(gold, 'manifest.json')) ? JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8')) : null),
    ids: async () => (existsSync(join(gold, 'snapshots')) ? readdirSync(join(gold, 'snapshots')).sort() : []),
    size: async (p) => (existsSync(join(gold, p)) ? statSync(join(gold, p)).size : null),
    read: async (p) => (existsSync(join(gold, p)) ? readFileSync(join(gold, p), 'utf8') : null),
    put: async (p, body) => {
      mkdirSync(join(gold, p, '..'), { recursive: true });
      writeFileSync(join(gold, p), body);
    },
  };
}

function s3Driver(s3: Awaited<ReturnType<typeof startS3rver>>, prefix: string): Driver {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  writeRaw(raw);
  const local = join(dir, 'gold');
  const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY } });
  const list = async () => {
    const r = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}/` }));
    return (r.Contents ?? []).map((o) => ({ key: o.Key!.slice(prefix.length + 1), size: Number(o.Size) }));
  };
  return {
    name: 'S3',
    target: `s3://${s3.bucket}/${prefix}`,
    env: s3.env,
    publishArgs: (keep) => ['publish', '--from', local, '--to', `s3://${s3.bucket}/${prefix}`, '--keep', String(keep), '--concurrency', '1', '--quiet'],
    prepare: async () => {
      const r = await run(['build', '--input', raw, '--out', local, '--quiet'], {});
      assert.equal(r.code, 0, r.stderr);
    },
    live: async () => {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/manifest.json` }));
        return JSON.parse(await r.Body!.transformToString());
      } catch {
        return null;
      }
    },
    ids: async () => [...new Set((await list()).filter((o) => o.key.startsWith('snapshots/')).map((o) => o.key.split('/')[1]))].sort(),
    size: async (p) => (await list()).find((o) => o.key === p)?.size ?? null,
    read: async (p) => {
      try {
        return await (await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${p}` }))).Body!.transformToString();
      } catch {
        return null;
      }
    },
    put: async (p, body) => {
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${p}`, Body: body }));
    },
  };
}

async function publish(d: Driver, keep = 5): Promise<Manifest> {
  await d.prepare();
  const r = await run(d.publishArgs(keep), d.env);
  assert.equal(r.code, 0, r.stderr);
  return (await d.live())!;
}

/** Every file the live manifest lists exists at its size (what a reader opening it needs). */
async function assertLiveReadable(d: Driver): Promise<Manifest> {
  const m = await d.live();
  assert.ok(m, 'a live manifest');
  for (const t of Object.values(m.tables)) {
    // nova-gold/1.2 lists item-partitioned tables' files in an index (one JSON record per line).
    const files = t.files ?? (await d.read(t.index!.path))!.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    if (t.index) assert.equal(await d.size(t.index.path), t.index.bytes, `${d.name}: ${t.index.path}`);
    for (const f of files) assert.equal(await d.size(f.path), f.bytes, `${d.name}: ${f.path}`);
  }
  for (const p of [m.quality.quarantine_path, m.quality.report_path]) assert.notEqual(await d.size(p), null, p);
  for (const id of [m.previous_snapshot_id, ...(m.snapshots ?? [])].filter(Boolean) as string[]) {
    assert.notEqual(await d.size(`snapshots/${id}/manifest.json`), null, `${d.name}: the manifest names ${id}, which must be there`);
  }
  return m;
}

let s3: Awaited<ReturnType<typeof startS3rver>>;
let n = 0;
const drivers: [string, () => Driver][] = [
  ['folder', () => folderDriver()],
  ['S3', () => s3Driver(s3, `gold-${++n}`)],
];

before(async () => {
  s3 = await startS3rver();
});
after(async () => s3?.close());

describe('snapshot ids', () => {
  it('sort by build time within one second (retention keeps the newest by id), in the documented format', () => {
    // Two builds publishing within one second: with 6 random digits after the second, their
    // order was a coin toss, and `keep` could prune the newer snapshot (seen in a fresh clone's run).
    const at = (ms: number) => new Date(Date.UTC(2026, 11, 2, 2, 1, 22, ms));
    for (let ms = 0; ms < 999; ms++) {
      const [a, b] = [newSnapshotId(at(ms)), newSnapshotId(at(ms + 1))];
      assert.match(a, /^20261202T020122Z-[0-9a-f]{6}$/);
      assert.ok(a < b, `${a} < ${b}`);
    }
    assert.ok(newSnapshotId(at(999)) < newSnapshotId(new Date(Date.UTC(2026, 11, 2, 2, 1, 23, 0))), 'the next second sorts after');
    const same = new Set(Array.from({ length: 50 }, () => newSnapshotId(at(7))));
    assert.ok(same.size > 40, `random digits keep ids of one millisecond apart (${same.size} of 50 distinct)`);
  });
});

for (const [name, make] of drivers) {
  describe(`snapshot store invariants: ${name}`, () => {
    it('keep 2, rollback to the oldest kept, publish again: the live and previous snapshots survive, rollback still works', async () => {
      const d = make();
      const s1 = await publish(d, 2);
      const s2 = await publish(d, 2);
      const s3m = await publish(d, 2);
      assert.deepEqual(await d.ids(), [s2.snapshot_id, s3m.snapshot_id].sort(), 'keep 2 after the swap');
      assert.ok(s1.snapshot_id < s2.snapshot_id);
      const rb = await run(['rollback', d.target, '--snapshot', s2.snapshot_id], d.env);
      assert.equal(rb.code, 0, rb.stderr);
      const s4 = await publish(d, 2);
      assert.equal(s4.previous_snapshot_id, s2.snapshot_id, 'previous = what was live on this store');
      assert.deepEqual(await d.ids(), [s2.snapshot_id, s3m.snapshot_id, s4.snapshot_id].sort());
      assert.deepEqual([...(s4.snapshots ?? [])].sort(), await d.ids(), 'the manifest lists what is kept');
      await assertLiveReadable(d);
      const back = await run(['rollback', d.target], d.env);
      assert.equal(back.code, 0, back.stderr);
      assert.equal((await d.live())!.snapshot_id, s2.snapshot_id);
      await assertLiveReadable(d);
    });

    it('rollback refuses ids that are not complete snapshots: "..", a temporary name, a partial snapshot', async () => {
      const d = make();
      await publish(d);
      const live = await publish(d);
      const before = JSON.stringify(await d.live());
      for (const bad of ['..', '.tmp-x', '../gold']) {
        const r = await run(['rollback', d.target, '--snapshot', bad], d.env);
        assert.equal(r.code, 1, `${bad}: ${r.stderr}`);
        assert.match(r.stderr, /is not a snapshot id/);
      }
      // A newer snapshot folder with only some files: never counted, refused, removed by the next publish.
      const partial = '29991231T000000Z-abcdef';
      await d.put(`snapshots/${partial}/dim_item.parquet`, 'PAR1');
      const r = await run(['rollback', d.target, '--snapshot', partial], d.env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`snapshot ${partial} is incomplete`));
      assert.equal(JSON.stringify(await d.live()), before);
      const next = await publish(d, 1);
      assert.ok(!(await d.ids()).includes(partial), 'the partial snapshot is removed');
      assert.deepEqual(await d.ids(), [live.snapshot_id, next.snapshot_id].sort(), 'keep 1 + the previous, the partial never counted');
    });

    it('kill -9 at each step: the live manifest stays readable, then publish + rollback work', async () => {
      const d = make();
      await publish(d);
      const points = name === 'folder'
        ? ['build:staged', 'build:written', 'build:renamed', 'commit:swapped']
        : ['publish:first-object', 'publish:before-manifest-copy', 'commit:swapped'];
      for (const point of points) {
        await d.prepare();
        await killAt(d.publishArgs(5), d.env, point);
        await assertLiveReadable(d);
        const next = await publish(d);
        await assertLiveReadable(d);
        const rb = await run(['rollback', d.target], d.env);
        assert.equal(rb.code, 0, `${point}: ${rb.stderr}`);
        assert.equal((await d.live())!.snapshot_id, next.previous_snapshot_id);
        await assertLiveReadable(d);
      }
    });
  });
}

describe('S3 metadata describes what is on S3', () => {
  it('publishing a local gold with 3 snapshots to an empty prefix: previous null, snapshots = the one uploaded', async () => {
    const d = s3Driver(s3, 'fresh');
    await d.prepare();
    await d.prepare();
    const m = await publish(d);
    assert.equal(m.previous_snapshot_id, null);
    assert.deepEqual(m.snapshots, [m.snapshot_id]);
    assert.deepEqual(await d.ids(), [m.snapshot_id]);
    await assertLiveReadable(d);
    const rb = await run(['rollback', d.target], d.env);
    assert.equal(rb.code, 1);
    assert.match(rb.stderr, /no previous snapshot to roll back to/);
  });

  it('a publish while another run holds the prefix lock exits 2 naming it; an expired lock is taken over and released', async () => {
    const d = s3Driver(s3, 'locked');
    await d.prepare();
    const lock = (expires: string) => JSON.stringify({ owner: 'x', pid: 4242, host: 'other-host', command: 'publish', since: '2026-11-30T01:00:00.000Z', expires });
    await d.put('.nova-lock', lock(new Date(Date.now() + 3_600_000).toISOString()));
    const r = await run(d.publishArgs(5), d.env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /another publish is running on s3:\/\/\S+\/locked \(pid 4242 on other-host, since 2026-11-30T01:00:00\.000Z/);
    assert.equal(await d.live(), null);
    await d.put('.nova-lock', lock('2026-11-30T01:10:00.000Z'));
    const ok = await run(d.publishArgs(5), d.env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(await d.size('.nova-lock'), null, 'the lock object is released');
    await assertLiveReadable(d);
  });
});
