// A raw file written while a build reads it (an ERP export or a forecast drop still running when
// the nightly job starts) must not reach gold: the build reads each file more than once (a byte
// pass, then DuckDB's reads of the same path), so rows checked by one read could be typed from
// another. Real CLI in child processes, paused with NOVA_PAUSE_AT while the test changes a raw
// file for real (append, replace by rename, touch, remove), then resumed with SIGUSR2.
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { assertInputsUnchanged, fileIdentity } from '../src/ingest/identity.ts';
import { pausedCli, runCli, tempDir } from './helpers.ts';

/** Runs a build paused at `point`, calls `change` there, resumes it; its exit code and stderr. */
async function buildChangedAt(args: string[], point: string, change: () => void): Promise<{ code: number | null; stderr: string }> {
  const { child, closed } = await pausedCli(['build', ...args, '--quiet'], point);
  try {
    change();
  } finally {
    child.kill('SIGUSR2');
  }
  return closed;
}

describe('an input file changed while the build reads it', () => {
  let dir = '';
  let raw = '';
  let gold = '';
  let work = '';
  let served = '';
  const manifest = () => readFileSync(join(gold, 'manifest.json'), 'utf8');
  const args = () => ['--input', raw, '--out', gold, '--work', work, '--as-of', '2026-05-31'];

  before(async () => {
    dir = tempDir();
    const d = await runCli(['demo', '--out', dir, '--items', '40', '--days', '120', '--seed', '9', '--as-of', '2026-05-31', '--quiet']);
    assert.equal(d.code, 0, d.stderr);
    raw = join(dir, 'raw');
    gold = join(dir, 'gold');
    work = join(dir, 'work');
    served = manifest();
  });

  /** The previous snapshot still serves, nothing new is left in the gold root or the work folder's staging. */
  function assertNothingPublished(snapshotsBefore: string[]) {
    assert.equal(manifest(), served, 'manifest.json is the previous one');
    assert.deepEqual(readdirSync(join(gold, 'snapshots')).sort(), snapshotsBefore, 'no new or half-written snapshot folder');
    assert.deepEqual(existsSync(join(work, 'staging')) ? readdirSync(join(work, 'staging')) : [], [], 'no staging left');
  }

  it('a log appended to between the byte pass and DuckDB\'s read: exit 1 naming the file and its sizes, nothing published', async () => {
    const before = readdirSync(join(gold, 'snapshots')).sort();
    const path = join(raw, 'consumption.csv');
    const size = statSync(path).size;
    const line = readFileSync(path, 'utf8').trimEnd().split('\n').at(-1)!;
    const r = await buildChangedAt(args(), 'build:staged', () => appendFileSync(path, `${line}\n`));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /nova-etl build: input file\(s\) changed while the build was reading them: consumption\.csv \(size (\d+) → (\d+) bytes, modified at /);
    const [, from, to] = /size (\d+) → (\d+) bytes/.exec(r.stderr)!;
    assert.equal(Number(from), size);
    assert.equal(Number(to), size + Buffer.byteLength(`${line}\n`));
    assert.match(r.stderr, /Nothing was published; run the build again once the file\(s\) are complete/);
    assertNothingPublished(before);
    // The next build, with the file complete, reads it and publishes.
    const next = await runCli(['build', ...args(), '--quiet']);
    assert.equal(next.code, 0, next.stderr);
    assert.notEqual(manifest(), served);
    served = manifest();
  });

  it('a forecast file replaced by a rename while the worker scans the logs, and an items file touched: both named', async () => {
    const before = readdirSync(join(gold, 'snapshots')).sort();
    const forecasts = readdirSync(join(raw, 'forecasts')).filter((f) => f.endsWith('.parquet'));
    assert.ok(forecasts.length > 0);
    const target = join(raw, 'forecasts', forecasts[0]!);
    const r = await buildChangedAt(args(), 'ingest:scanning', () => {
      // Same bytes, new inode: what a job writing a temporary file and renaming it over does.
      copyFileSync(target, `${target}.new`);
      renameSync(`${target}.new`, target);
      // Same bytes and size, a new modification time only.
      const t = new Date(Date.now() + 5_000);
      utimesSync(join(raw, 'items.csv'), t, t);
    });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`items\\.csv \\(modified at ${new Date(statSync(join(raw, 'items.csv')).mtimeMs).toISOString().replace(/[.]/g, '\\.')}\\)`));
    assert.match(r.stderr, new RegExp(`forecasts/${forecasts[0]!.replace(/[.]/g, '\\.')} \\(replaced by another file\\)`));
    assertNothingPublished(before);
  });

  it('an input removed mid-build is named, and the previous snapshot keeps serving', async () => {
    const before = readdirSync(join(gold, 'snapshots')).sort();
    const path = join(raw, 'inventory.csv');
    const keep = readFileSync(path);
    try {
      const r = await buildChangedAt(args(), 'build:silvered', () => rmSync(path));
      // At build:silvered every read is done: the file is gone before the comparison.
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /inventory\.csv \(removed\)/);
      assertNothingPublished(before);
    } finally {
      appendFileSync(path, keep);
    }
    const next = await runCli(['build', ...args(), '--quiet']);
    assert.equal(next.code, 0, next.stderr);
  });

  it('files left alone compare equal; each kind of change is told apart', async () => {
    const d = tempDir();
    const f = join(d, 'a.csv');
    appendFileSync(f, 'x\n');
    const files = [{ file: 'a.csv', identity: await fileIdentity(f) }, { file: 'gone.csv' }];
    await assertInputsUnchanged(d, files); // no identity: not read from a file, not compared
    appendFileSync(f, 'y\n');
    await assert.rejects(assertInputsUnchanged(d, files), /a\.csv \(size 2 → 4 bytes/);
  });
});
