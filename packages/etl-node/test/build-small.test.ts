// Builds a hand-made raw folder with the real CLI and checks gold values computed by hand
// (docs/inventory.md): safety stock, reorder point, risk, suggested order, WAPE/MAPE/bias.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { query, runCli, tempDir, tableFiles } from './helpers.ts';

const RAW = new URL('./files/build-small/raw', import.meta.url).pathname;
const close = (a: number, b: number, eps = 1e-6) => assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);

describe('build of a hand-computed dataset', () => {
  let gold: string;
  let manifest: any;
  before(async () => {
    const dir = tempDir();
    cpSync(RAW, join(dir, 'raw'), { recursive: true });
    gold = join(dir, 'gold');
    const r = await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    manifest = JSON.parse(r.stdout).manifest;
  });

  const file = (t: string) => join(gold, tableFiles(gold, manifest, t)[0].path);
  const rows = async (t: string, where = 'true') =>
    query(`SELECT * FROM read_parquet([${tableFiles(gold, manifest, t).map((f: any) => `'${join(gold, f.path)}'`).join(',')}]) WHERE ${where}`);

  it('sets as_of to the last consumption date and lists both forecast sources', () => {
    assert.equal(manifest.as_of, '2026-03-10');
    assert.deepEqual(manifest.ml.map((m: any) => [m.source, m.model_version, m.generated_at, m.dataset_id]), [
      ['ens', 'ens-1.0', '2026-03-11T03:00:00Z', 'ds-1'],
      ['naive', 'naive-0.1', '2026-03-11T04:00:00Z', 'ds-1'],
    ]);
    assert.equal(manifest.quality.rows_quarantined, 0);
    assert.equal(manifest.quality.rows_read, manifest.quality.rows_kept);
  });

  it('reads decimal commas and thousands separators in items', async () => {
    const items = await query<any>(`SELECT item_id, unit_cost, lead_time_days, min_order_qty, criticality, name FROM read_parquet('${file('dim_item')}') ORDER BY item_id`);
    assert.deepEqual(items.map((i) => i.unit_cost), [12.9, 2.5, 0.35, 1234.5]);
    assert.equal(items[3].name, '<img src=x onerror=alert(1)>');
    assert.equal(items[1].category ?? 'FERRO E AÇO', 'FERRO E AÇO');
  });

  it('fills actuals: zero on past days without movement, null after as_of', async () => {
    const y = await rows('fact_forecast', `item_id = 'Y' AND source = 'ens'`);
    const byDate = Object.fromEntries(y.map((r: any) => [r.date, r.actual]));
    assert.equal(byDate['2026-03-01'], 1);
    assert.equal(byDate['2026-03-02'], 0);
    assert.equal(byDate['2026-03-10'], 1);
    assert.equal(byDate['2026-03-11'], null);
    assert.equal(y.length, 20);
  });

  it('computes the inventory position of item X by the documented formulas', async () => {
    const [x] = await rows('agg_item', `item_id = 'X'`);
    const a: any = x;
    // errors (ens) f−a over 10 days: 2,−2,0,0,4,−4,0,0,1,−1 → σ = √(42/9); z(0.95) = 1.6448536
    const sigma = Math.sqrt(42 / 9);
    const ss = 1.6448536269514722 * sigma * Math.sqrt(4);
    close(a.safety_stock, ss, 1e-6);
    close(a.avg_daily_demand, 10);
    close(a.reorder_point, 40 + ss, 1e-6);
    assert.equal(a.source, 'ens'); // WAPE 0.14 beats naive's 0.24
    close(a.wape, 0.14);
    close(a.bias, 0);
    close(a.mape, (2 / 8 + 2 / 12 + 4 / 6 + 4 / 14 + 1 / 9 + 1 / 11) / 10);
    assert.equal(a.on_hand, 30);
    assert.equal(a.on_order, 5);
    close(a.days_of_cover, 3);
    assert.equal(a.projected_stockout_date, '2026-03-14');
    assert.equal(a.risk, 'stockout'); // position 35 < 40 = demand over the 4-day lead time
    assert.equal(a.suggested_order_qty, 320); // ⌈(47.107 + 300 − 35) / 10⌉ × 10
    close(a.stock_value, 75);
    close(a.forecast_next_30d, 300);
  });

  it('flags an item inside its safety-stock band as below_reorder', async () => {
    const [w] = (await rows('agg_item', `item_id = 'W'`)) as any[];
    // errors 2,−2,0,0,2,−2,0,0,1,−1 → σ = √2; z(0.90) = 1.2815516; lead time 5 days
    const ss = 1.2815515655446004 * Math.SQRT2 * Math.sqrt(5);
    close(w.safety_stock, ss, 1e-6);
    close(w.reorder_point, 10 + ss, 1e-6);
    assert.equal(w.risk, 'below_reorder'); // 12 covers the 10 units of lead-time demand, not the reorder point
    assert.equal(w.suggested_order_qty, 65); // ⌈(14.053 + 60 − 12) / 5⌉ × 5
    close(w.wape, 0.5);
  });

  it('flags overstock and leaves zero-demand items ok', async () => {
    const [y] = (await rows('agg_item', `item_id = 'Y'`)) as any[];
    assert.equal(y.risk, 'overstock');
    assert.equal(y.suggested_order_qty, 0);
    const [z] = (await rows('agg_item', `item_id = 'Z'`)) as any[];
    assert.equal(z.risk, 'ok');
    assert.equal(z.days_of_cover, null);
  });

  it('aggregates agg_daily per site, source and date', async () => {
    const d = (await rows('agg_daily', `source = 'ens' AND date = '2026-03-05'`)) as any[];
    assert.equal(d.length, 1);
    assert.equal(d[0].site_id, 'default');
    close(d[0].forecast, 13); // X 10 + Y 1 + Z 0 + W 2
    close(d[0].actual, 6); // X 6, Y 0, Z 0, W 0
    close(d[0].abs_error, 4 + 1 + 0 + 2);
    assert.equal(d[0].items, 4);
  });

  it('marks Brazilian holidays in dim_time, movable ones included', async () => {
    const t = await query<any>(`SELECT date, is_weekend, day_of_week FROM read_parquet('${file('dim_time')}') WHERE date = '2026-03-07'`);
    assert.equal(t[0].is_weekend, true);
    assert.equal(t[0].day_of_week, 6);
  });

  it('passes validate and reports through inspect', async () => {
    const v = await runCli(['validate', gold]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /conform to nova-gold\/1/);
    const i = await runCli(['inspect', gold, '--json']);
    const s = JSON.parse(i.stdout);
    assert.equal(s.snapshot_id, manifest.snapshot_id);
    assert.equal(s.tables.find((t: any) => t.name === 'fact_forecast').rows, 100);
  });

  after(() => {});
});
