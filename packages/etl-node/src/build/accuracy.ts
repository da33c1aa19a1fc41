import { ALL_SITES, GRAINS, PLAN_SOURCE, WHOLE_ITEM_SITE, allSitesSql, errorSumsSql, isAtRiskSql, type Grain } from '@nova-corrente/core/contract';
import type { NovaConfig } from '../config.js';
import type { Db } from '../db.js';
import { FACT_ROWS } from './gold-tables.js';
import { periodStart } from './grain.js';
import { asOfSqlOf, errorWindowSql } from './inventory.js';

const PLAN = `'${PLAN_SOURCE}'`;

/**
 * `g_keys`: each (item, site, source) of the fact table once, with a number (`_k`), whether its
 * source is the item-site's selected one (`g_agg_item.source`) and `_earlier`, the dates of the
 * item-site's sources that sort before it (the OR of their `g_err._dates` bitstrings). A fact
 * row is its item, site and period's first — the one that counts the period's actual once,
 * actual demand never depending on the forecast sources — when no earlier source has its date
 * ({@link FIRST_OF_CELL}). This replaces a hash aggregation into one group per item, site and
 * period (`g_cells`: 3.2 M groups at 5,000 items; ADR 0006, session 11).
 *
 * The contract's all-sites rule (`allSitesRows`): a per-site key is left out of the all-sites
 * rows (`site_id` '') of the item's demand and plan when the item has a forecast without a site
 * (`shadowed_item`), and of its source's when that source has one for the item (`shadowed_src`).
 */
async function buildKeys(db: Db): Promise<void> {
  const whole = `e.site_id = '${WHOLE_ITEM_SITE}'`;
  await db.run(`CREATE OR REPLACE TEMP TABLE g_keys AS
    SELECT row_number() OVER ()::INTEGER AS _k, e.item_id, e.site_id, e.source, a.source IS NOT NULL AS selected,
      bit_or(e._dates) OVER (PARTITION BY e.item_id, e.site_id ORDER BY e.source ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS _earlier,
      NOT ${whole} AND bool_or(${whole}) OVER (PARTITION BY e.item_id) AS shadowed_item,
      NOT ${whole} AND bool_or(${whole}) OVER (PARTITION BY e.item_id, e.source) AS shadowed_src,
      e._dates_from, e.actual_from, e.actual_to
    FROM g_err e LEFT JOIN g_agg_item a ON a.item_id = e.item_id AND a.site_id = e.site_id AND a.source = e.source`);
}

/**
 * True when some item has both a forecast without a site and per-site ones: then agg_daily and
 * agg_accuracy carry all-sites rows (site_id ''), as the sum of their sites' rows would count those
 * items twice; otherwise that sum is the all-sites figure and no such rows are written.
 */
async function hasShadowedSites(db: Db): Promise<boolean> {
  return Boolean((await db.one<{ m: boolean | null }>(`SELECT bool_or(shadowed_item) AS m FROM g_keys`))?.m);
}

/** SQL: fact row `f` (joined to its `g_keys` row `k`) is the first of its item, site and period. */
const FIRST_OF_CELL = `(k._earlier IS NULL OR get_bit(k._earlier, (f.date - k._dates_from)::INTEGER) = 0)`;
/** The fact rows joined to their key. */
const FACTS_WITH_KEYS = `${FACT_ROWS} f LEFT JOIN g_keys k ON k.item_id = f.item_id AND k.site_id = f.site_id AND k.source = f.source`;

/**
 * `g_agg_daily`: per site, source (and `plan`) and period: totals, error components, 7-period
 * means and 30-period totals. On `plan` rows `actual` is the demand of every (item, site, period)
 * once; on a source's rows, the demand of the cells that source forecasts.
 *
 * One scan of the fact table: sums per (site, source, period, selected or not) into `g_half`,
 * each row flagged by whether its source is its item-site's selected one; a source's figures add
 * both halves, the plan's the selected half. The same scan sums the actual of the rows that are
 * their cell's first: `g_demand`, the demand per site and period (kept for agg_accuracy).
 */
