import { errorSumsSql, riskClassSql, riskRankSql, stockLeftSql, type Grain, WHOLE_ITEM_SITE } from '@nova-corrente/core/contract';
import type { NovaConfig } from '../config.js';
import type { Db } from '../db.js';
import { BUCKET_COLUMN, itemBuckets } from '../gold/write-tables.js';
import { FACT_ROWS } from './gold-tables.js';
import { periodDays, periodStart } from './grain.js';
import { nullCountsSql } from './quality.js';
import { RULES } from './silver-rules.js';
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
/** SQL literal of `as_of` (or NULL). */
export function asOfSqlOf(asOf: string | null): string {
  return asOf === null ? 'NULL::DATE' : `DATE '${asOf.replace(/[^0-9-]/g, '')}'`;
}

/** SQL condition: `date` is inside the error window, the last ⌈error_window_days / period⌉ periods up to as_of. */
export function errorWindowSql(grain: Grain, asOf: string | null, config: NovaConfig, date = 'date'): string {
  const windowPeriods = Math.max(1, Math.ceil(config.inventory.error_window_days / periodDays(grain)));
  const unit = grain === 'day' ? 'DAY' : grain === 'week' ? 'WEEK' : 'MONTH';
  return `${date} > ${asOfSqlOf(asOf)} - INTERVAL ${windowPeriods} ${unit} AND ${date} <= ${asOfSqlOf(asOf)}`;
}

/**
 * The fact table's dates as bit positions: `offset(date)` is the days since the first fact date
 * (`from`), `span` the last position. A key's dates are then one bitstring of span + 1 bits (at
 * 1,000 days 126 bytes; the dates of checked forecasts lie in 1990–2100: at most 5 KB).
 */
async function cellDays(db: Db): Promise<{ from: string; offset: (date: string) => string; span: number }> {
  const r = await db.one<{ lo: string | null; span: number | null }>(
    `SELECT CAST(min(date) AS VARCHAR) AS lo, (max(date) - min(date))::INTEGER AS span FROM ${FACT_ROWS}`);
  const from = `DATE '${(r?.lo ?? '1970-01-01').replace(/[^0-9-]/g, '')}'`;
  return { from, offset: (date) => `(${date} - ${from})::INTEGER`, span: Math.max(0, Number(r?.span ?? 0)) };
}

