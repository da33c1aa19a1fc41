// The quality gate and the raw-folder rules through the real CLI (child processes): what an
// operator sees (exit code, stderr, the live manifest) when an input is broken, and that a broken
// build never replaces the snapshot that is serving.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { query, runCli, tempDir, tableFiles } from './helpers.ts';
import { writeRaw } from './raw-fixture.ts';

const manifestText = (gold: string) => readFileSync(join(gold, 'manifest.json'), 'utf8');

/** A raw folder and a gold root that already serves a good snapshot. */
async function liveGold(): Promise<{ raw: string; gold: string; before: string; snaps: string[] }> {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  const gold = join(dir, 'gold');
  writeRaw(raw);
  const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  return { raw, gold, before: manifestText(gold), snaps: readdirSync(join(gold, 'snapshots')).sort() };
}

/** Asserts a failed build: exit 1, stderr includes every text, and the live gold unchanged. */
async function assertRefused(live: Awaited<ReturnType<typeof liveGold>>, includes: string[], args: string[] = []) {
  const r = await runCli(['build', '--input', live.raw, '--out', live.gold, '--quiet', ...args]);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  for (const s of includes) assert.ok(r.stderr.includes(s), `stderr should include ${JSON.stringify(s)}:\n${r.stderr}`);
  assert.equal(manifestText(live.gold), live.before, 'the live manifest must not change');
  assert.deepEqual(readdirSync(join(live.gold, 'snapshots')).sort(), live.snaps, 'no snapshot added or removed');
  return r;
}

