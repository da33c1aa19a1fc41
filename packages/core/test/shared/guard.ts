// The read-only SQL guard: what it lets through, which tables it loads, when it narrows a fact
// table to one item.
import { planSql } from '../../src/sql/guard.js';
import { NovaError } from '../../src/errors.js';
import { eq, ok, same } from './assert.js';
import type { Define } from './env.js';

export function guardTests(def: Define, label: string): void {
  def(`${label}: guard finds the gold tables a query references`, async () => {
    same(planSql('SELECT * FROM dim_item').tables, ['dim_item'], 'one table');
    same(planSql('WITH a AS (SELECT * FROM agg_item) SELECT * FROM a JOIN "dim_item" USING (item_id)').tables.sort(), ['agg_item', 'dim_item'], 'quoted and CTE');
    same(planSql("SELECT 'fact_forecast' AS s").tables, [], 'names inside strings do not count');
    same(planSql('select 1 -- from fact_forecast').tables, [], 'names inside comments do not count');
  });

  def(`${label}: guard narrows a fact table to one item only when it is provably safe`, async () => {
    same(planSql('SELECT * FROM fact_forecast WHERE item_id = ?', ['A']).itemFilter, { table: 'fact_forecast', itemId: 'A' }, 'param');
    same(planSql("SELECT * FROM fact_inventory WHERE date > ? AND item_id = 'B'", ['2026-01-01']).itemFilter, { table: 'fact_inventory', itemId: 'B' }, 'literal after another param');
    same(planSql('SELECT * FROM fact_forecast f WHERE f.item_id = ? AND f.source = ?', ['C', 'ensemble']).itemFilter, { table: 'fact_forecast', itemId: 'C' }, 'qualified');
    const none = [
      ['SELECT * FROM fact_forecast WHERE item_id = ? OR forecast > 1', ['A']],
      ['SELECT * FROM fact_forecast WHERE NOT item_id = ?', ['A']],
      ['SELECT * FROM fact_forecast WHERE item_id <= ?', ['A']],
      ['SELECT * FROM fact_forecast WHERE (SELECT 1) = 1 AND item_id = ?', ['A']],
      ['SELECT * FROM fact_forecast f JOIN dim_item d USING (item_id) WHERE item_id = ?', ['A']],
      ['SELECT * FROM fact_forecast WHERE item_id = ? || \'x\'', ['A']],
      ['SELECT * FROM fact_forecast WHERE item_id = ?', [1]],
      ['SELECT * FROM fact_forecast WHERE CASE WHEN item_id = ? THEN true ELSE true END', ['A']],
    ] as const;
    for (const [q, p] of none) eq(planSql(q, [...p]).itemFilter, undefined, q);
  });

  def(`${label}: guard rejects writes, settings, file access and several statements`, async () => {
    const bad = ['DROP TABLE dim_item', 'select 1; select 2', "COPY (SELECT 1) TO 'x'", 'SET threads=1', 'PRAGMA x', 'SELECT * FROM glob(\'*\')',
      'SELECT $1', 'SELECT * FROM _nova_1', 'LOAD parquet', 'ATTACH \'x\'', 'INSTALL x', 'EXPORT DATABASE \'x\'', 'SELECT \'unterminated'];
    for (const q of bad) {
      let err: unknown;
      try {
        planSql(q);
      } catch (e) {
        err = e;
      }
      ok(err instanceof NovaError && err.code === 'invalid_argument', `rejected: ${q}`);
    }
    eq(planSql('  (SELECT 1) ;; ').sql, '  (SELECT 1) ;; ', 'trailing semicolons and parentheses are fine');
    eq(planSql("SELECT 'a;b; DROP TABLE x' AS s").tables.length, 0, 'semicolons inside strings are fine');
  });
}
