// The real CLI in child processes: usage errors, demo → validate → inspect, a second build,
// rollback, a tampered file caught by validate, and a build killed midway leaving the old gold.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { BIN, runCli, tempDir, tableFiles } from './helpers.ts';

const manifestOf = (gold: string) => JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));

describe('nova-etl usage', () => {
  it('exits 2 with help for no command, unknown commands and bad flags', async () => {
    assert.equal((await runCli([])).code, 2);
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const bad = await runCli(['build', '--input', 'x', '--out', 'y', '--grain', 'hour']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--grain must be day, week or month/);
    const flag = await runCli(['validate', '--nope']);
    assert.equal(flag.code, 2);
    const miss = await runCli(['build', '--out', 'y']);
    assert.match(miss.stderr, /--input is required/);
    assert.equal((await runCli(['demo', '--out', 'x', '--as-of', '2026-02-30'])).code, 2);
  });
  it('prints help with exit 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /nova-etl publish --from GOLD --to s3:\/\/bucket\/prefix/);
  });
  it('exits 1 when the input has no items file', async () => {
    const dir = tempDir();
    const r = await runCli(['build', '--input', dir, '--out', join(dir, 'gold')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no items file/);
    assert.equal(existsSync(join(dir, 'gold', 'manifest.json')), false);
  });
});

describe('nova-etl demo, validate, build again, rollback', () => {
  let dir: string;
  let gold: string;
  before(async () => {
    dir = tempDir();
    gold = join(dir, 'gold');
    const r = await runCli(['demo', '--out', dir, '--items', '30', '--days', '120', '--seed', '3', '--as-of', '2026-05-31']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /snapshot \S+ published \(day, as of 2026-05-31/);
    // The demo's own ERP-like files (a UTF-8 BOM among them) are clean input: no warning.
    assert.doesNotMatch(r.stderr, /warning/i, r.stderr);
  });

  it('help names the contract the build writes and every version docs/contract.md says it reads', async () => {
    const help = (await runCli(['--help'])).stdout;
    const written = manifestOf(gold).contract;
    assert.match(help.split('\n')[0], new RegExp(`\\(contract ${written.replace(/\./g, '\\.')}\\)$`));
    // The title of docs/contract.md: "# Gold contract `nova-gold/X` (reads `nova-gold/Y`, … and `nova-gold/Z`)".
    const title = readFileSync(new URL('../../../docs/contract.md', import.meta.url), 'utf8').split('\n')[0];
    const versions = [...title.matchAll(/`nova-gold\/([\d.]+)`/g)].map((m) => m[1]);
    assert.equal(`nova-gold/${versions[0]}`, written);
    const line = help.split('\n').find((l) => l.includes('Checks a gold root'));
    assert.ok(line, help);
    const listed = [...line.matchAll(/(?:nova-gold\/)?(\d+(?:\.\d+)?)(?=[,; ]| or)/g)].map((m) => m[1]);
    assert.deepEqual(listed, versions);
  });

  it('validate accepts the demo gold', async () => {
    const r = await runCli(['validate', gold, '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const rep = JSON.parse(r.stdout);
    assert.equal(rep.ok, true);
    assert.ok(rep.checked.files >= 7);
  });

  it('a second build publishes a new snapshot; rollback returns to the first and validates', async () => {
    const first = manifestOf(gold).snapshot_id;
    const b = await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--quiet']);
    assert.equal(b.code, 0, b.stderr);
    const second = manifestOf(gold);
    assert.notEqual(second.snapshot_id, first);
    assert.equal(second.previous_snapshot_id, first);
    const rb = await runCli(['rollback', gold]);
    assert.equal(rb.code, 0, rb.stderr);
    assert.equal(manifestOf(gold).snapshot_id, first);
    assert.equal(manifestOf(gold).previous_snapshot_id, second.snapshot_id);
    assert.equal((await runCli(['validate', gold])).code, 0);
    const back = await runCli(['rollback', gold, '--snapshot', second.snapshot_id]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(manifestOf(gold).snapshot_id, second.snapshot_id);
    const missing = await runCli(['rollback', gold, '--snapshot', '20200101T000000Z-000000']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not kept/);
  });

  it('keeps only the configured number of snapshots', async () => {
    const cfg = join(dir, 'keep2.json');
    // --config replaces RAW/nova.config.json: keep its header mapping, add the retention.
    const rawCfg = JSON.parse(readFileSync(join(dir, 'raw', 'nova.config.json'), 'utf8'));
    appendFileSync(cfg, JSON.stringify({ ...rawCfg, keep_snapshots: 2 }));
    for (let i = 0; i < 2; i++) assert.equal((await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--config', cfg, '--quiet'])).code, 0);
    const snaps = readdirSync(join(gold, 'snapshots'));
    assert.equal(snaps.length, 2);
    assert.ok(snaps.includes(manifestOf(gold).snapshot_id));
  });

  it('a build killed while writing its snapshot leaves the previous manifest and snapshot serving', async () => {
    // A bigger dataset so the snapshot takes long enough to write to be caught midway.
    const big = tempDir();
    const d = await runCli(['demo', '--out', big, '--items', '400', '--days', '400', '--seed', '5', '--as-of', '2026-05-31', '--quiet']);
    assert.equal(d.code, 0, d.stderr);
    const bigGold = join(big, 'gold');
    const before = readFileSync(join(bigGold, 'manifest.json'), 'utf8');
    const child = spawn(process.execPath, [BIN, 'build', '--input', join(big, 'raw'), '--out', bigGold, '--quiet'], { stdio: 'ignore' });
    const closed = new Promise<{ code: number | null; signal: string | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
    const t = setInterval(() => {
      const snaps = join(bigGold, 'snapshots');
      const tmp = readdirSync(snaps).find((n) => n.startsWith('.tmp-'));
      if (tmp && existsSync(join(snaps, tmp, 'fact_forecast'))) {
        child.kill('SIGKILL');
        clearInterval(t);
      }
    }, 2);
    const end = await closed;
    clearInterval(t);
    assert.equal(end.signal, 'SIGKILL', 'the build finished before it could be killed mid-write');
    assert.equal(readFileSync(join(bigGold, 'manifest.json'), 'utf8'), before);
    assert.equal((await runCli(['validate', bigGold])).code, 0);
    // The next build cleans the dead build's temporary folder.
    assert.equal((await runCli(['build', '--input', join(big, 'raw'), '--out', bigGold, '--quiet'])).code, 0);
    assert.deepEqual(readdirSync(join(bigGold, 'snapshots')).filter((n) => n.startsWith('.tmp-')), []);
  });

  it('validate catches a changed snapshot file (exit 1, names the file)', async () => {
    const copy = join(tempDir(), 'gold');
    cpSync(gold, copy, { recursive: true });
    const m = manifestOf(copy);
    const victim = tableFiles(gold, m, 'fact_forecast')[0].path;
    appendFileSync(join(copy, victim), 'garbage');
    const r = await runCli(['validate', copy]);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(victim), r.stderr);
  });
});
