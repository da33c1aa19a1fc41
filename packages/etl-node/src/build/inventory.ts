import type { Grain } from '@nova-corrente/core/contract';
import type { NovaConfig } from '../config.js';
import type { Db } from '../db.js';
import { periodDays, periodStart } from './grain.js';
import { normalQuantile } from './stats.js';

/**
 * `g_agg_item` and `g_fact_inventory`: the inventory arithmetic of docs/inventory.md.
 *
 * Per item and site, with the forecast source chosen by `config.inventory.source`:
 * - error window: the last ⌈error_window_days / period⌉ periods up to as_of;
 * - σ = sample standard deviation of (forecast − actual) per period over the window;
 * - avg_daily_demand = mean forecast per day over the periods starting in (as_of, as_of + 30 days];
 * - safety_stock = z(service level of the item's criticality) × σ × √(lead_time_days / period_days);
 * - reorder_point = avg_daily_demand × lead_time_days + safety_stock;
 * - suggested order, when on_hand + on_order < reorder_point: the gap up to reorder_point plus
 *   order_cover_days of demand, rounded up to a multiple of min_order_qty.
 */
export async function buildInventory(db: Db, grain: Grain, asOf: string | null, config: NovaConfig): Promise<void> {
  const pd = periodDays(grain);
  const windowPeriods = Math.max(1, Math.ceil(config.inventory.error_window_days / pd));
  await db.run(`CREATE OR REPLACE TABLE z_levels (criticality VARCHAR, z DOUBLE)`);
  for (const [cls, level] of Object.entries(config.service_levels)) {
    await db.run(`INSERT INTO z_levels VALUES ($1, $2)`, [cls, normalQuantile(level)]);
  }
  const asOfSql = asOf === null ? 'NULL::DATE' : `DATE '${asOf.replace(/[^0-9-]/g, '')}'`;
  const unit = grain === 'day' ? 'DAY' : grain === 'week' ? 'WEEK' : 'MONTH';
  await db.run(`CREATE OR REPLACE TABLE g_err AS
    SELECT item_id, site_id, source,
      sum(abs(forecast - actual)) AS sum_abs, sum(actual) AS sum_act, sum(forecast) AS sum_fc,
      avg(CASE WHEN actual > 0 THEN abs(forecast - actual) / actual END) AS mape,
      stddev_samp(forecast - actual) AS sigma, avg(forecast) AS mean_fc_past
    FROM g_fact_forecast
    WHERE actual IS NOT NULL AND date > ${asOfSql} - INTERVAL ${windowPeriods} ${unit}
    GROUP BY ALL`);
  await db.run(`CREATE OR REPLACE TABLE g_future AS
    SELECT item_id, site_id, source, avg(forecast) / ${pd} AS avg_daily
    FROM g_fact_forecast
    WHERE ${asOfSql} IS NULL OR (date > ${asOfSql} AND date <= ${asOfSql} + INTERVAL 30 DAY)
    GROUP BY ALL`);
  const chosen =
    config.inventory.source === 'best'
      ? `row_number() OVER (PARTITION BY s.item_id, s.site_id ORDER BY e.sum_abs / nullif(e.sum_act, 0) ASC NULLS LAST, s.source) = 1`
      : `s.source = $1`;
  await db.run(
    `CREATE OR REPLACE TABLE g_pick AS
    WITH s AS (SELECT DISTINCT item_id, site_id, source FROM g_fact_forecast)
    SELECT s.item_id, s.site_id, s.source FROM s LEFT JOIN g_err e USING (item_id, site_id, source)
    QUALIFY ${chosen}`,
    config.inventory.source === 'best' ? [] : [config.inventory.source],
  );
  // Site 'default' (a forecast without a site) holds the item's stock summed over every site's latest count.
  await db.run(`CREATE OR REPLACE TABLE g_pos AS
    WITH per_site AS (
      SELECT item_id, site_id, arg_max(on_hand, date) AS on_hand, arg_max(on_order, date) AS on_order
      FROM silver_inventory ${asOf === null ? '' : `WHERE date <= ${asOfSql} + INTERVAL ${Math.ceil(pd) - 1} DAY`} GROUP BY ALL)
    SELECT * FROM per_site WHERE site_id <> 'default'
    UNION ALL
    SELECT item_id, 'default' AS site_id, sum(on_hand) AS on_hand, sum(on_order) AS on_order FROM per_site GROUP BY item_id`);
  await db.run(`CREATE OR REPLACE TABLE g_params AS
    SELECT p.item_id, p.site_id, p.source, i.unit_cost, i.lead_time_days, i.min_order_qty,
      coalesce(f.avg_daily, e.mean_fc_past / ${pd}, 0) AS avg_daily_demand,
      coalesce(z.z, 0) * coalesce(e.sigma, 0) * sqrt(i.lead_time_days / ${pd}) AS safety_stock,
      e.sum_abs / nullif(e.sum_act, 0) AS wape, e.mape, (e.sum_fc - e.sum_act) / nullif(e.sum_act, 0) AS bias
    FROM g_pick p JOIN silver_items i USING (item_id)
    LEFT JOIN z_levels z ON z.criticality = i.criticality
    LEFT JOIN g_err e USING (item_id, site_id, source)
    LEFT JOIN g_future f USING (item_id, site_id, source)`);
  await db.run(`CREATE OR REPLACE TABLE g_stockout AS
    WITH fut AS (
      SELECT f.item_id, f.site_id, f.date,
        coalesce(pos.on_hand, 0) - sum(f.forecast) OVER (PARTITION BY f.item_id, f.site_id ORDER BY f.date) AS left_after
      FROM g_fact_forecast f JOIN g_pick USING (item_id, site_id, source)
      LEFT JOIN g_pos pos USING (item_id, site_id)
      WHERE ${asOfSql} IS NOT NULL AND f.date > ${asOfSql})
    SELECT item_id, site_id, min(date) AS projected_stockout_date FROM fut WHERE left_after < 0 GROUP BY ALL`);
  const c = config.inventory;
  await db.run(`CREATE OR REPLACE TABLE g_agg_item AS
    WITH b AS (
      SELECT p.*, coalesce(pos.on_hand, 0) AS on_hand, coalesce(pos.on_order, 0) AS on_order,
        p.avg_daily_demand * p.lead_time_days + p.safety_stock AS reorder_point,
        so.projected_stockout_date
      FROM g_params p LEFT JOIN g_pos pos USING (item_id, site_id) LEFT JOIN g_stockout so USING (item_id, site_id))
    SELECT b.item_id, b.site_id, ${asOfSql} AS as_of, b.on_hand, b.on_order, b.reorder_point, b.safety_stock,
      b.avg_daily_demand, b.avg_daily_demand * 30 AS forecast_next_30d,
      b.on_hand / nullif(b.avg_daily_demand, 0) AS days_of_cover,
      b.projected_stockout_date,
      CASE
        WHEN (b.on_hand <= 0 AND b.avg_daily_demand > 0) OR b.on_hand + b.on_order < b.avg_daily_demand * b.lead_time_days THEN 'stockout'
        WHEN b.on_hand + b.on_order < b.reorder_point THEN 'below_reorder'
        WHEN b.on_hand / nullif(b.avg_daily_demand, 0) > ${Number(c.overstock_days)} THEN 'overstock'
        ELSE 'ok' END AS risk,
      CASE WHEN b.on_hand + b.on_order < b.reorder_point
        THEN ceil((b.reorder_point + b.avg_daily_demand * ${Number(c.order_cover_days)} - b.on_hand - b.on_order) / b.min_order_qty) * b.min_order_qty
        ELSE 0 END AS suggested_order_qty,
      b.on_hand * b.unit_cost AS stock_value,
      b.wape, b.mape, b.bias, b.source, m.model_version
    FROM b LEFT JOIN (SELECT item_id, site_id, source, arg_max(model_version, generated_at) AS model_version
                      FROM g_fact_forecast GROUP BY ALL) m USING (item_id, site_id, source)
    ORDER BY b.item_id, b.site_id`);
  await db.run(`CREATE OR REPLACE TABLE g_fact_inventory AS
    SELECT v.item_id, v.site_id, ${periodStart(grain, 'v.date')} AS date,
      arg_max(v.on_hand, v.date) AS on_hand, arg_max(v.on_order, v.date) AS on_order,
      any_value(coalesce(a.safety_stock, 0)) AS safety_stock, any_value(coalesce(a.reorder_point, 0)) AS reorder_point,
      arg_max(v.on_hand, v.date) / nullif(any_value(a.avg_daily_demand), 0) AS days_of_cover
    FROM silver_inventory v LEFT JOIN g_agg_item a USING (item_id, site_id)
    GROUP BY v.item_id, v.site_id, ${periodStart(grain, 'v.date')}
    ORDER BY v.item_id, v.site_id, date`);
}