export async function buildAggDaily(db: Db): Promise<void> {
  await buildKeys(db);
  // The all-sites flags are carried (and all-sites rows written) only in gold that needs them.
  const mixed = await hasShadowedSites(db);
  await db.run(`CREATE OR REPLACE TEMP TABLE g_half AS
    SELECT f.site_id, f.source, f.date, coalesce(k.selected, false) AS selected,
      ${mixed ? 'coalesce(k.shadowed_item, false) AS shadowed_item, coalesce(k.shadowed_src, false) AS shadowed_src,' : ''}
      sum(f.forecast) AS forecast, sum(f.actual) AS actual,
      ${errorSumsSql('f.forecast', 'f.actual')},
      count(*)::INTEGER AS items, -- one row per item at this site, source and date
      sum(f.actual) FILTER (WHERE ${FIRST_OF_CELL}) AS cell_actual
    FROM ${FACTS_WITH_KEYS}
    GROUP BY ALL`);
  // The demand per site and period, and the part of it an all-sites figure counts (all-sites rule).
  await db.run(`CREATE OR REPLACE TEMP TABLE g_demand AS
    SELECT site_id, date, sum(cell_actual) AS actual${mixed ? ', sum(cell_actual) FILTER (WHERE NOT shadowed_item) AS whole_actual' : ''} FROM g_half GROUP BY ALL`);
  const sums = `sum(forecast) AS forecast, sum(actual) AS actual, sum(scored_actual) AS scored_actual,
    sum(forecast_with_actual) AS forecast_with_actual, sum(abs_error) AS abs_error, sum(ape_sum) AS ape_sum,
    sum(ape_count)::INTEGER AS ape_count, sum(items)::INTEGER AS items`;
  const planSums = `sum(h.forecast) AS forecast, any_value(d.actual) AS actual,
        sum(h.scored_actual) AS scored_actual, sum(h.forecast_with_actual) AS forecast_with_actual, sum(h.abs_error) AS abs_error,
        sum(h.ape_sum) AS ape_sum, sum(h.ape_count)::INTEGER AS ape_count, sum(h.items)::INTEGER AS items`;
  // All-sites rows (site_id ''), only when the sum of the sites' rows would count an item twice.
  const allSites = mixed ? `
      UNION ALL
      SELECT '${ALL_SITES}' AS site_id, source, date, ${sums} FROM g_half WHERE NOT shadowed_src GROUP BY source, date
      UNION ALL
      SELECT '${ALL_SITES}' AS site_id, ${PLAN} AS source, h.date, ${planSums}
      FROM g_half h LEFT JOIN (SELECT date, sum(whole_actual) AS actual FROM g_demand GROUP BY date) d ON d.date = h.date
      WHERE h.selected AND NOT h.shadowed_item GROUP BY h.date` : '';
  await db.run(`CREATE OR REPLACE TABLE g_agg_daily AS
    WITH u AS (
      SELECT site_id, source, date, ${sums} FROM g_half GROUP BY site_id, source, date
      UNION ALL
      SELECT h.site_id, ${PLAN} AS source, h.date, ${planSums}
      FROM g_half h LEFT JOIN g_demand d ON d.site_id = h.site_id AND d.date = h.date WHERE h.selected GROUP BY h.site_id, h.date${allSites})
    SELECT site_id, source, date, forecast, actual, abs_error, ape_sum, ape_count, items,
      avg(forecast) OVER w7 AS forecast_ma7, avg(actual) OVER w7 AS actual_ma7,
      sum(forecast) OVER w30 AS forecast_30, sum(actual) OVER w30 AS actual_30,
      scored_actual, forecast_with_actual
    FROM u
    WINDOW w7 AS (PARTITION BY site_id, source ORDER BY date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW),
           w30 AS (PARTITION BY site_id, source ORDER BY date ROWS BETWEEN 29 PRECEDING AND CURRENT ROW)
    ORDER BY site_id, source, date`);
  await db.run(`DROP TABLE g_half`);
}

/**
 * `g_agg_accuracy`: error components at each planning grain coarser than the gold's (week and
 * month of daily gold, month of weekly gold). A cell is one (item, site, period of that grain):
 * its forecast over the days that have an actual is compared with its summed actual. Each
 * source's cells are summed once; the plan's are those of the selected source.
 */
