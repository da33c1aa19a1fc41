// Weekly and monthly grains: periods start on Monday / the 1st, facts are sums of the days.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { query, runCli, tempDir, tableFiles } from './helpers.ts';

const RAW = new URL('./files/build-small/raw', import.meta.url).pathname;

async function buildAt(grain: string) {
  const dir = tempDir();
  cpSync(RAW, join(dir, 'raw'), { recursive: true });
  const gold = join(dir, 'gold');
  const r = await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--grain', grain, '--json', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout).manifest;
  const x = await query<any>(
    `SELECT CAST(date AS VARCHAR) AS date, forecast, actual, isodow(date) AS dow
     FROM read_parquet([${tableFiles(gold, m, 'fact_forecast').map((f: any) => `'${join(gold, f.path)}'`).join(',')}])
     WHERE item_id = 'X' AND source = 'ens' ORDER BY date`,
  );
  assert.equal((await runCli(['validate', gold])).code, 0);
  return { m, x };
}

describe('grains', () => {
  it('week: Monday periods, daily forecasts and movements summed, as_of = the week of the last movement', async () => {
    const { m, x } = await buildAt('week');
    assert.equal(m.grain, 'week');
    assert.equal(m.as_of, '2026-03-09');
    assert.deepEqual(x.map((r) => r.date), ['2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16']);
    assert.ok(x.every((r) => Number(r.dow) === 1));
    assert.deepEqual(x.map((r) => r.forecast), [10, 70, 70, 50]); // 1 + 7 + 7 + 5 days of 10
    assert.deepEqual(x.map((r) => r.actual), [8, 72, 20, null]); // 1 Mar; 2–8 Mar; 9–10 Mar; future
  });
  it('month: first-of-month periods', async () => {
    const { m, x } = await buildAt('month');
    assert.equal(m.grain, 'month');
    assert.equal(m.as_of, '2026-03-01');
    assert.deepEqual(x.map((r) => [r.date, r.forecast, r.actual]), [['2026-03-01', 200, 100]]);
  });
});