describe('quality gate: broken required inputs fail the build and leave the live snapshot', () => {
  it('consumption.csv replaced by binary bytes: exit 1, names the file, nothing published', async () => {
    const live = await liveGold();
    writeFileSync(join(live.raw, 'consumption.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x10, 0x00]));
    await assertRefused(live, ['quality gate failed', 'consumption.csv is unreadable: binary content', 'live snapshot is unchanged']);
  });
  it('consumption.csv emptied: exit 1, "consumption.csv is empty"', async () => {
    const live = await liveGold();
    writeFileSync(join(live.raw, 'consumption.csv'), '');
    await assertRefused(live, ['consumption.csv is empty']);
  });
  it('inventory.csv unreadable (header only counts as no data too)', async () => {
    const live = await liveGold();
    writeFileSync(join(live.raw, 'inventory.csv'), 'date,item_id,on_hand,on_order\n');
    await assertRefused(live, ['inventory.csv has a header and no data rows']);
  });
  it('the forecast metadata sidecar removed: every forecast row quarantined, gate fails naming the code and why', async () => {
    const live = await liveGold();
    rmSync(join(live.raw, 'forecasts', 'f.meta.json'));
    await assertRefused(live, ['forecasts/f.csv: 800 of 800 rows quarantined (100 % > limit 5 %)', 'forecasts/f.csv: missing_metadata × 800', 'no sidecar forecasts/f.meta.json']);
  });
  it('a zero-byte items.csv names the file and says it is empty', async () => {
    const live = await liveGold();
    writeFileSync(join(live.raw, 'items.csv'), '');
    await assertRefused(live, ['items.csv is empty']);
  });
});

describe('quality gate: the rejected fraction per input kind', () => {
  // 40 items × 10 days = 400 good consumption rows: 20 bad ones are 20/420 = 4.76 % (passes), 23 are 5.44 %.
  const breakRows = (raw: string, n: number) => {
    for (let i = 0; i < n; i++) appendFileSync(join(raw, 'consumption.csv'), `2026-03-0${(i % 9) + 1},I1,lots\n`);
  };
  it('within the default 5 % passes; past it fails with the per-file, per-code summary', async () => {
    const live = await liveGold();
    breakRows(live.raw, 20);
    const ok = await runCli(['build', '--input', live.raw, '--out', live.gold, '--quiet', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    const q = JSON.parse(ok.stdout).quality;
    assert.equal(q.gate.passed, true);
    assert.deepEqual(q.gate.inputs.find((i: { input: string }) => i.input === 'consumption'), {
      input: 'consumption', kind: 'consumption', files: ['consumption.csv'], rows_read: 420, rows_quarantined: 20, fraction: 20 / 420, limit: 0.05, passed: true,
    });
    const live2 = { ...live, before: manifestText(live.gold), snaps: readdirSync(join(live.gold, 'snapshots')).sort() };
    breakRows(live.raw, 3);
    await assertRefused(live2, ['consumption: 23 of 423 rows quarantined (5.44 % > limit 5 %)', 'consumption.csv: bad_number × 23 (first, line 402: quantity "lots" is not a number)']);
  });
  it('forecasts are measured per source: one bad model fails although its file as a whole is within the limit', async () => {
    const live = await liveGold();
    const lines = ['item_id,date,forecast,source,model_version,generated_at,dataset_id'];
    for (let d = 1; d <= 5; d++) {
      for (let k = 1; k <= 40; k++) {
        lines.push(`I${k},2026-03-0${d},${k},ens2,e-1,2026-03-10T06:00:00Z,ds`);
        lines.push(`I${k},2026-03-0${d},${k <= 4 ? 'x' : k},naive,n-1,2026-03-10T06:00:00Z,ds`);
      }
    }
    writeFileSync(join(live.raw, 'forecasts', 'two.csv'), lines.join('\n') + '\n');
    const r = await assertRefused(live, ['forecast source naive: 20 of 200 rows quarantined (10 % > limit 5 %)']);
    assert.doesNotMatch(r.stderr, /forecast source ens2:|forecast source ens:|forecasts\/two\.csv: \d+ of/);
  });
  it('--allow-partial publishes anyway and says so in quality.json, on stderr and in inspect', async () => {
    const live = await liveGold();
    breakRows(live.raw, 40);
    const r = await runCli(['build', '--input', live.raw, '--out', live.gold, '--quiet', '--allow-partial']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /QUALITY GATE FAILED — published anyway \(--allow-partial\):\n {2}consumption: 40 of 440 rows quarantined/);
    const m = JSON.parse(manifestText(live.gold));
    const q = JSON.parse(readFileSync(join(live.gold, m.quality.report_path), 'utf8'));
    assert.equal(q.gate.passed, false);
    assert.equal(q.gate.allow_partial, true);
    assert.deepEqual(q.gate.failures, ['consumption: 40 of 440 rows quarantined (9.09 % > limit 5 %)']);
    const text = await runCli(['inspect', live.gold]);
    assert.match(text.stdout, /gate {6}FAILED, published with --allow-partial: consumption: 40 of 440 rows quarantined/);
    const json = JSON.parse((await runCli(['inspect', live.gold, '--json'])).stdout);
    assert.deepEqual(json.gate, { passed: false, allow_partial: true, failures: q.gate.failures });
    // A clean build afterwards shows a passed gate again.
    writeRaw(live.raw);
    assert.equal((await runCli(['build', '--input', live.raw, '--out', live.gold, '--quiet'])).code, 0);
    assert.match((await runCli(['inspect', live.gold])).stdout, /gate {6}passed/);
  });
  it('max_reject_fraction per kind in nova.config.json raises one kind only', async () => {
    const live = await liveGold();
    breakRows(live.raw, 40);
    writeFileSync(join(live.raw, 'nova.config.json'), JSON.stringify({ max_reject_fraction: { consumption: 0.1 } }));
    const r = await runCli(['build', '--input', live.raw, '--out', live.gold, '--quiet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).quality.gate.passed, true);
    writeFileSync(join(live.raw, 'nova.config.json'), JSON.stringify({ max_reject_fraction: 2 }));
    const bad = await runCli(['build', '--input', live.raw, '--out', live.gold, '--quiet']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /max_reject_fraction must be a number between 0 and 1/);
  });
});

describe('raw folder: several files per kind, unread files, symbolic links', () => {
  it('consumption split over consumption_2024.csv, consumption_2025.csv and consumption/ is read in full', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw);
    const lines = readFileSync(join(raw, 'consumption.csv'), 'utf8').trim().split('\n');
    rmSync(join(raw, 'consumption.csv'));
    const head = lines[0];
    const body = lines.slice(1);
    writeFileSync(join(raw, 'consumption_2024.csv'), [head, ...body.slice(0, 150)].join('\n') + '\n');
    writeFileSync(join(raw, 'consumption_2025.csv'), [head, ...body.slice(150, 300)].join('\n') + '\n');
    const sub = join(raw, 'consumption');
    mkdirSync(sub);
    writeFileSync(join(sub, 'march.csv'), [head, ...body.slice(300)].join('\n') + '\n');
    const gold = join(dir, 'gold');
    const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(r.stdout).manifest;
    assert.deepEqual(
      m.quality.inputs.filter((i: { kind: string }) => i.kind === 'consumption').map((i: { file: string; rows_kept: number }) => [i.file, i.rows_kept]),
      [['consumption/march.csv', 100], ['consumption_2024.csv', 150], ['consumption_2025.csv', 150]],
    );
    // Σ actual over the 10 days = 10 × (1 + … + 40) = 8,200, each counted once.
    const [s] = await query<{ a: number }>(`SELECT sum(actual)::INTEGER AS a FROM read_parquet('${join(gold, tableFiles(gold, m, 'fact_forecast')[0].path)}')`);
    assert.equal(s.a, 8200);
  });
  it('a file no input reads fails the build naming it, unless nova.config.json ignores it', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw);
    writeFileSync(join(raw, 'consumo.csv'), 'date,item_id,quantity\n2026-03-01,I1,5\n');
    const r = await runCli(['build', '--input', raw, '--out', join(dir, 'gold'), '--quiet']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /that no input reads: consumo\.csv\./);
    writeFileSync(join(raw, 'nova.config.json'), JSON.stringify({ ignore: ['consumo.csv'] }));
    assert.equal((await runCli(['build', '--input', raw, '--out', join(dir, 'gold'), '--quiet'])).code, 0);
  });
  it('ln -s /etc/passwd raw/forecasts/x.csv is refused and named; nothing of it is published', async () => {
    const live = await liveGold();
    symlinkSync('/etc/passwd', join(live.raw, 'forecasts', 'x.csv'));
    const r = await assertRefused(live, ['inputs must be regular files inside the raw folder', 'forecasts/x.csv (symbolic link to /etc/passwd)']);
    assert.doesNotMatch(r.stderr + r.stdout, /root:/);
  });
});

describe('nova-etl --version', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });
});

