/**
 * Actual demand counts each item, site and period once whatever the forecast sources: three
 * sources cover overlapping, gapped and disjoint dates of the same items (accuracy.ts g_keys:
 * a row counts when no earlier source has its date; ADR 0006, session 11). Checked through the
 * real CLI on what a planner reads: the plan's actual in agg_daily and agg_accuracy, each
 * source's own actual, and the conservation check (a double or missed count fails the build).
 * Expected values are summed by hand from the consumption below.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { query, runCli, tableFiles, tempDir } from './helpers.ts';

let rows: (table: string, sql: string) => Promise<any[]>;
let quality: { null_fractions: Record<string, Record<string, number>> };

before(async () => {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  const fc = join(raw, 'forecasts');
  mkdirSync(fc, { recursive: true });
  writeFileSync(join(raw, 'items.csv'), 'item_id,name\nA,Cabo\nB,Conector\nC,Parafuso\n');
  const d = (day: number) => `2024-03-0${day}`;
  const cons = ['date,item_id,quantity'];
  for (let k = 1; k <= 6; k++) cons.push(`${d(k)},A,${k}`, `${d(k)},B,${10 * k}`);
  cons.push(`${d(1)},C,100`, `${d(4)},C,400`); // C's 4 March has no forecast: not a cell
  writeFileSync(join(raw, 'consumption.csv'), `${cons.join('\n')}\n`);
  writeFileSync(join(raw, 'inventory.csv'), `date,item_id,on_hand\n${d(6)},A,5\n${d(6)},B,5\n${d(6)},C,5\n`);
  const meta = (source: string) => JSON.stringify({ source, model_version: `${source}-1`, generated_at: '2024-03-06T00:00:00Z', dataset_id: 'ds' });
  const file = (name: string, lines: string[]) => {
    writeFileSync(join(fc, `${name}.csv`), `item_id,date,forecast\n${lines.join('\n')}\n`);
    writeFileSync(join(fc, `${name}.meta.json`), meta(name));
  };
  // a: exact for A (1–3 March, and 7 March after as_of) and B (every day) — so a is their selected source.
  file('a', [`A,${d(1)},1`, `A,${d(2)},2`, `A,${d(3)},3`, `A,${d(7)},7`, ...[1, 2, 3, 4, 5, 6].map((k) => `B,${d(k)},${10 * k}`)]);
  // b: A 2–6 March (overlaps a on 2 and 3 March), B on 3 March, C on 1 March only.
  file('b', [...[2, 3, 4, 5, 6].map((k) => `A,${d(k)},0`), `B,${d(3)},0`, `C,${d(1)},0`]);
  // c: A on 1 and 5 March (a gap between).
  file('c', [`A,${d(1)},0`, `A,${d(5)},0`]);
  const gold = join(dir, 'gold');
  const r = await runCli(['build', '--input', raw, '--out', gold, '--as-of', d(6), '--quiet', '--json']);
  assert.equal(r.code, 0, r.stderr); // the conservation check passed: A 21, B 210, C 100 (its span is 1 March)
  const m = JSON.parse(r.stdout).manifest;
  quality = JSON.parse(readFileSync(join(gold, m.quality.report_path), 'utf8'));
  rows = (table, sql) =>
    query(sql.replace('$T', `read_parquet([${tableFiles(gold, m, table).map((f: { path: string }) => `'${join(gold, f.path)}'`).join(', ')}])`));
});

describe('actual demand counts each item, site and period once', () => {
  it('agg_daily: the plan’s actual is the demand of every cell once; each source’s is its own cells’', async () => {
    const got = await rows('agg_daily', `SELECT source, CAST(date AS VARCHAR) AS date, actual FROM $T ORDER BY source, date`);
    const of = (s: string) => Object.fromEntries(got.filter((r) => r.source === s).map((r) => [r.date, r.actual]));
    // 1 March: A 1 + B 10 + C 100; later days A k + B 10k; 7 March is after as_of.
    assert.deepEqual(of('plan'), { '2024-03-01': 111, '2024-03-02': 22, '2024-03-03': 33, '2024-03-04': 44, '2024-03-05': 55, '2024-03-06': 66, '2024-03-07': null });
    assert.deepEqual(of('a'), { '2024-03-01': 11, '2024-03-02': 22, '2024-03-03': 33, '2024-03-04': 40, '2024-03-05': 50, '2024-03-06': 60, '2024-03-07': null });
    assert.deepEqual(of('b'), { '2024-03-01': 100, '2024-03-02': 2, '2024-03-03': 33, '2024-03-04': 4, '2024-03-05': 5, '2024-03-06': 6 });
    assert.deepEqual(of('c'), { '2024-03-01': 1, '2024-03-05': 5 });
  });

  it('agg_accuracy: the plan’s actual per week and month is the demand of every cell once', async () => {
    const got = await rows('agg_accuracy', `SELECT grain, CAST(date AS VARCHAR) AS date, actual FROM $T WHERE source = 'plan' ORDER BY grain, date`);
    // Weeks start on Monday: 26 Feb holds 1–3 March (111 + 22 + 33), 4 March holds 4–7 March (44 + 55 + 66).
    assert.deepEqual(got, [
      { grain: 'month', date: '2024-03-01', actual: 331 },
      { grain: 'week', date: '2024-02-26', actual: 166 },
      { grain: 'week', date: '2024-03-04', actual: 165 },
    ]);
  });

  it('quality.json: the fact table’s null fractions count its 19 rows (a 10, b 7, c 2)', () => {
    // No file has forecast_lo or forecast_hi; one row (A, 7 March, source a) is after as_of.
    const { actual, ...f } = quality.null_fractions.fact_forecast;
    assert.ok(Math.abs(actual - 1 / 19) < 1e-12, `actual ${actual}`);
    assert.deepEqual(f, { item_id: 0, site_id: 0, date: 0, source: 0, forecast: 0, forecast_lo: 1, forecast_hi: 1, model_version: 0, generated_at: 0, dataset_id: 0 });
  });
});
