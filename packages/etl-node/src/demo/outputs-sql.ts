import type { DuckDBConnection } from '@duckdb/node-api';
import { ML_METADATA_FIELDS } from '@nova-corrente/core/contract';
import { singleThreaded, uniformSql, type Frame } from './demand-sql.js';
import type { ForecastMeta } from './text-files.js';

/** A SQL string literal for a value the generator itself produced (paths, metadata). */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A quantity as text: `12` when whole, else one decimal with the given separator (`12,5`). */
function qtyText(col: string, decimal: ',' | '.'): string {
  return `CASE WHEN ${col} = floor(${col}) THEN CAST(CAST(${col} AS BIGINT) AS VARCHAR)
    ELSE replace(printf('%.1f', ${col}), '.', '${decimal}') END`;
}

async function copy(con: DuckDBConnection, select: string, path: string, options: string): Promise<number> {
  const r = await con.run(`COPY (${select}) TO ${lit(path)} (${options})`);
  return Number(r.rowsChanged);
}

/**
 * Writes the ERP movement log: UTF-8 with BOM (carried by the first header name), `;`, decimal
 * comma, dd/mm/yyyy; only days with movement; ordered by date, item, warehouse.
 */
export async function writeConsumption(con: DuckDBConnection, f: Frame, path: string): Promise<number> {
  const select = `SELECT strftime(DATE '${f.start}' + t, '%d/%m/%Y') AS "\uFEFFdata", item AS codigo, site AS deposito,
      ${qtyText('qty', ',')} AS quantidade
    FROM dem WHERE t < ${f.days} AND qty > 0
    ORDER BY t, sid`;
  return copy(con, select, path, `FORMAT csv, HEADER, DELIMITER ';', QUOTE '"'`);
}

/**
 * Writes the weekly stock counts (Mondays, start of day) of a periodic-review order-up-to policy,
 * computed from cumulative demand without simulation: with reviews every R weeks (on Mondays
 * w ≡ phase mod R) and lead time L, net stock at t = S − (C(t) − C(r)) where C is cumulative demand
 * and r the last review whose order has arrived by t (or by the supplier freeze; no later than the
 * purchasing pause); on order = C(last review ≤ t, no later than the pause) − C(r).
 * On hand is net stock floored at 0 (demand beyond it is backordered).
 */
export async function writeInventory(con: DuckDBConnection, f: Frame, path: string): Promise<number> {
  const review = (week: string): string => `(floor((${week} - s.ph) / s.rw) * s.rw + s.ph)::INTEGER`;
  const pauseW = `floor((s.pause_t - ${f.t0}) / 7)`;
  const arrivedBy = `floor((least(${f.t0} + 7 * a.w, s.freeze_t) - s.lead - ${f.t0}) / 7)`;
  await con.run(`CREATE OR REPLACE TABLE cx AS
    WITH sums AS (
      SELECT sid, floor((t - ${f.t0}) / 7)::INTEGER AS wb, sum(qty) AS q
      FROM dem WHERE t < ${f.days} GROUP BY ALL),
    grid AS (SELECT sid, r.range::INTEGER AS wb FROM series, range(-1, ${f.mondays - 1}) r)
    SELECT g.sid, g.wb + 1 AS w,
      sum(coalesce(sums.q, 0)) OVER (PARTITION BY g.sid ORDER BY g.wb ROWS UNBOUNDED PRECEDING) AS c
    FROM grid g LEFT JOIN sums USING (sid, wb)`);
  const select = `WITH pos AS (
      SELECT s.sid, s.item_id, s.site_id, s.level, a.w, a.c,
        ${review(`least(${arrivedBy}, ${pauseW})`)} AS rk,
        ${review(`least(a.w, ${pauseW})`)} AS rm
      FROM cx a JOIN series s USING (sid)),
    inv AS (
      SELECT p.*, p.level - (p.c - coalesce(k.c, 0)) AS net, coalesce(m.c, 0) - coalesce(k.c, 0) AS ord
      FROM pos p LEFT JOIN cx k ON k.sid = p.sid AND k.w = p.rk LEFT JOIN cx m ON m.sid = p.sid AND m.w = p.rm)
    SELECT strftime(DATE '${f.start}' + (${f.t0} + 7 * w), '%Y-%m-%d') AS date, item_id, site_id,
      ${qtyText('greatest(net, 0)', '.')} AS on_hand, ${qtyText('ord', '.')} AS on_order
    FROM inv ORDER BY w, sid`;
  return copy(con, select, path, `FORMAT csv, HEADER, DELIMITER ','`);
}

