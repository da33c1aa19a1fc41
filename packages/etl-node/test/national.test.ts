// Forecasts without a site (a national model) over per-site consumption and stock, and the
// conservation checks, through the real CLI. Fixture (raw-fixture.ts) with sites SSA and REC:
// I<k> consumes k a day at each site 2026-03-01..10 (2k a day in all) and counts 100k at SSA and
// 100k + 1 at REC on 2026-03-10.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { query, runCli, tempDir, tableFiles } from './helpers.ts';
import { writeRaw, type RawOptions } from './raw-fixture.ts';

async function build(opts: RawOptions) {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  writeRaw(raw, opts);
  const gold = join(dir, 'gold');
  const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet', '--json']);
  const m = r.code === 0 ? JSON.parse(r.stdout).manifest : null;
  const file = (t: string) => join(gold, tableFiles(gold, m, t)[0].path);
  return { r, m, file };
}

describe('a forecast without a site covers the item across all sites', () => {
  it('actuals and stock are summed over the sites for the national forecast; per-site stock stays per site', async () => {
    const { r, file } = await build({ sites: ['SSA', 'REC'] });
    assert.equal(r.code, 0, r.stderr);
    const sites = await query<{ site_id: string }>(`SELECT DISTINCT site_id FROM read_parquet('${file('fact_forecast')}')`);
    assert.deepEqual(sites, [{ site_id: 'default' }]);
    const [a] = await query<{ i1: number; i7: number; all: number }>(
      `SELECT sum(actual) FILTER (WHERE item_id = 'I1' AND date = DATE '2026-03-01')::INTEGER AS i1,
              sum(actual) FILTER (WHERE item_id = 'I7')::INTEGER AS i7, sum(actual)::INTEGER AS "all"
       FROM read_parquet('${file('fact_forecast')}')`,
    );
    // I1 on one day: 1 at SSA + 1 at REC; I7 over 10 days: 2 × 7 × 10; all: 2 × 10 × (1 + … + 40).
    assert.deepEqual(a, { i1: 2, i7: 140, all: 16400 });
    const items = await query<{ item_id: string; site_id: string; on_hand: number }>(
      `SELECT item_id, site_id, on_hand::INTEGER AS on_hand FROM read_parquet('${file('agg_item')}') ORDER BY item_id`,
    );
    assert.equal(items.length, 40);
    for (const it of items) {
      const k = Number(it.item_id.slice(1));
      assert.deepEqual([it.site_id, it.on_hand], ['default', 100 * k + 100 * k + 1], it.item_id);
    }
    const inv = await query<{ site_id: string; n: number }>(`SELECT site_id, count(*)::INTEGER AS n FROM read_parquet('${file('fact_inventory')}') GROUP BY 1 ORDER BY 1`);
    assert.deepEqual(inv, [{ site_id: 'REC', n: 40 }, { site_id: 'SSA', n: 40 }]);
  });

  it('per-site forecasts compare per site: each site its own actual and stock', async () => {
    const { r, file } = await build({ sites: ['SSA', 'REC'], forecastSites: ['SSA', 'REC'] });
    assert.equal(r.code, 0, r.stderr);
    const rows = await query<{ site_id: string; a: number; oh: number }>(
      `SELECT f.site_id, sum(f.actual)::INTEGER AS a, any_value(g.on_hand)::INTEGER AS oh
       FROM read_parquet('${file('fact_forecast')}') f JOIN read_parquet('${file('agg_item')}') g USING (item_id, site_id)
       WHERE item_id = 'I3' GROUP BY 1 ORDER BY 1`,
    );
    assert.deepEqual(rows, [{ site_id: 'REC', a: 30, oh: 301 }, { site_id: 'SSA', a: 30, oh: 300 }]);
  });

  it('a forecast for one site only while consumption and stock are at two: the conservation check fails naming the items', async () => {
    const { r } = await build({ sites: ['SSA', 'REC'], forecastSites: ['SSA'] });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /conservation check failed, nothing published:/);
    // I1: 2 a day for 10 days consumed, 1 a day at SSA compared; stock 100 + 101, 100 at SSA.
    assert.match(r.stderr, /40 item\(s\) where consumption inside the forecast dates ≠ Σ actual in fact_forecast: I1 \(20 ≠ 10\), I10 \(200 ≠ 100\)/);
    assert.match(r.stderr, /40 item\(s\) where the latest stock over all sites ≠ Σ on_hand in agg_item: I1 \(201 ≠ 100\)/);
  });

  it('national forecasts for some items beside per-site ones for all: the national rows get the sum over the sites, the per-site rows their site', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw, { sites: ['SSA', 'REC'], forecastSites: ['SSA', 'REC'] });
    // A second model without a site column, for I1–I5 only, over the 10 days with consumption.
    const nat = ['item_id,date,forecast,forecast_lo,forecast_hi'];
    for (let d = 1; d <= 10; d++) for (let k = 1; k <= 5; k++) nat.push(`I${k},2026-03-${String(d).padStart(2, '0')},${k},${k - 1},${k + 1}`);
    writeFileSync(join(raw, 'forecasts', 'nat.csv'), `${nat.join('\n')}\n`);
    writeFileSync(join(raw, 'forecasts', 'nat.meta.json'), JSON.stringify({ source: 'nat', model_version: 'nat-1', generated_at: '2026-03-10T06:00:00Z', dataset_id: 'ds-1' }));
    const gold = join(dir, 'gold');
    const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(r.stdout).manifest;
    const rows = await query<{ source: string; site_id: string; items: number; a: number; a3: number }>(
      `SELECT source, site_id, count(DISTINCT item_id)::INTEGER AS items, sum(actual)::INTEGER AS a, sum(actual) FILTER (WHERE item_id = 'I3')::INTEGER AS a3
       FROM read_parquet([${tableFiles(gold, m, 'fact_forecast').map((f) => `'${join(gold, f.path)}'`).join(', ')}]) GROUP BY ALL ORDER BY ALL`,
    );
    // I<k> consumes k a day at each site for 10 days: national I3 2 × 3 × 10 = 60, I1–I5 2 × 10 × 15 = 300;
    // per site I3 30, all 40 items 10 × 820 = 8,200.
    assert.deepEqual(rows, [
      { source: 'ens', site_id: 'REC', items: 40, a: 8200, a3: 30 },
      { source: 'ens', site_id: 'SSA', items: 40, a: 8200, a3: 30 },
      { source: 'nat', site_id: 'default', items: 5, a: 300, a3: 60 },
    ]);
  });
});
