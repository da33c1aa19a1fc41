// agg_item of the demo gold recomputed independently in plain TypeScript from the gold facts,
// following docs/inventory.md line by line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { demoGold, query, tableFiles } from './helpers.ts';

const Z: Record<string, number> = { A: 2.3263478740408408, B: 1.6448536269514722, C: 1.2815515655446004 };
const DAY = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

describe('agg_item matches docs/inventory.md recomputed independently', () => {
  let gold: string;
  let m: any;
  const files = (t: string) => `[${tableFiles(gold, m, t).map((f: any) => `'${join(gold, f.path)}'`).join(',')}]`;
  let agg: any[];
  let expected: Map<string, any>;

  before(async () => {
    gold = await demoGold();
    m = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    assert.equal(m.grain, 'day');
    const fc = await query<any>(`SELECT item_id, site_id, source, date, forecast, actual, model_version FROM read_parquet(${files('fact_forecast')}) ORDER BY ALL`);
    const items = new Map((await query<any>(`SELECT * FROM read_parquet(${files('dim_item')})`)).map((i) => [i.item_id, i]));
    const inv = await query<any>(`SELECT item_id, site_id, date, on_hand, on_order FROM read_parquet(${files('fact_inventory')}) ORDER BY date`);
    agg = await query<any>(`SELECT * FROM read_parquet(${files('agg_item')})`);
    const asOf = m.as_of as string;
    const groups = new Map<string, any[]>();
    for (const r of fc) {
      const k = `${r.item_id}|${r.site_id}|${r.source}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(r);
    }
    const stats = new Map<string, any>();
    for (const [k, rows] of groups) {
      const past = rows.filter((r) => r.actual !== null && r.date > addDays(asOf, -90));
      const sa = past.reduce((s, r) => s + r.actual, 0);
      const sf = past.reduce((s, r) => s + r.forecast, 0);
      const sabs = past.reduce((s, r) => s + Math.abs(r.forecast - r.actual), 0);
      const nz = past.filter((r) => r.actual > 0);
      const errs = past.map((r) => r.forecast - r.actual);
      const mean = errs.reduce((s, e) => s + e, 0) / errs.length;
      const sigma = errs.length > 1 ? Math.sqrt(errs.reduce((s, e) => s + (e - mean) ** 2, 0) / (errs.length - 1)) : 0;
      const fut = rows.filter((r) => r.date > asOf && r.date <= addDays(asOf, 30));
      stats.set(k, {
        rows,
        wape: sa ? sabs / sa : null,
        mape: nz.length ? nz.reduce((s, r) => s + Math.abs(r.forecast - r.actual) / r.actual, 0) / nz.length : null,
        bias: sa ? (sf - sa) / sa : null,
        sigma,
        avgDaily: fut.length ? fut.reduce((s, r) => s + r.forecast, 0) / fut.length : past.reduce((s, r) => s + r.forecast, 0) / past.length,
      });
    }
    expected = new Map();
    const pairs = new Set([...groups.keys()].map((k) => k.split('|').slice(0, 2).join('|')));
    for (const pair of pairs) {
      const [item, site] = pair.split('|');
      const cands = [...stats.entries()].filter(([k]) => k.startsWith(`${pair}|`)).map(([k, s]) => ({ source: k.split('|')[2], ...s }));
      cands.sort((a, b) => (a.wape ?? Infinity) - (b.wape ?? Infinity) || a.source.localeCompare(b.source));
      const c = cands[0];
      const it = items.get(item)!;
      const counts = inv.filter((r) => r.item_id === item && r.site_id === site && r.date <= asOf);
      const onHand = counts.length ? counts.at(-1).on_hand : 0;
      const onOrder = counts.length ? counts.at(-1).on_order : 0;
      const ss = Z[it.criticality] * c.sigma * Math.sqrt(it.lead_time_days);
      const rop = c.avgDaily * it.lead_time_days + ss;
      let left = onHand;
      let stockout: string | null = null;
      for (const r of c.rows.filter((r: any) => r.date > asOf)) {
        left -= r.forecast;
        if (left < 0) {
          stockout = r.date;
          break;
        }
      }
      const doc = c.avgDaily > 0 ? onHand / c.avgDaily : null;
      const risk =
        (onHand <= 0 && c.avgDaily > 0) || onHand + onOrder < c.avgDaily * it.lead_time_days
          ? 'stockout'
          : onHand + onOrder < rop
            ? 'below_reorder'
            : doc !== null && doc > 180
              ? 'overstock'
              : 'ok';
      const order = onHand + onOrder < rop ? Math.ceil((rop + c.avgDaily * 30 - onHand - onOrder) / it.min_order_qty) * it.min_order_qty : 0;
      expected.set(pair, { source: c.source, wape: c.wape, mape: c.mape, bias: c.bias, safety_stock: ss, reorder_point: rop, on_hand: onHand, on_order: onOrder, days_of_cover: doc, projected_stockout_date: stockout, risk, suggested_order_qty: order, avg_daily_demand: c.avgDaily, stock_value: onHand * it.unit_cost });
    }
  });

  it('has one row per item and site with forecasts', () => assert.equal(agg.length, expected.size));

  it('every figure matches', () => {
    const near = (a: number | null, b: number | null, what: string) => {
      if (a === null || b === null) return assert.equal(a, b, what);
      assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);
    };
    for (const a of agg) {
      const e = expected.get(`${a.item_id}|${a.site_id}`);
      const id = `${a.item_id}@${a.site_id}`;
      assert.equal(a.source, e.source, `${id} source`);
      for (const f of ['wape', 'mape', 'bias', 'safety_stock', 'reorder_point', 'on_hand', 'on_order', 'days_of_cover', 'avg_daily_demand', 'stock_value', 'suggested_order_qty']) near(a[f], e[f], `${id} ${f}`);
      assert.equal(a.projected_stockout_date, e.projected_stockout_date, `${id} stockout date`);
      assert.equal(a.risk, e.risk, `${id} risk`);
    }
  });

  it('the demo has stocked-out, overstocked and healthy items (below_reorder: build-small.test.ts)', () => {
    const kinds = new Set(agg.map((a) => a.risk));
    for (const k of ['stockout', 'overstock', 'ok']) assert.ok(kinds.has(k), `no ${k} item`);
  });
});
