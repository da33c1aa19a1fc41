import { allSitesSql, type Grain } from '@nova-corrente/core/contract';
import type { Db } from '../db.js';
import { DataError } from '../errors.js';
import { periodStart } from './grain.js';

/**
 * Conservation of quantities, checked on the gold tables before anything is written (beyond rows
 * read = kept + quarantined). Per item:
 * 1. the consumption quantity inside its forecast dates with actuals (silver) equals Σ `actual` in
 *    `g_fact_forecast`, counted once per item, site and period whatever the sources: summed by
 *    agg_accuracy's scan of the facts over the rows that are their cell's first
 *    (`g_cell_actual`, per item, site and source, with the first and last date with an actual);
 * 2. its latest stock (Σ over sites of each site's latest count) equals Σ `on_hand` in `g_agg_item`
 *    (items with a forecast).
 * Either failing throws DataError naming the items: quantities vanished or were double counted
 * between the inputs and what a planner would see.
 */
export async function checkConservation(db: Db, grain: Grain): Promise<void> {
  const tol = (a: string, b: string) => `abs(${a} - ${b}) > 1e-6 * greatest(1, abs(${a}), abs(${b}))`;
  const actual = await db.all<{ item_id: string; want: number; got: number }>(`
    WITH per AS (SELECT item_id, site_id, actual, actual_from, actual_to FROM g_cell_actual WHERE actual_from IS NOT NULL),
    got AS (SELECT item_id, sum(actual) AS got FROM per WHERE ${allSitesSql('g_cell_actual')} GROUP BY item_id),
    span AS (SELECT item_id, min(actual_from) AS lo, max(actual_to) AS hi FROM per GROUP BY item_id),
    want AS (SELECT c.item_id, sum(c.quantity) AS want FROM silver_consumption c JOIN span s
             ON c.item_id = s.item_id AND ${periodStart(grain, 'c.date')} BETWEEN s.lo AND s.hi GROUP BY c.item_id)
    SELECT item_id, coalesce(want, 0)::DOUBLE AS want, coalesce(got, 0)::DOUBLE AS got
    FROM got FULL JOIN want USING (item_id)
    WHERE ${tol('coalesce(want, 0)', 'coalesce(got, 0)')} ORDER BY item_id`);
  const stock = await db.all<{ item_id: string; want: number; got: number }>(`
    WITH latest AS (SELECT item_id, site_id, arg_max(on_hand, date) AS on_hand FROM silver_inventory GROUP BY ALL),
    want AS (SELECT item_id, sum(on_hand) AS want FROM latest GROUP BY item_id),
    got AS (SELECT item_id, sum(on_hand) AS got FROM g_agg_item WHERE ${allSitesSql('g_agg_item')} GROUP BY item_id)
    SELECT item_id, coalesce(want, 0)::DOUBLE AS want, coalesce(got, 0)::DOUBLE AS got
    FROM got LEFT JOIN want USING (item_id)
    WHERE ${tol('coalesce(want, 0)', 'coalesce(got, 0)')} ORDER BY item_id`);
  const problems: string[] = [];
  const list = (rows: { item_id: string; want: number; got: number }[], what: string, gold: string) =>
    `${rows.length} item(s) where ${what} ≠ ${gold}: ${rows.slice(0, 10).map((r) => `${r.item_id} (${fmt(r.want)} ≠ ${fmt(r.got)})`).join(', ')}${rows.length > 10 ? ', …' : ''}`;
  if (actual.length) problems.push(list(actual, 'consumption inside the forecast dates', 'Σ actual in fact_forecast'));
  if (stock.length) problems.push(list(stock, 'the latest stock over all sites', 'Σ on_hand in agg_item'));
  if (problems.length) throw new DataError(`conservation check failed, nothing published:\n  ${problems.join('\n  ')}`);
}

function fmt(x: number): string {
  return String(Number(Number(x).toPrecision(12)));
}