export async function buildAggAccuracy(db: Db, grain: Grain): Promise<void> {
  const coarser = GRAINS.slice(GRAINS.indexOf(grain) + 1);
  // `cell_actual`: the actual of the rows that are their cell's first, per key — the conservation
  // check's Σ actual (g_cell_actual), from the same scan when there is one.
  const cellActual = `sum(f.actual) FILTER (WHERE ${FIRST_OF_CELL}) AS cell_actual`;
  const cellTable = (from: string) => `CREATE OR REPLACE TEMP TABLE g_cell_actual AS
    SELECT k.item_id, k.site_id, c.cell_actual AS actual, k.actual_from, k.actual_to FROM (${from}) c JOIN g_keys k USING (_k)`;
  if (coarser.length === 0) {
    await db.run(cellTable(`SELECT k._k, ${cellActual} FROM ${FACTS_WITH_KEYS} GROUP BY ALL`));
    await db.run(`CREATE OR REPLACE TABLE g_agg_accuracy AS
      SELECT NULL::VARCHAR AS grain, NULL::VARCHAR AS site_id, NULL::VARCHAR AS source, NULL::DATE AS date,
        NULL::DOUBLE AS forecast, NULL::DOUBLE AS actual, NULL::DOUBLE AS scored_actual, NULL::DOUBLE AS forecast_with_actual,
        NULL::DOUBLE AS abs_error, NULL::DOUBLE AS ape_sum, NULL::INTEGER AS ape_count, NULL::INTEGER AS item_sites WHERE false`);
    return;
  }
  const mixed = await hasShadowedSites(db);
  // One scan of the fact table: sum per key (g_keys._k, a number: a narrower group than the three
  // strings) and fragment of a period of every coarser grain at once (a day is in one week and
  // one month), then each grain from the fragments.
  const starts = coarser.map((g) => `${periodStart(g, 'f.date')} AS p_${g}`).join(', ');
  await db.run(`CREATE OR REPLACE TEMP TABLE g_frag AS
    SELECT k._k, ${starts}, sum(f.forecast) AS forecast,
      sum(CASE WHEN f.actual IS NOT NULL THEN f.forecast END) AS fwa, sum(f.actual) AS actual, ${cellActual}
    FROM ${FACTS_WITH_KEYS} GROUP BY ALL`);
  await db.run(cellTable(`SELECT _k, sum(cell_actual) AS cell_actual FROM g_frag GROUP BY _k`));
  await db.run(`CREATE OR REPLACE TEMP TABLE g_period_cells AS
    WITH c AS (${coarser.map((g) => `
      SELECT '${g}' AS grain, _k, p_${g} AS date, sum(forecast) AS forecast, sum(fwa) AS fwa, sum(actual) AS actual
      FROM g_frag GROUP BY ALL`).join(' UNION ALL ')})
    SELECT c.grain, k.item_id, k.site_id, k.source, c.date, c.forecast, c.fwa, c.actual, k.selected AS plan${mixed ? ', k.shadowed_item, k.shadowed_src' : ''}
    FROM c JOIN g_keys k USING (_k)`);
  await db.run(`DROP TABLE g_frag`);
  const sums = `sum(forecast) AS forecast, sum(actual) AS actual, ${errorSumsSql('fwa', 'actual')}, count(*)::INTEGER AS item_sites`;
  // All-sites rows (site_id ''), as in agg_daily: only when the sum of the sites' would count an item twice.
  const allSitesRows = mixed ? `
      UNION ALL
      SELECT grain, '${ALL_SITES}' AS site_id, source, date, ${sums} FROM g_period_cells WHERE NOT shadowed_src GROUP BY grain, source, date
      UNION ALL
      SELECT grain, '${ALL_SITES}' AS site_id, ${PLAN} AS source, date, ${sums} FROM g_period_cells WHERE plan AND NOT shadowed_item GROUP BY grain, date` : '';
  const allSitesDemand = (g: Grain) => mixed ? `
      UNION ALL SELECT '${g}' AS grain, '${ALL_SITES}' AS site_id, ${periodStart(g, 'date')} AS date, sum(whole_actual) AS actual FROM g_demand GROUP BY ALL` : '';
  await db.run(`CREATE OR REPLACE TABLE g_agg_accuracy AS
    WITH t AS (
      SELECT grain, site_id, source, date, ${sums} FROM g_period_cells GROUP BY grain, site_id, source, date
      UNION ALL
      SELECT grain, site_id, ${PLAN} AS source, date, ${sums} FROM g_period_cells WHERE plan GROUP BY grain, site_id, date${allSitesRows}),
    demand AS (${coarser.map((g) => `
      SELECT '${g}' AS grain, site_id, ${periodStart(g, 'date')} AS date, sum(actual) AS actual FROM g_demand GROUP BY ALL${allSitesDemand(g)}`).join(' UNION ALL ')})
    SELECT t.grain, t.site_id, t.source, t.date, t.forecast,
      CASE WHEN t.source = ${PLAN} THEN d.actual ELSE t.actual END AS actual,
      t.scored_actual, t.forecast_with_actual, t.abs_error, t.ape_sum, t.ape_count, t.item_sites
    FROM t LEFT JOIN demand d ON t.source = ${PLAN} AND d.grain = t.grain AND d.site_id = t.site_id AND d.date = t.date
    ORDER BY t.grain, t.site_id, t.source, t.date`);
  await db.run(`DROP TABLE g_period_cells`);
}

/**
 * `g_agg_model`: the model comparison over the error window, per source (and `plan`) and item
 * category: error components, item-sites scored, item-sites where the source is the selected one,
 * and, over those with another source scored, the selected source's and the runner-up's errors.
 * The runner-up is the other source with the lowest WAPE on the item-site (ties: source name).
 */
