import { bucketCount, ML_METADATA_FIELDS, rowsPerBucket, type Grain, type TableName, WHOLE_ITEM_SITE } from '@nova-corrente/core/contract';
import type { Db } from '../db.js';
import { holidaysBetween } from './calendar.js';
import { periodInterval, periodStart } from './grain.js';
import { BUCKET_COLUMN, itemBuckets, partitionByGroup, type Unordered } from '../gold/write-tables.js';
import { metaTable } from './silver-rules.js';

/** `silver_forecasts`' metadata: one row per input file and (source, model_version, generated_at, dataset_id), the rows' `_meta`. */
const SILVER_META = metaTable('forecasts');

/**
 * The fact table's rows without the model metadata (`_meta`, a number, instead): what the
 * aggregates that read neither `model_version`, `generated_at` nor `dataset_id` scan, sparing
 * the join of {@link buildFacts}' view `g_fact_forecast` (ADR 0006, session 10).
 */
export const FACT_ROWS = 'g_fact_rows';

/**
 * The manifest's `ml` (each source's model version and dataset, latest generation time and fact
 * rows) as a SELECT over the fact table of {@link buildFacts}: rows counted per source and `_meta`
 * on {@link FACT_ROWS}, then those few counts joined to `g_forecast_meta` and added up — the same
 * figures as grouping the view `g_fact_forecast` (every fact row has one `_meta`), without the
 * view's join on every row: at 5,000 items ~0.85 s of CPU on the writer's one thread before
 * (ADR 0006, session 14).
 */
export const MODEL_ROWS_SQL = `SELECT k.source, m.model_version, strftime(max(m.generated_at), '%Y-%m-%dT%H:%M:%SZ') AS generated_at, m.dataset_id,
    sum(k.n)::INTEGER AS rows
  FROM (SELECT source, _meta, count(*) AS n FROM ${FACT_ROWS} GROUP BY ALL) k JOIN g_forecast_meta m ON m._meta = k._meta
  GROUP BY k.source, m.model_version, m.dataset_id ORDER BY k.source, m.model_version`;

/** `g_fact_forecast` over the rows of {@link FACT_ROWS} (or a relation with its columns): the model metadata joined back by their number. */
function factForecastView(rows: string): string {
  return `SELECT r.${BUCKET_COLUMN}, r.item_id, r.site_id, r.source, r.date, r.forecast, r.forecast_lo, r.forecast_hi, r.actual,
      m.model_version, m.generated_at, m.dataset_id
    FROM ${rows} r JOIN g_forecast_meta m ON m._meta = r._meta`;
}

/**
 * Dimension and fact tables of the gold layer (`g_<table>`), computed from silver. The fact rows
 * are written into `scratch` (a folder of the work area, which must outlive the writer and is the
 * caller's to remove) and read from there: `unordered` tells the writer how.
 */
