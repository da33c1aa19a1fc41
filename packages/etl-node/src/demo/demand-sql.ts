import type { DuckDBConnection } from '@duckdb/node-api';
import type { DemoSeries } from './series.js';
import { RAIN_SHAPE, WEEKDAY } from './shape.js';


/** Time frame of a generation run, in day indexes from the first history day (t = 0). */
export interface Frame {
  seed: number;
  /** First history day, YYYY-MM-DD. */
  start: string;
  /** History days (t < days have actuals). */
  days: number;
  /** Forecast days after the history. */
  horizon: number;
  /** Index of the first Monday of the history (0…6). */
  t0: number;
  /** Number of Mondays in the history. */
  mondays: number;
}

/** Loads the series (item × site with demand and policy parameters) into table `series`. */
export async function loadSeries(con: DuckDBConnection, series: DemoSeries[]): Promise<void> {
  await con.run(`CREATE OR REPLACE TABLE series (sid INTEGER, item_id VARCHAR, site_id VARCHAR, steady BOOLEAN, rate DOUBLE,
    size DOUBLE, step DOUBLE, rain DOUBLE, growth DOUBLE, mult DOUBLE, rw INTEGER, ph INTEGER, lead INTEGER, level DOUBLE,
    freeze_t INTEGER, pause_t INTEGER, bias DOUBLE, croston BOOLEAN)`);
  const a = await con.createAppender('series');
  for (const s of series) {
    a.appendInteger(s.sid);
    a.appendVarchar(s.item.item_id);
    a.appendVarchar(s.site.site_id);
    a.appendBoolean(s.item.pattern === 'steady');
    a.appendDouble(s.item.rate);
    a.appendDouble(s.item.size);
    a.appendDouble(s.item.step);
    a.appendDouble(s.item.rain);
    a.appendDouble(s.item.growth);
    a.appendDouble(s.mult);
    a.appendInteger(s.review / 7);
    a.appendInteger(s.phase);
    a.appendInteger(s.item.lead_time_days);
    a.appendDouble(s.level);
    a.appendInteger(s.freeze);
    a.appendInteger(s.pause);
    a.appendDouble(s.bias);
    a.appendBoolean(s.croston);
    a.endRow();
  }
  a.flushSync();
  a.closeSync();
}

/**
 * Runs `fn` with DuckDB on one thread. Tables that feed a Parquet file are built this way: a
 * parallel CREATE TABLE AS keeps the row order but its row-group layout depends on thread timing,
 * and the Parquet writer's row groups follow that layout — byte-identical output needs a fixed one.
 */
export async function singleThreaded<T>(con: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  const [{ threads }] = (await con.runAndReadAll(`SELECT current_setting('threads')::INTEGER AS threads`)).getRowObjectsJson() as { threads: number }[];
  await con.run('SET threads = 1');
  try {
    return await fn();
  } finally {
    await con.run(`SET threads = ${Number(threads)}`);
  }
}

/** A uniform draw in [0, 1) from DuckDB's hash of (seed, keys…): deterministic, no random(). */
export function uniformSql(seed: number, ...keys: string[]): string {
  return `((hash(${seed}::BIGINT, ${keys.join(', ')}) % 1000000)::DOUBLE / 1000000.0)`;
}

/**
 * Materialises table `dem`: one row per series and day of history and horizon, in (sid, t) order —
 * the days are unnested from each `series` row, which keeps the row order without a sort — with
 * item and site (ENUM types `item_t`, `site_t`: written to Parquet and CSV as plain strings, but
 * far cheaper to carry and encode than VARCHAR), mu (expected demand), qty (actual demand, NULL in
 * the future) and half (half width of the ensemble's 90 % band). Later steps scan it in parallel,
 * order preserved.
 *
 * Demand on a day: a movement happens with probability p (rate × site × season × weekday × trend,
 * capped at 0.97); its size is the item's mean size × U(0.5, 1.5) for consumables or × Exp(1) for
 * spare parts (lumpy), rounded up to the unit step. mu = p × (size + step/2) is what forecasts track.
 */
export async function createDemand(con: DuckDBConnection, f: Frame): Promise<void> {
  await con.run(`CREATE TYPE item_t AS ENUM (SELECT DISTINCT item_id FROM series ORDER BY item_id)`);
  await con.run(`CREATE TYPE site_t AS ENUM (SELECT DISTINCT site_id FROM series ORDER BY site_id)`);
  // The calendar as one constant list of structs, unnested per series row: the row order is kept
  // without a sort (a join would lose it) and season and weekday are computed once per day.
  const day = `(DATE '${f.start}' + r.range::INTEGER)`;
  await con.run(`SET VARIABLE demo_cal = (
    SELECT list({'t': r.range::INTEGER, 'season': [${RAIN_SHAPE.join(', ')}][month(${day})], 'wf': [${WEEKDAY.join(', ')}][isodow(${day})]}
      ORDER BY r.range)
    FROM range(${f.days + f.horizon}) r)`);
  const u1 = uniformSql(f.seed, 'sid', 't', '1');
  const u2 = `(${uniformSql(f.seed, 'sid', 't', '2')} + 0.0000005)`;
  await singleThreaded(con, () => con.run(`CREATE OR REPLACE TABLE dem AS
    WITH x AS (
      SELECT sid, item_id::item_t AS item, site_id::site_t AS site, steady, rate, size, step, rain, growth, mult,
        unnest(getvariable('demo_cal')) AS c
      FROM series),
    y AS (
      SELECT *, c.t AS t, least(0.97, rate * mult * (1 + rain * c.season) * c.wf * (1 + growth * c.t / 365.25)) AS p FROM x),
    z AS (
      SELECT *, ${u1} AS u1, ${u2} AS u2 FROM y)
    SELECT sid, t, item, site, p * (size + step / 2) AS mu,
      CASE WHEN t >= ${f.days} THEN NULL
           WHEN u1 >= p THEN 0.0
           ELSE greatest(step, ceil(size * (CASE WHEN steady THEN 0.5 + u2 ELSE -ln(u2) END) / step) * step) END AS qty,
      1.645 * size * sqrt(p) * (CASE WHEN steady THEN 0.6 ELSE 1.4 END) * (1 + 0.3 * sqrt(greatest(t - ${f.days - 1}, 0) / 30)) AS half
    FROM z`));
}