describe('quarantine.csv never holds file contents', () => {
  it('raw is capped at 1,024 characters a row, and empty for a file rejected as a whole', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw);
    appendFileSync(join(raw, 'consumption.csv'), `2026-03-02,I1,${'9'.repeat(3000)}x\n`); // one huge bad value
    writeFileSync(join(raw, 'forecasts', 'secret.csv'), 'item_id,date,forecast\nI1,2026-03-01,1\nI2,2026-03-01,TOP-SECRET\n'); // no metadata: rejected whole
    const gold = join(dir, 'gold');
    const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet', '--json', '--allow-partial']);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(r.stdout).manifest;
    const rows = await query<{ file: string; line: number; code: string; raw: string | null }>(
      `SELECT file, line::INTEGER AS line, code, raw FROM read_csv('${join(gold, m.quality.quarantine_path)}', header=true, all_varchar=true) ORDER BY file, line`,
    );
    const huge = rows.find((x) => x.file === 'consumption.csv')!;
    assert.equal(huge.code, 'bad_number');
    assert.equal(huge.raw!.length, 1024);
    const secret = rows.filter((x) => x.file === 'forecasts/secret.csv');
    assert.deepEqual(secret.map((x) => [x.line, x.code, x.raw ?? '']), [[2, 'missing_metadata', ''], [3, 'missing_metadata', '']]);
    assert.doesNotMatch(readFileSync(join(gold, m.quality.quarantine_path), 'utf8'), /TOP-SECRET/);
  });
});
