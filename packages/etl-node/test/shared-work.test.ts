// Two gold roots may share one work folder (`--work`), and every build may share one spill folder
// (`--temp-dir`). The lock covers one gold root, so a build must not clear another root's running
// build's scratch files at start: it removes only what dead builds left (build/scratch.ts). Real
// CLI in child processes; a build paused with NOVA_PAUSE_AT holds its scratch files while another
// one runs, is then killed with kill -9, and the next build clears what it left.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { removeDeadScratch, scratchName } from '../src/build/scratch.ts';
import { pausedCli, runCli, tempDir } from './helpers.ts';

/** Files under a folder, recursively (relative paths); [] when it does not exist. */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

/** The pid of a process that has ended (a child that exits at once). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.on('close', r));
  return child.pid!;
}

/** A build paused (NOVA_PAUSE_AT) at `point`; resolves once it is there, with the signal that ended it. */
async function pausedBuild(args: string[], point: string) {
  const { child, closed } = await pausedCli(['build', ...args, '--quiet'], point);
  return { child, closed: closed.then((c) => c.signal) };
}

describe('scratch folders shared by builds', () => {
  it('a build of another gold root sharing --work leaves a running build\'s staging and spill files alone; the next build clears a killed one\'s', async () => {
    const dir = tempDir();
    const d = await runCli(['demo', '--out', dir, '--items', '60', '--days', '200', '--seed', '5', '--as-of', '2026-05-31', '--quiet']);
    assert.equal(d.code, 0, d.stderr);
    const raw = join(dir, 'raw');
    const work = join(dir, 'shared-work');
    const a = await pausedBuild(['--input', raw, '--out', join(dir, 'gold-a'), '--work', work], 'build:grouped');
    try {
      const held = walk(join(work, 'staging'));
      assert.ok(held.some((f) => /facts\/_group=\d+\/.*\.parquet$/.test(f)), `build A holds its fact scratch files (${held.join(', ')})`);
      const spillA = readdirSync(join(work, 'duckdb-tmp'));
      assert.equal(spillA.length, 1, `build A has its own spill folder (${spillA.join(', ')})`);
      assert.match(spillA[0]!, new RegExp(`^nova-.*-${a.child.pid}@`), 'named after its build');
      const b = await runCli(['build', '--input', raw, '--out', join(dir, 'gold-b'), '--work', work, '--quiet']);
      assert.equal(b.code, 0, b.stderr);
      assert.deepEqual(walk(join(work, 'staging')), held, 'build B left build A\'s staging files alone and removed its own');
      assert.deepEqual(readdirSync(join(work, 'duckdb-tmp')), spillA, 'build B left build A\'s spill folder alone and removed its own');
      assert.equal((await runCli(['validate', join(dir, 'gold-b')])).code, 0);
    } finally {
      a.child.kill('SIGKILL');
    }
    assert.equal(await a.closed, 'SIGKILL');
    const c = await runCli(['build', '--input', raw, '--out', join(dir, 'gold-a'), '--work', work, '--quiet']);
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(walk(join(work, 'staging')), [], 'the killed build\'s staging files are gone');
    assert.deepEqual(readdirSync(join(work, 'duckdb-tmp')), [], 'the killed build\'s spill folder is gone');
    assert.equal((await runCli(['validate', join(dir, 'gold-a')])).code, 0);
  });

  it('a --temp-dir the user gives: only dead builds\' nova-… subfolders go, never other files or a live or other host\'s build', async () => {
    const dir = tempDir();
    const d = await runCli(['demo', '--out', dir, '--items', '20', '--days', '60', '--seed', '2', '--as-of', '2026-05-31', '--quiet']);
    assert.equal(d.code, 0, d.stderr);
    const spill = join(dir, 'spill');
    const dead = `nova-${scratchName('20260101T000000Z-aaaaaa', await deadPid())}`;
    const live = `nova-${scratchName('20260101T000000Z-bbbbbb', process.pid)}`;
    const elsewhere = `nova-${scratchName('20260101T000000Z-cccccc', await deadPid(), `not-${hostname()}`)}`;
    for (const name of [dead, live, elsewhere]) {
      mkdirSync(join(spill, name), { recursive: true });
      writeFileSync(join(spill, name, 'duckdb_temp_storage.tmp'), 'x');
    }
    writeFileSync(join(spill, 'notes.txt'), 'the user\'s own file');
    mkdirSync(join(spill, 'nova-not-a-build'));
    const r = await runCli(['build', '--input', join(dir, 'raw'), '--out', join(dir, 'gold'), '--temp-dir', spill, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(spill).sort(), [elsewhere, live, 'notes.txt', 'nova-not-a-build'].sort());
  });

  it('removeDeadScratch: dead owners and unnamed leftovers go from a build-only folder; live, other hosts\' and (when kept) foreign entries stay', async () => {
    const dir = tempDir();
    const gone = await deadPid();
    const names = {
      dead: scratchName('20260101T000000Z-aaaaaa', gone),
      live: scratchName('20260101T000000Z-bbbbbb', process.pid),
      otherHost: scratchName('20260101T000000Z-cccccc', gone, 'build-02.example'),
      legacy: '20251231T235959Z-dddddd',
    };
    const plant = (root: string) => {
      for (const n of Object.values(names)) mkdirSync(join(root, n, 'facts'), { recursive: true });
    };
    plant(join(dir, 'staging'));
    assert.deepEqual((await removeDeadScratch(join(dir, 'staging'), { foreign: 'remove' })).sort(), [names.dead, names.legacy].sort());
    assert.deepEqual(readdirSync(join(dir, 'staging')).sort(), [names.live, names.otherHost].sort());
    plant(join(dir, 'kept'));
    await removeDeadScratch(join(dir, 'kept'), { foreign: 'keep' });
    assert.deepEqual(readdirSync(join(dir, 'kept')).sort(), [names.legacy, names.live, names.otherHost].sort());
    assert.deepEqual(await removeDeadScratch(join(dir, 'missing'), { foreign: 'remove' }), [], 'a folder that does not exist is nothing to clear');
  });

  it('scratchName keeps a hostile host name to safe characters', () => {
    assert.equal(scratchName('S', 7, '../../etc/x y'), 'S-7@.._.._etc_x_y');
  });
});
