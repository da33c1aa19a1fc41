// One run at a time per gold root, through the real CLI: a live lock refuses with exit 2 naming the
// holder, a dead holder's lock is taken over, concurrent builds never surface a raw DuckDB error,
// and a killed build's leftovers (lock, staging) are cleaned by the next build; bronze is bounded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, runCli, tempDir } from './helpers.ts';
import { writeRaw } from './raw-fixture.ts';

function setup() {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  writeRaw(raw);
  return { dir, raw, gold: join(dir, 'gold') };
}

/** A process that stays alive until killed, standing in for a running build. */
function sleeper() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
  const gone = new Promise((r) => child.on('exit', r));
  return { pid: child.pid!, stop: async () => { child.kill('SIGKILL'); await gone; } };
}

/** Files under a folder, recursively (relative paths). */
function walk(dir: string, base = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${base}${e.name}/`) : [`${base}${e.name}`]));
}

describe('one run at a time per gold root', () => {
  it('a live lock refuses the build: exit 2, "another build is running (pid …, since …)", nothing published', async () => {
    const { raw, gold } = setup();
    const s = sleeper();
    try {
      const since = '2026-11-30T01:02:03.000Z';
      writeFileSync(`${gold}.lock`, JSON.stringify({ pid: s.pid, host: hostname(), since, command: 'build' }));
      const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`another build is running on ${gold} \\(pid ${s.pid}, since ${since.replace(/\./g, '\\.')}\\)`));
      assert.equal(existsSync(join(gold, 'manifest.json')), false);
      // The refused build leaves the holder's lock alone.
      assert.equal(JSON.parse(readFileSync(`${gold}.lock`, 'utf8')).pid, s.pid);
      // So does rollback, which swaps the same manifest.
      const rb = await runCli(['rollback', gold]);
      assert.equal(rb.code, 2);
      assert.match(rb.stderr, /another build is running/);
    } finally {
      await s.stop();
    }
  });

  it('a lock whose process is dead (a build killed with kill -9) is stale: the next build takes it and removes it', async () => {
    const { raw, gold } = setup();
    const s = sleeper();
    await s.stop();
    writeFileSync(`${gold}.lock`, JSON.stringify({ pid: s.pid, host: hostname(), since: '2026-11-30T01:02:03.000Z', command: 'build' }));
    const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(`${gold}.lock`), false);
  });

  it('three builds into one --out at once: each succeeds or exits 2 naming the running build, never a raw DuckDB error', async () => {
    const { raw, gold } = setup();
    const runs = await Promise.all([0, 1, 2].map(() => runCli(['build', '--input', raw, '--out', gold, '--quiet'])));
    const codes = runs.map((r) => r.code);
    assert.ok(codes.every((c) => c === 0 || c === 2), `codes ${codes}: ${runs.map((r) => r.stderr).join('\n')}`);
    assert.ok(codes.includes(0));
    for (const r of runs.filter((x) => x.code === 2)) assert.match(r.stderr, /another build is running on .* \(pid \d+, since \d{4}-/);
    for (const r of runs) assert.doesNotMatch(r.stderr, /IO Error|Could not set lock|Conflicting lock/);
    assert.equal((await runCli(['validate', gold])).code, 0);
    assert.equal(existsSync(`${gold}.lock`), false);
  });

  it('a build killed with kill -9 mid-run: the next build cleans its staging, and bronze keeps keep_bronze_builds runs', async () => {
    const { raw, gold, dir } = setup();
    writeFileSync(join(raw, 'nova.config.json'), JSON.stringify({ keep_bronze_builds: 2 }));
    // Quoted names send items.csv through the record pass, which writes a staging CSV (clean CSVs
    // are read by DuckDB in place and leave none): the build is killed once that file exists.
    const items = readFileSync(join(raw, 'items.csv'), 'utf8').replace(/,(Part [^,]+),/g, ',"$1",');
    assert.match(items, /"Part I1"/);
    writeFileSync(join(raw, 'items.csv'), items);
    const work = `${gold}.work`;
    const child = spawn(process.execPath, [BIN, 'build', '--input', raw, '--out', gold, '--quiet'], { stdio: 'ignore' });
    const closed = new Promise<string | null>((r) => child.on('close', (_c, sig) => r(sig)));
    const t = setInterval(() => {
      if (walk(join(work, 'staging')).some((f) => f.endsWith('.csv'))) { child.kill('SIGKILL'); clearInterval(t); }
    }, 5);
    const sig = await closed;
    clearInterval(t);
    assert.equal(sig, 'SIGKILL', 'the build ended before it could be killed while staging');
    assert.ok(existsSync(`${gold}.lock`), 'the killed build left its lock');
    assert.ok(walk(join(work, 'staging')).length > 0, 'the killed build left staging files');
    for (let i = 0; i < 3; i++) assert.equal((await runCli(['build', '--input', raw, '--out', gold, '--quiet'])).code, 0);
    assert.deepEqual(walk(join(work, 'staging')), []);
    assert.equal(existsSync(`${gold}.lock`), false);
    const runs = new Set(walk(join(work, 'bronze')).map((f) => /(\d{8}T\d{6}Z-[0-9a-f]{6})-/.exec(f)?.[1]));
    assert.equal(runs.size, 2, [...runs].join(', '));
    assert.ok(dir);
  });
});