/**
 * The four metadata columns as constants. Each is cast to a one-value ENUM: Parquet gets the same
 * plain strings, but the writer encodes them about three times faster than VARCHAR constants.
 */
async function metaColumns(con: DuckDBConnection, m: ForecastMeta): Promise<string> {
  const cols: string[] = [];
  for (const k of ML_METADATA_FIELDS) {
    await con.run(`CREATE OR REPLACE TYPE meta_${k}_t AS ENUM (${lit(m[k])})`);
    cols.push(`${lit(m[k])}::meta_${k}_t AS ${k}`);
  }
  return cols.join(', ');
}

/**
 * In-sample (backtest) days the forecast exports cover before as_of, as a data-science team exports
 * them: a year of fitted values is enough to judge accuracy and seasonality, and keeps the demo at
 * ~5.5 M forecast rows for 5,000 items (docs/gold-layout.md).
 */
export const BACKTEST_DAYS = 365;

/** Forecast exports are written the way pandas writes Parquet by default (Snappy). */
const PARQUET = 'FORMAT parquet, COMPRESSION snappy';

/**
 * Writes the ensemble export (native columns with metadata columns), every series, history and
 * horizon. In-sample it blends the true rate with the actual (fitted values), out of sample it is
 * the true rate with ±20 % noise; the 90 % band widens with the horizon.
 */
export async function writeEnsemble(con: DuckDBConnection, f: Frame, meta: ForecastMeta, path: string): Promise<number> {
  const n = `(2 * ${uniformSql(f.seed, 'sid', 't', '3')} - 1)`;
  const select = `WITH x AS (
      SELECT item, site, t, half,
        CASE WHEN t < ${f.days} THEN 0.7 * mu * (1 + 0.2 * ${n}) + 0.3 * qty ELSE mu * (1 + 0.2 * ${n}) END AS fc
      FROM dem)
    SELECT item AS item_id, site AS site_id, DATE '${f.start}' + t AS date, round(fc, 3) AS forecast,
      round(greatest(fc - half, 0), 3) AS forecast_lo, round(fc + half, 3) AS forecast_hi, ${await metaColumns(con, meta)}
    FROM x WHERE t >= ${Math.max(0, f.days - BACKTEST_DAYS)}`;
  return copy(con, select, path, PARQUET);
}

/**
 * Writes the Croston/SBA export (native value columns only; metadata goes to the sidecar) for
 * intermittent and lumpy series: a flat level per 28-day block, no weekday or season, biased per
 * series, held flat over the horizon. Worse than the ensemble by construction.
 */
export async function writeCroston(con: DuckDBConnection, f: Frame, path: string): Promise<number> {
  const lastBlock = Math.floor((f.days - 1) / 28);
  const nb = `(2 * ${uniformSql(f.seed, 'sid', 'b', '4')} - 1)`;
  const select = `WITH x AS (
      SELECT sid, item_id::item_t AS item_id, site_id::site_t AS site_id, size, step, rate, mult, growth, bias,
        unnest(getvariable('demo_cal')).t AS t
      FROM series WHERE croston),
    y AS (
      SELECT *, least(t // 28, ${lastBlock}) AS b FROM x),
    z AS (
      SELECT item_id, site_id, t, size, least(0.97, rate * mult * (1 + growth * (b * 28 + 14) / 365.25)) AS pbar,
        (size + step / 2) * bias * (1 + 0.15 * ${nb}) AS k
      FROM y)
    SELECT item_id, site_id, DATE '${f.start}' + t AS date, round(pbar * k, 3) AS forecast, 0.0::DOUBLE AS forecast_lo,
      round(pbar * k + 1.96 * size * sqrt(2 * pbar) * (1 + 0.3 * sqrt(greatest(t - ${f.days - 1}, 0) / 30)), 3) AS forecast_hi
    FROM z WHERE t >= ${Math.max(0, f.days - BACKTEST_DAYS)}`;
  // Materialise first so the Parquet writer runs on parallel, order-preserving scans.
  await singleThreaded(con, () => con.run(`CREATE OR REPLACE TABLE croston AS ${select}`));
  try {
    return await copy(con, 'SELECT * FROM croston', path, PARQUET);
  } finally {
    await con.run('DROP TABLE croston');
  }
}
