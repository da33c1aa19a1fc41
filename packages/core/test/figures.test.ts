// The contract's figures against hand-computed values, and each SQL twin against its JavaScript
// rule in real DuckDB: one definition, two spellings that must agree.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  AT_RISK_KINDS, addErrorSums, bias, cellErrors, daysOfCover, NO_ERRORS, errorSumsSql, isAtRisk, mape, projectStock, riskClass, riskClassSql, riskRankSql, wape,
} from '../src/contract/index.js';
import { periodStartOf } from '../src/dates.js';

// Three cells (forecast, actual): (2, 4), (5, 0), (3, 1).
//   Σ actual = 5, Σ forecast = 10, Σ|f − a| = 2 + 5 + 2 = 9
//   WAPE = 9 / 5 = 1.8; bias = (10 − 5) / 5 = 1.0
//   MAPE over actual > 0 only: (|2−4|/4 + |3−1|/1) / 2 = (0.5 + 2) / 2 = 1.25
const hand = { actual: 5, forecast: 10, absError: 9, apeSum: 2.5, apeCount: 2 };

test('WAPE, MAPE (zero actuals excluded) and bias of three hand-computed cells', () => {
  assert.equal(wape(hand), 1.8);
  assert.equal(mape(hand), 1.25);
  assert.equal(bias(hand), 1);
});

test('cellErrors summed over the three cells gives the same components', () => {
  const sum = [[2, 4], [5, 0], [3, 1]].reduce((t, [f, a]) => addErrorSums(t, cellErrors(f, a)), NO_ERRORS);
  assert.deepEqual(sum, hand);
});

test('ratios are null, not infinite, without actual demand', () => {
  assert.equal(wape({ absError: 3, actual: 0 }), null);
  assert.equal(bias({ forecast: 3, actual: 0 }), null);
  assert.equal(mape({ apeSum: 0, apeCount: 0 }), null);
});

test('errorSumsSql gives the same components in DuckDB, skipping unscored cells', async () => {
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const r = await con.runAndReadAll(`SELECT ${errorSumsSql('f', 'a')} FROM (VALUES (2::DOUBLE, 4::DOUBLE), (5, 0), (3, 1), (7, NULL), (NULL, 9)) t(f, a)`);
  const [row] = r.getRowObjectsJson() as Record<string, unknown>[];
  assert.deepEqual(
    { actual: row.scored_actual, forecast: row.forecast_with_actual, absError: row.abs_error, apeSum: row.ape_sum, apeCount: row.ape_count },
    hand,
  );
});

const base = { on_hand: 100, on_order: 0, avg_daily_demand: 2, lead_time_days: 10, reorder_point: 50 };

test('the at-risk rule, branch by branch (docs/inventory.md)', () => {
  // Nothing on hand while there is demand.
  assert.equal(riskClass({ ...base, on_hand: 0 }, 180), 'stockout');
  // on hand + on order (15) below one lead time of demand (2 × 10 = 20).
  assert.equal(riskClass({ ...base, on_hand: 15 }, 180), 'stockout');
  // 30 covers the lead time (20) but not the reorder point (50).
  assert.equal(riskClass({ ...base, on_hand: 30 }, 180), 'below_reorder');
  // Goods on order count: 30 + 25 = 55 ≥ 50.
  assert.equal(riskClass({ ...base, on_hand: 30, on_order: 25 }, 180), 'ok');
  // 400 / 2 = 200 days of cover > 180.
  assert.equal(riskClass({ ...base, on_hand: 400 }, 180), 'overstock');
  // Exactly 180 days is not overstock.
  assert.equal(riskClass({ ...base, on_hand: 360 }, 180), 'ok');
  // No demand and nothing on hand: nothing to run out of.
  assert.equal(riskClass({ ...base, on_hand: 0, avg_daily_demand: 0, reorder_point: 0 }, 180), 'ok');
  assert.deepEqual([...AT_RISK_KINDS], ['stockout', 'below_reorder']);
  assert.equal(isAtRisk('stockout') && isAtRisk('below_reorder') && !isAtRisk('overstock') && !isAtRisk('ok'), true);
  assert.equal(daysOfCover(30, 2), 15);
  assert.equal(daysOfCover(30, 0), null);
});