export async function buildInventory(db: Db, grain: Grain, asOf: string | null, config: NovaConfig): Promise<void> {
  const pd = periodDays(grain);
  await db.run(`CREATE OR REPLACE TABLE z_levels (criticality VARCHAR, z DOUBLE)`);
  for (const [cls, level] of Object.entries(config.service_levels)) {
    await db.run(`INSERT INTO z_levels VALUES ($1, $2)`, [cls, normalQuantile(level)]);
  }
  const asOfSql = asOfSqlOf(asOf);
  // One scan of the fact table for every per-(item, site, source) figure: the error window's
  // components, the next 30 days' mean and the latest model version. The window's error sums of
  // the contract (errorSumsSql over the window's rows only) and its row count are what agg_model
  // adds up per source and category: it needs no scan of its own. An aggregate over rows its
  // FILTER excludes is NULL, as a missing row of a separate table would be after a LEFT JOIN.
  const inWindow = `actual IS NOT NULL AND ${errorWindowSql(grain, asOf, config)}`;
  const future = `${asOfSql} IS NULL OR (date > ${asOfSql} AND date <= ${asOfSql} + INTERVAL 30 DAY)`;
  // The same scan keeps each key's dates as a bitstring (`_dates`, bit i: the first fact date + i
  // days; agg_daily counts each item, site and period once by them, accuracy.ts g_keys), the
  // first and last date with an actual (the conservation check's span), and the fact table's
  // rows and non-null values per column (the gold checks', quality.ts: no scan of their own).
  const days = await cellDays(db);
  await db.run(`CREATE OR REPLACE TABLE g_err AS
    SELECT item_id, site_id, source,
      sum(abs(forecast - actual)) FILTER (WHERE ${inWindow}) AS sum_abs, sum(actual) FILTER (WHERE ${inWindow}) AS sum_act,
      sum(forecast) FILTER (WHERE ${inWindow}) AS sum_fc,
      avg(CASE WHEN actual > 0 THEN abs(forecast - actual) / actual END) FILTER (WHERE ${inWindow}) AS mape,
      stddev_samp(forecast - actual) FILTER (WHERE ${inWindow}) AS sigma, avg(forecast) FILTER (WHERE ${inWindow}) AS mean_fc_past,
      avg(forecast) FILTER (WHERE ${future}) / ${pd} AS avg_daily,
      arg_max(model_version, generated_at) AS model_version,
      ${errorSumsSql(`CASE WHEN ${inWindow} THEN forecast END`, `CASE WHEN ${inWindow} THEN actual END`)},
      count(*) FILTER (WHERE ${inWindow})::INTEGER AS scored,
      bitstring_agg(${days.offset('date')}, 0, ${days.span}) AS _dates, ${days.from} AS _dates_from,
      min(date) FILTER (WHERE actual IS NOT NULL) AS actual_from, max(date) FILTER (WHERE actual IS NOT NULL) AS actual_to,
      ${nullCountsSql('fact_forecast')}
    FROM g_fact_forecast
    GROUP BY ALL`);
  const chosen =
    config.inventory.source === 'best'
      ? `row_number() OVER (PARTITION BY e.item_id, e.site_id ORDER BY e.sum_abs / nullif(e.sum_act, 0) ASC NULLS LAST, e.source) = 1`
      : `e.source = $1`;
  await db.run(
    `CREATE OR REPLACE TABLE g_pick AS
    SELECT e.item_id, e.site_id, e.source FROM g_err e
    QUALIFY ${chosen}`,
    config.inventory.source === 'best' ? [] : [config.inventory.source],
  );
  // Site 'default' (a forecast without a site) holds the item's stock summed over every site's latest count.
  await db.run(`CREATE OR REPLACE TABLE g_pos AS
    WITH per_site AS (
      SELECT item_id, site_id, arg_max(on_hand, date) AS on_hand, arg_max(on_order, date) AS on_order
      FROM silver_inventory ${asOf === null ? '' : `WHERE date <= ${asOfSql} + INTERVAL ${Math.ceil(pd) - 1} DAY`} GROUP BY ALL)
    SELECT * FROM per_site WHERE site_id <> '${WHOLE_ITEM_SITE}'
    UNION ALL
    SELECT item_id, '${WHOLE_ITEM_SITE}' AS site_id, sum(on_hand) AS on_hand, sum(on_order) AS on_order FROM per_site GROUP BY item_id`);
  await db.run(`CREATE OR REPLACE TABLE g_params AS
    SELECT p.item_id, p.site_id, p.source, i.unit_cost, i.lead_time_days, i.min_order_qty, i.criticality,
      coalesce(e.avg_daily, e.mean_fc_past / ${pd}, 0) AS avg_daily_demand,
      coalesce(z.z, 0) * coalesce(e.sigma, 0) * sqrt(i.lead_time_days / ${pd}) AS safety_stock,
      e.sum_abs / nullif(e.sum_act, 0) AS wape, e.mape, (e.sum_fc - e.sum_act) / nullif(e.sum_act, 0) AS bias
    FROM g_pick p JOIN silver_items i USING (item_id)
    LEFT JOIN z_levels z ON z.criticality = i.criticality
    LEFT JOIN g_err e USING (item_id, site_id, source)`);
  const c = config.inventory;
  await db.run(`CREATE OR REPLACE TABLE g_stockout AS
    WITH fut AS (
      SELECT f.item_id, f.site_id, f.date,
        ${stockLeftSql('coalesce(pos.on_hand, 0)', 'f.forecast', 'f.item_id, f.site_id', 'f.date')} AS left_after
      FROM ${FACT_ROWS} f JOIN g_pick USING (item_id, site_id, source)
      LEFT JOIN g_pos pos USING (item_id, site_id)
      WHERE ${asOfSql} IS NOT NULL AND f.date > ${asOfSql})
    SELECT item_id, site_id, min(date) AS projected_stockout_date FROM fut WHERE left_after < 0 GROUP BY ALL`);
  // The risk rule and the urgency ranking come from the contract (riskClassSql, riskRankSql).
  await db.run(`CREATE OR REPLACE TABLE g_agg_item AS
    WITH b AS (
      SELECT p.*, coalesce(pos.on_hand, 0) AS on_hand, coalesce(pos.on_order, 0) AS on_order,
        p.avg_daily_demand * p.lead_time_days + p.safety_stock AS reorder_point,
        so.projected_stockout_date
      FROM g_params p LEFT JOIN g_pos pos USING (item_id, site_id) LEFT JOIN g_stockout so USING (item_id, site_id)),
    r AS (
      SELECT b.*, ${riskClassSql('b', Number(c.overstock_days))} AS risk,
        b.avg_daily_demand * 30 AS forecast_next_30d,
        b.avg_daily_demand * 30 * b.unit_cost AS demand_value_30d,
        b.on_hand * b.unit_cost AS stock_value
      FROM b)
    SELECT r.item_id, r.site_id, ${asOfSql} AS as_of, r.on_hand, r.on_order, r.reorder_point, r.safety_stock,
      r.avg_daily_demand, r.forecast_next_30d,
      r.on_hand / nullif(r.avg_daily_demand, 0) AS days_of_cover,
      r.projected_stockout_date, r.risk,
      ${riskRankSql('r')} AS risk_rank,
      CASE WHEN r.on_hand + r.on_order < r.reorder_point
        THEN ceil((r.reorder_point + r.avg_daily_demand * ${Number(c.order_cover_days)} - r.on_hand - r.on_order) / r.min_order_qty) * r.min_order_qty
        ELSE 0 END AS suggested_order_qty,
      r.stock_value, r.demand_value_30d,
      r.wape, r.mape, r.bias, r.source, m.model_version
    FROM r LEFT JOIN g_err m USING (item_id, site_id, source)
    ORDER BY r.item_id, r.site_id`);
  // Stock per item, site and period: the period's latest count. At day grain a period is a day
  // and silver_inventory's key is (item_id, site_id, date) — later repeats are quarantined as
  // duplicate_key — so each row is its own period and is taken as it is, without a hash
  // aggregation into one group per row (1.1 M at 5,000 items). It is then laid out like
  // g_fact_rows, for the writer: ordered by each item's file bucket only (the writer orders each
  // bucket by its key as it copies it), which spares the writer's own sort by (bucket, key) of
  // a table already sorted here by the key.
  if (grain === 'day' && RULES.inventory.key.join() === 'item_id,site_id,date') {
    const rows = Number((await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM silver_inventory`))?.n ?? 0);
    const buckets = await itemBuckets(db, 'fact_inventory', rows, 'silver_items');
    await db.run(`CREATE OR REPLACE TABLE g_fact_inventory AS
      SELECT k.${BUCKET_COLUMN}, v.item_id, v.site_id, v.date, v.on_hand, v.on_order,
        coalesce(a.safety_stock, 0) AS safety_stock, coalesce(a.reorder_point, 0) AS reorder_point,
        v.on_hand / nullif(a.avg_daily_demand, 0) AS days_of_cover
      FROM silver_inventory v JOIN ${buckets} k ON k.item_id = v.item_id LEFT JOIN g_agg_item a ON a.item_id = v.item_id AND a.site_id = v.site_id
      ORDER BY k.${BUCKET_COLUMN}`);
    const got = Number((await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM g_fact_inventory`))?.n);
    if (got !== rows) throw new Error(`internal: g_fact_inventory has ${got} rows, silver_inventory ${rows}`);
    return;
  }
  await db.run(`CREATE OR REPLACE TABLE g_fact_inventory AS
    SELECT v.item_id, v.site_id, ${periodStart(grain, 'v.date')} AS date,
      arg_max(v.on_hand, v.date) AS on_hand, arg_max(v.on_order, v.date) AS on_order,
      any_value(coalesce(a.safety_stock, 0)) AS safety_stock, any_value(coalesce(a.reorder_point, 0)) AS reorder_point,
      arg_max(v.on_hand, v.date) / nullif(any_value(a.avg_daily_demand), 0) AS days_of_cover
    FROM silver_inventory v LEFT JOIN g_agg_item a USING (item_id, site_id)
    GROUP BY v.item_id, v.site_id, ${periodStart(grain, 'v.date')}
    ORDER BY v.item_id, v.site_id, date`);
}