export async function buildFacts(db: Db, grain: Grain, asOfGiven: string | undefined, scratch: string): Promise<{ asOf: string | null; unordered: Partial<Record<TableName, Unordered>> }> {
  const p = (col: string) => periodStart(grain, col);
  // A forecast without a site (site 'default', e.g. a national model) covers the item across all
  // sites: its actual is the item's consumption summed over every site (docs/inputs.md). Those sums
  // are made only for items with such a forecast, the only rows that look them up: at 50,000 items
  // without national forecasts they were 10.7 M of g_actual's 23.2 M rows, and the join's hash
  // table of them spilled (ADR 0006, session 12).
  await db.run(`CREATE OR REPLACE TABLE g_actual AS
    SELECT item_id, site_id, ${p('date')} AS date, sum(quantity) AS qty FROM silver_consumption WHERE site_id <> '${WHOLE_ITEM_SITE}' GROUP BY ALL
    UNION ALL
    SELECT item_id, '${WHOLE_ITEM_SITE}' AS site_id, ${p('date')} AS date, sum(quantity) AS qty FROM silver_consumption
    WHERE item_id IN (SELECT item_id FROM silver_forecasts WHERE site_id = '${WHOLE_ITEM_SITE}') GROUP BY ALL`);
  // as_of: the given date, else the last consumption period; without any consumption, the period
  // before the forecasts were generated (and actuals stay unknown, not zero).
  const asOfRow = await db.one<{ as_of: string | null; has: boolean }>(
    `SELECT CAST(coalesce(${p('$1::DATE')}, ${p('(SELECT max(date) FROM silver_consumption)')}, ${p(`(SELECT CAST(min(generated_at) AS DATE) - 1 FROM ${SILVER_META})`)}) AS VARCHAR) AS as_of,
            (SELECT count(*) > 0 FROM silver_consumption) AS has`,
    [asOfGiven ?? null],
  );
  const asOf = asOfRow?.as_of ?? null;
  const hasActuals = Boolean(asOfRow?.has);
  // Keys are unique after silver (duplicates quarantined): at day grain nothing to aggregate.
  // Coarser grains sum each period first, into a table (its row count sets the buckets).
  // At day grain the rows are silver's, whose metadata (source included) is a number into
  // SILVER_META (build/silver.ts): resolved through a map of a handful of rows below.
  let forecasts = 'silver_forecasts';
  if (grain !== 'day') {
    forecasts = 'g_forecast_periods';
    await db.run(`CREATE OR REPLACE TEMP TABLE g_forecast_periods AS
      SELECT f.item_id, f.site_id, m.source, ${p('f.date')} AS date,
        sum(f.forecast) AS forecast, sum(f.forecast_lo) AS forecast_lo, sum(f.forecast_hi) AS forecast_hi,
        arg_max(m.model_version, m.generated_at) AS model_version, max(m.generated_at) AS generated_at,
        arg_max(m.dataset_id, m.generated_at) AS dataset_id
      FROM silver_forecasts f JOIN ${SILVER_META} m ON m._meta = f._meta GROUP BY ALL`);
  }
  const rows = Number((await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${forecasts}`))?.n ?? 0);
  // Every forecast's item is in silver_items (unknown items are quarantined): hash those 50,000, not
  // the 53 M rows' item ids; the row count check below guards the inner join.
  const buckets = await itemBuckets(db, 'fact_forecast', rows, 'silver_items');
  // The model metadata (model_version, generated_at, dataset_id) repeats for millions of rows:
  // the fact rows hold a number into g_forecast_meta instead (half as wide).
  await db.run(`CREATE OR REPLACE TABLE g_forecast_meta AS
    SELECT row_number() OVER (ORDER BY model_version, generated_at, dataset_id)::INTEGER AS _meta, model_version, generated_at, dataset_id
    FROM (SELECT DISTINCT model_version, generated_at, dataset_id FROM ${grain === 'day' ? SILVER_META : forecasts})`);
  // g_forecast_meta holds the contract's model metadata but the source (the fact rows keep it).
  const sameMeta = (a: string, b: string) => ML_METADATA_FIELDS.filter((c) => c !== 'source').map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND ');
  // Each silver metadata row's source and gold number: a join on one small integer per fact row.
  if (grain === 'day') {
    await db.run(`CREATE OR REPLACE TEMP TABLE g_meta_map AS
      SELECT s._meta AS _smeta, s.source, m._meta FROM ${SILVER_META} s JOIN g_forecast_meta m ON ${sameMeta('m', 's')}`);
  }
  const metaJoin = grain === 'day' ? `JOIN g_meta_map m ON m._smeta = f._meta` : `JOIN g_forecast_meta m ON ${sameMeta('m', 'f')}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE g_fact_params AS SELECT $1::DATE AS as_of, $2::BOOLEAN AS has`, [asOf, hasActuals]);
  // The fact rows, each with its item's file bucket (contract placement), go in one streaming
  // pass, in no row order, into uncompressed Parquet files partitioned by groups of buckets of
  // ~1 M rows; the writer sorts one group at a time in memory. At 50,000 items a sort of the 53 M
  // rows by bucket spilled ~13 GB; and the aggregates, which need no order, scan these files for
  // less CPU than a DuckDB table over the memory cap (ADR 0006, session 12).
  // A past period without movement is zero demand; only periods after as_of have no actual.
  const { groups, rel } = await partitionByGroup(db, `
    SELECT k.${BUCKET_COLUMN}, f.item_id, f.site_id, ${grain === 'day' ? 'm' : 'f'}.source, f.date, f.forecast, f.forecast_lo, f.forecast_hi,
      CASE WHEN p.has AND f.date <= p.as_of THEN coalesce(a.qty, 0) ELSE NULL END AS actual, m._meta
    FROM ${forecasts} f JOIN ${buckets} k ON k.item_id = f.item_id
    ${metaJoin}
    CROSS JOIN g_fact_params p
    LEFT JOIN g_actual a ON a.item_id = f.item_id AND a.site_id = f.site_id AND a.date = f.date`,
  rows, bucketCount(rows, rowsPerBucket('fact_forecast')), scratch);
  await db.run(`DROP TABLE g_fact_params`);
  await db.run(`DROP TABLE IF EXISTS g_meta_map`);
  await db.run(`CREATE OR REPLACE VIEW ${FACT_ROWS} AS SELECT * FROM ${rel}`);
  // The fact table with its contract columns: the metadata joined back by their number (a hash
  // join with a handful of rows on its build side: in an isolated test 15-30 % less CPU than the
  // three list lookups by position of session 9, for the writer and for every aggregate that reads
  // them). The writer orders each bucket by its key as it copies it.
  await db.run(`CREATE OR REPLACE VIEW g_fact_forecast AS ${factForecastView(FACT_ROWS)}`);
  if (grain !== 'day') await db.run(`DROP TABLE g_forecast_periods`);
  const got = Number((await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM g_fact_rows`))?.n);
  if (got !== rows) throw new Error(`internal: g_fact_rows has ${got} rows, the forecasts ${rows}`);
  await db.run(`DROP TABLE g_actual`);
  await db.run(`CREATE OR REPLACE TABLE g_dim_item AS
    SELECT item_id, sku, name, category, unit, unit_cost, currency, lead_time_days, min_order_qty, criticality
    FROM silver_items ORDER BY item_id`);
  await db.run(`CREATE OR REPLACE TABLE g_dim_site AS
    WITH used AS (SELECT DISTINCT site_id FROM ${FACT_ROWS} UNION SELECT DISTINCT site_id FROM silver_inventory)
    SELECT site_id, name, state, region FROM silver_sites
    UNION ALL
    SELECT u.site_id, CASE WHEN u.site_id = '${WHOLE_ITEM_SITE}' THEN 'Default' ELSE u.site_id END, '', ''
    FROM used u WHERE u.site_id NOT IN (SELECT site_id FROM silver_sites)
    ORDER BY site_id`);
  return { asOf, unordered: { fact_forecast: { rows: FACT_ROWS, view: factForecastView, scratch, groups } } };
}

/** `g_dim_time`: one row per period between the first and last fact date, Brazilian holidays flagged. */
export async function buildDimTime(db: Db, grain: Grain): Promise<void> {
  const range = await db.one<{ lo: string; hi: string }>(`SELECT CAST(min(date) AS VARCHAR) lo, CAST(max(date) AS VARCHAR) hi FROM
      (SELECT date FROM ${FACT_ROWS} UNION ALL SELECT ${periodStart(grain, 'date')} FROM silver_inventory)`);
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