export async function buildAggModel(db: Db, grain: Grain, asOf: string | null, config: NovaConfig): Promise<void> {
  const inWindow = errorWindowSql(grain, asOf, config);
  const asOfSql = asOfSqlOf(asOf);
  // The window's figures per (item, site, source) are g_err's (inventory.ts: one scan of the fact
  // table for both): its error sums over the window's scored rows, and their count. An item-site
  // a source did not score in the window (no row with an actual) is not in these figures.
  const sums = `count(*)::INTEGER AS item_sites, sum(scored_actual) AS scored_actual, sum(forecast_with_actual) AS forecast_with_actual,
    sum(abs_error) AS abs_error, sum(ape_sum) AS ape_sum, sum(ape_count)::INTEGER AS ape_count`;
  await db.run(`CREATE OR REPLACE TABLE g_agg_model AS
    WITH w AS (
      SELECT g.*, coalesce(i.category, '') AS category FROM g_err g JOIN g_dim_item i USING (item_id) WHERE g.scored > 0),
    per_item AS (SELECT item_id, site_id, source, category, sum_abs AS abs_error, sum_act AS actual FROM w),
    runner AS (
      SELECT p.item_id, p.site_id, p.abs_error AS runner_up_abs_error
      FROM per_item p JOIN g_agg_item a USING (item_id, site_id)
      WHERE p.source <> a.source
      QUALIFY row_number() OVER (PARTITION BY p.item_id, p.site_id ORDER BY p.abs_error / nullif(p.actual, 0) ASC NULLS LAST, p.source) = 1),
    beat AS (
      SELECT s.source, s.category, s.actual AS beat_actual, s.abs_error AS beat_abs_error, r.runner_up_abs_error
      FROM per_item s JOIN g_agg_item a ON a.item_id = s.item_id AND a.site_id = s.site_id AND a.source = s.source
      JOIN runner r ON r.item_id = s.item_id AND r.site_id = s.site_id),
    beat_by AS (
      SELECT source, category, sum(beat_actual) AS beat_actual, sum(beat_abs_error) AS beat_abs_error,
        sum(runner_up_abs_error) AS runner_up_abs_error FROM beat GROUP BY ALL
      UNION ALL
      SELECT ${PLAN}, category, sum(beat_actual), sum(beat_abs_error), sum(runner_up_abs_error) FROM beat GROUP BY ALL),
    sel AS (
      SELECT a.source, coalesce(i.category, '') AS category, count(*)::INTEGER AS selected
      FROM g_agg_item a JOIN g_dim_item i USING (item_id) GROUP BY ALL
      UNION ALL
      SELECT ${PLAN}, coalesce(i.category, '') AS category, count(*)::INTEGER FROM g_agg_item a JOIN g_dim_item i USING (item_id) GROUP BY ALL),
    e AS (
      SELECT source, category, ${sums} FROM w GROUP BY source, category
      UNION ALL
      SELECT ${PLAN}, category, ${sums} FROM w SEMI JOIN g_agg_item a ON a.item_id = w.item_id AND a.site_id = w.site_id AND a.source = w.source
      GROUP BY category)
    SELECT e.source, e.category,
      (SELECT min(date) FROM g_dim_time WHERE ${inWindow}) AS window_start, ${asOfSql} AS window_end,
      e.item_sites, coalesce(s.selected, 0) AS selected,
      e.scored_actual, e.forecast_with_actual, e.abs_error, e.ape_sum, e.ape_count,
      b.beat_actual, b.beat_abs_error, b.runner_up_abs_error
    FROM e LEFT JOIN sel s USING (source, category) LEFT JOIN beat_by b USING (source, category)
    ORDER BY e.source, e.category`);
}

/**
 * `g_agg_totals`: the headline counts per site and over all sites (site_id ''): items with a
 * position, items at risk (an item counts once, whatever its sites), the plan's next 30 days, and
 * the value of the at-risk item-sites' next 30 days of demand. Over all sites the two sums take
 * the rows of the contract's all-sites rule (`allSitesSql`): an item with a forecast without a
 * site counts by that row alone, not also by its per-site rows.
 */
export async function buildAggTotals(db: Db): Promise<void> {
  const sums = (rows: string) => `count(DISTINCT item_id)::INTEGER AS items,
      count(DISTINCT item_id) FILTER (WHERE ${isAtRiskSql('risk')})::INTEGER AS at_risk,
      coalesce(sum(forecast_next_30d) FILTER (WHERE ${rows}), 0) AS forecast_next_30d,
      coalesce(sum(demand_value_30d) FILTER (WHERE ${isAtRiskSql('risk')} AND ${rows}), 0) AS demand_value_at_risk_30d`;
  await db.run(`CREATE OR REPLACE TABLE g_agg_totals AS
    SELECT site_id, ${sums('true')} FROM g_agg_item GROUP BY site_id
    UNION ALL
    SELECT '${ALL_SITES}' AS site_id, ${sums(allSitesSql('g_agg_item'))} FROM g_agg_item
    ORDER BY site_id`);
}
