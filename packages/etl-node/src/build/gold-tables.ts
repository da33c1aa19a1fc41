import type { Grain } from '@nova-corrente/core/contract';
import type { Db } from '../db.js';
import { holidaysBetween } from './calendar.js';
import { periodInterval, periodStart } from './grain.js';

/** Dimension and fact tables of the gold layer (`g_<table>`), computed from silver. */
export async function buildFacts(db: Db, grain: Grain, asOfGiven?: string): Promise<{ asOf: string | null }> {
  const p = (col: string) => periodStart(grain, col);
  // A forecast without a site (site 'default', e.g. a national model) covers the item across all
  // sites: its actual is the item's consumption summed over every site (docs/inputs.md).
  await db.run(`CREATE OR REPLACE TABLE g_actual AS
    SELECT item_id, site_id, ${p('date')} AS date, sum(quantity) AS qty FROM silver_consumption WHERE site_id <> 'default' GROUP BY ALL
    UNION ALL
    SELECT item_id, 'default' AS site_id, ${p('date')} AS date, sum(quantity) AS qty FROM silver_consumption GROUP BY ALL`);
  // as_of: the given date, else the last consumption period; without any consumption, the period
  // before the forecasts were generated (and actuals stay unknown, not zero).
  const asOfRow = await db.one<{ as_of: string | null; has: boolean }>(
    `SELECT CAST(coalesce(${p('$1::DATE')}, ${p('(SELECT max(date) FROM silver_consumption)')}, ${p('(SELECT CAST(min(generated_at) AS DATE) - 1 FROM silver_forecasts)')}) AS VARCHAR) AS as_of,
            (SELECT count(*) > 0 FROM silver_consumption) AS has`,
    [asOfGiven ?? null],
  );
  const asOf = asOfRow?.as_of ?? null;
  const hasActuals = Boolean(asOfRow?.has);
  // A past period without movement is zero demand; only periods after as_of have no actual.
  await db.run(`CREATE OR REPLACE TABLE g_fact_forecast AS
    WITH f AS (${
      grain === 'day'
        ? // keys are unique after silver (duplicates quarantined): nothing to aggregate
          `SELECT item_id, site_id, source, date, forecast, forecast_lo, forecast_hi, model_version, generated_at, dataset_id FROM silver_forecasts`
        : `SELECT item_id, site_id, source, ${p('date')} AS date,
        sum(forecast) AS forecast, sum(forecast_lo) AS forecast_lo, sum(forecast_hi) AS forecast_hi,
        arg_max(model_version, generated_at) AS model_version, max(generated_at) AS generated_at,
        arg_max(dataset_id, generated_at) AS dataset_id
      FROM silver_forecasts GROUP BY ALL`
    })
    SELECT f.item_id, f.site_id, f.source, f.date, f.forecast, f.forecast_lo, f.forecast_hi,
      CASE WHEN $2 AND f.date <= $1::DATE THEN coalesce(a.qty, 0) ELSE NULL END AS actual,
      f.model_version, f.generated_at, f.dataset_id
    FROM f LEFT JOIN g_actual a USING (item_id, site_id, date)
    ORDER BY f.item_id, f.site_id, f.date, f.source`, [asOf, hasActuals]);
  await db.run(`DROP TABLE g_actual`);
  await db.run(`CREATE OR REPLACE TABLE g_dim_item AS
    SELECT item_id, sku, name, category, unit, unit_cost, currency, lead_time_days, min_order_qty, criticality
    FROM silver_items ORDER BY item_id`);
  await db.run(`CREATE OR REPLACE TABLE g_dim_site AS
    WITH used AS (SELECT DISTINCT site_id FROM g_fact_forecast UNION SELECT DISTINCT site_id FROM silver_inventory)
    SELECT site_id, name, state, region FROM silver_sites
    UNION ALL
    SELECT u.site_id, CASE WHEN u.site_id = 'default' THEN 'Default' ELSE u.site_id END, '', ''
    FROM used u WHERE u.site_id NOT IN (SELECT site_id FROM silver_sites)
    ORDER BY site_id`);
  return { asOf };
}

/** `g_dim_time`: one row per period between the first and last fact date, Brazilian holidays flagged. */
export async function buildDimTime(db: Db, grain: Grain): Promise<void> {
  const range = await db.one<{ lo: string; hi: string }>(`SELECT CAST(min(date) AS VARCHAR) lo, CAST(max(date) AS VARCHAR) hi FROM
      (SELECT date FROM g_fact_forecast UNION ALL SELECT ${periodStart(grain, 'date')} FROM silver_inventory)`);
  await db.run(`CREATE OR REPLACE TABLE holidays (date DATE, name VARCHAR)`);
  if (!range?.lo) {
    await db.run(`CREATE OR REPLACE TABLE g_dim_time AS SELECT CAST(NULL AS DATE) AS date WHERE false`);
    return;
  }
  const hol = holidaysBetween(Number(range.lo.slice(0, 4)), Number(range.hi.slice(0, 4)));
  const app = await db.con.createAppender('holidays');
  for (const [d, name] of hol) {
    app.appendVarchar(d);
    app.appendVarchar(name);
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
  await db.run(`CREATE OR REPLACE TABLE g_dim_time AS
    WITH d AS (SELECT CAST(generate_series AS DATE) AS date FROM generate_series($1::DATE, $2::DATE, ${periodInterval(grain)}))
    SELECT d.date, year(d.date)::INTEGER AS year, quarter(d.date)::INTEGER AS quarter, month(d.date)::INTEGER AS month,
      weekofyear(d.date)::INTEGER AS iso_week, isodow(d.date)::INTEGER AS day_of_week,
      ${grain === 'day' ? 'isodow(d.date) >= 6' : 'false'} AS is_weekend,
      count(h.date) > 0 AS is_holiday,
      string_agg(h.name, '; ' ORDER BY h.date) AS holiday_name
    FROM d LEFT JOIN holidays h ON ${periodStart(grain, 'h.date')} = d.date
    GROUP BY ALL ORDER BY d.date`, [range.lo, range.hi]);
}
