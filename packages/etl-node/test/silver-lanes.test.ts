// Consumption + inventory and the forecasts are typed side by side, on two DuckDB connections
// (build/lanes.ts). When one lane fails, the build must fail with THAT lane's error (the first in
// lane order when both fail, whichever fails sooner), let an earlier lane finish its work, stop a
// later one without leaving a half-written silver file, publish nothing, and leave the previous manifest and snapshot
// as they were. The fault is a real one: the lane's silver file path is taken by a folder, so
// DuckDB cannot write it. Oracles: the file system, the exit code and stderr of the real CLI, and
// a plain DuckDB reading the other lane's files.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { query, runCli, tempDir } from './helpers.ts';
import { writeRaw } from './raw-fixture.ts';

describe('silver lanes: one failing lane', () => {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  const gold = join(dir, 'gold');
  const work = `${gold}.work`;
  const silver = (kind: string) => join(work, 'silver', `${kind}.parquet`);
  const build = () => runCli(['build', '--input', raw, '--out', gold, '--as-of', '2026-03-10', '--quiet']);
  let manifest = '';
  let snapshots: string[] = [];

  before(async () => {
    writeRaw(raw, { items: 40, days: 10 });
    const r = await build();
    assert.equal(r.code, 0, r.stderr);
    manifest = readFileSync(join(gold, 'manifest.json'), 'utf8');
    snapshots = readdirSync(join(gold, 'snapshots')).sort();
  });

  /**
   * Takes `kinds`' silver file paths with folders (and, with `bronzeBlocked`, those kinds' bronze
   * folders with files), removes the other silver files, builds, and undoes the blocks.
   */
  async function failingBuild(blocked: string[], bronzeBlocked: string[] = []) {
    for (const k of ['consumption', 'inventory', 'forecasts']) rmSync(silver(k), { recursive: true, force: true });
    for (const k of blocked) {
      mkdirSync(silver(k), { recursive: true });
      writeFileSync(join(silver(k), 'keep'), 'a folder where the silver file goes');
    }
    for (const k of bronzeBlocked) {
      rmSync(join(work, 'bronze', k), { recursive: true, force: true });
      mkdirSync(join(work, 'bronze'), { recursive: true });
      writeFileSync(join(work, 'bronze', k), 'a file where the bronze folder goes');
    }
    try {
      return await build();
    } finally {
      for (const k of blocked) rmSync(silver(k), { recursive: true, force: true });
      for (const k of bronzeBlocked) rmSync(join(work, 'bronze', k), { force: true });
    }
  }

  /** Nothing was published and nothing half-written is left in the gold root. */
  function assertUntouched() {
    assert.equal(readFileSync(join(gold, 'manifest.json'), 'utf8'), manifest, 'the live manifest is unchanged');
    assert.deepEqual(readdirSync(join(gold, 'snapshots')).sort(), snapshots, 'no new or temporary snapshot folder');
  }

  /** A silver file the other lane wrote is complete: plain DuckDB reads it, one row per kept input row. */
  async function assertComplete(kind: string, rows: number) {
    assert.ok(existsSync(silver(kind)), `${kind}.parquet was written`);
    const [r] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${silver(kind)}')`);
    assert.equal(Number(r.n), rows, `${kind}.parquet holds every kept row`);
  }

  it('the consumption lane fails: its error, the forecasts lane stopped (its silver file complete or absent), nothing published', async () => {
    const r = await failingBuild(['consumption']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /consumption\.parquet/);
    assert.doesNotMatch(r.stderr, /forecasts\.parquet/);
    assertUntouched();
    // 40 items × 10 days, and the inventory of the same lane after the failing consumption: not run.
    assert.equal(existsSync(silver('inventory')), false, 'the failing lane stopped at its failure');
    // The forecasts fixture: one row per item and day of its horizon (raw-fixture.ts), all valid.
    // The forecasts lane comes later in lane order: stopped when consumption fails, so its silver
    // file is absent — or complete, when that lane was quicker than the failure.
    const [fc] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_csv('${join(raw, 'forecasts', 'f.csv')}', header = true)`);
    if (existsSync(silver('forecasts'))) await assertComplete('forecasts', Number(fc.n));
    assert.deepEqual(readdirSync(join(work, 'silver')).filter((f) => f.includes('.tmp-')), [], 'no temporary silver file left');
  });

  it('the forecasts lane fails: its error, consumption and inventory finished, nothing published', async () => {
    const r = await failingBuild(['forecasts']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /forecasts\.parquet/);
    assertUntouched();
    await assertComplete('consumption', 40 * 10);
    const [inv] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_csv('${join(raw, 'inventory.csv')}', header = true)`);
    await assertComplete('inventory', Number(inv.n));
  });

  it('both lanes fail: the first lane\'s error (consumption), every time', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await failingBuild(['consumption', 'forecasts']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /consumption\.parquet/);
      assert.doesNotMatch(r.stderr, /forecasts\.parquet/);
      assertUntouched();
    }
  });

  // The lane of the text inputs makes its bronze copies first (inventory's before consumption's
  // silver steps: build/lanes.ts firstStepsFirst), yet reports the errors of kind after kind.
  it('inventory\'s bronze copy fails: its error, after consumption\'s silver and silver file were made; nothing published', async () => {
    const r = await failingBuild([], ['inventory']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /bronze\/inventory/);
    assertUntouched();
    await assertComplete('consumption', 40 * 10);
    assert.equal(existsSync(silver('inventory')), false, 'nothing of inventory after its failing bronze copy');
  });

  it('inventory\'s bronze copy and consumption\'s silver file both fail: consumption\'s error (the earlier kind), every time', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await failingBuild(['consumption'], ['inventory']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /consumption\.parquet/);
      assert.doesNotMatch(r.stderr, /bronze\/inventory/);
      assertUntouched();
      assert.equal(existsSync(silver('inventory')), false);
    }
  });

  it('the next build succeeds and publishes, and removes a killed build\'s temporary snapshot that holds only empty folders and its half-written silver file', async () => {
    // What a build killed right after its writer lanes made their table folders leaves behind.
    const dead = join(gold, 'snapshots', '.tmp-20260101T000000Z-abcdef-999999');
    mkdirSync(join(dead, 'fact_forecast'), { recursive: true });
    mkdirSync(join(dead, 'search_item'), { recursive: true });
    // And one killed while copying a silver file (written beside its path, then renamed).
    const half = `${silver('forecasts')}.tmp-999999`;
    writeFileSync(half, 'PAR1 half a file');
    // A build of another gold root sharing this work folder, still running (this test's process):
    // its file is being written and stays.
    const live = `${silver('inventory')}.tmp-${process.pid}`;
    writeFileSync(live, 'PAR1 being written');
    const r = await build();
    assert.equal(existsSync(live), true, 'a running build\'s silver file is left alone');
    rmSync(live);
    assert.equal(existsSync(dead), false, 'the dead build\'s folder is gone');
    assert.deepEqual(readdirSync(join(work, 'silver')).filter((n) => n.includes('.tmp-')), [], 'the half-written silver file is gone');
    assert.deepEqual(readdirSync(join(gold, 'snapshots')).filter((n) => n.startsWith('.')), []);
    assert.equal(r.code, 0, r.stderr);
    assert.notEqual(readFileSync(join(gold, 'manifest.json'), 'utf8'), manifest);
    await assertComplete('consumption', 40 * 10);
  });
});