test('riskClassSql agrees with riskClass on a grid of positions, in DuckDB', async () => {
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const cases: (typeof base)[] = [];
  for (const on_hand of [-5, 0, 10, 19.5, 20, 49, 50, 359, 360, 361, 1000]) {
    for (const on_order of [0, 5, 40]) {
      for (const avg_daily_demand of [0, 0.5, 2]) cases.push({ on_hand, on_order, avg_daily_demand, lead_time_days: 10, reorder_point: avg_daily_demand * 10 + 30 });
    }
  }
  const values = cases.map((c) => `(${c.on_hand}, ${c.on_order}, ${c.avg_daily_demand}, ${c.lead_time_days}, ${c.reorder_point})`).join(', ');
  const r = await con.runAndReadAll(`SELECT ${riskClassSql('t', 180)} AS risk FROM (VALUES ${values}) t(on_hand, on_order, avg_daily_demand, lead_time_days, reorder_point)`);
  const sql = (r.getRowObjectsJson() as { risk: string }[]).map((x) => x.risk);
  assert.deepEqual(sql, cases.map((c) => riskClass(c, 180)));
  assert.ok(new Set(sql).size === 4, 'the grid reaches every class');
});

test('riskRankSql ranks stockouts by criticality, then stockout date, then value of demand at risk', async () => {
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  // Hand order for stockout: A items first (P2 before P1: earlier date), then B by date (P4 on
  // 07-02 before P3 and P5 on 07-05; P5 before P3: more demand value), then C; overstock by stock value.
  const r = await con.runAndReadAll(`SELECT item_id, risk, ${riskRankSql('t')} AS rk FROM (VALUES
      ('P1', 'S', 'stockout', 'A', DATE '2026-07-09', 10.0, 0.0),
      ('P2', 'S', 'stockout', 'A', DATE '2026-07-01', 1.0, 0.0),
      ('P3', 'S', 'stockout', 'B', DATE '2026-07-05', 5.0, 0.0),
      ('P4', 'S', 'stockout', 'B', DATE '2026-07-02', 1.0, 0.0),
      ('P5', 'S', 'stockout', 'B', DATE '2026-07-05', 50.0, 0.0),
      ('P6', 'S', 'stockout', 'C', NULL, 999.0, 0.0),
      ('P7', 'S', 'overstock', 'A', NULL, 0.0, 10.0),
      ('P8', 'S', 'overstock', 'C', NULL, 0.0, 90.0),
      ('P9', 'S', 'ok', 'A', NULL, 0.0, 1.0)
    ) t(item_id, site_id, risk, criticality, projected_stockout_date, demand_value_30d, stock_value) ORDER BY risk, rk`);
  const got = (r.getRowObjectsJson() as { item_id: string; risk: string; rk: number | null }[]).map((x) => `${x.risk}:${x.rk}:${x.item_id}`);
  assert.deepEqual(got, [
    'ok:null:P9',
    'overstock:1:P8', 'overstock:2:P7',
    'stockout:1:P2', 'stockout:2:P1', 'stockout:3:P4', 'stockout:4:P5', 'stockout:5:P3', 'stockout:6:P6',
  ]);
});

test('projectStock: on hand minus the cumulative forecast, up to the first negative period', () => {
  const p = projectStock(10, [
    { date: '2026-07-01', forecast: 3 },
    { date: '2026-07-02', forecast: 4 },
    { date: '2026-07-03', forecast: 4 },
    { date: '2026-07-04', forecast: 1 },
  ]);
  assert.deepEqual(p, [
    { date: '2026-07-01', on_hand: 7 },
    { date: '2026-07-02', on_hand: 3 },
    { date: '2026-07-03', on_hand: -1 },
  ]);
  assert.deepEqual(projectStock(5, []), []);
});

test('periodStartOf: Monday weeks and first-of-month, as the ETL writes them', () => {
  assert.equal(periodStartOf('week', '2026-07-01'), '2026-06-29'); // Wednesday → Monday
  assert.equal(periodStartOf('week', '2026-06-29'), '2026-06-29');
  assert.equal(periodStartOf('week', '2026-07-05'), '2026-06-29'); // Sunday ends the ISO week
  assert.equal(periodStartOf('week', '1970-01-01'), '1969-12-29');
  assert.equal(periodStartOf('month', '2026-02-28'), '2026-02-01');
  assert.equal(periodStartOf('day', '2026-02-28'), '2026-02-28');
});
