import type { NovaConfig } from '../config.js';
import type { Db } from '../db.js';

/**
 * SQL macros shared by the silver step. Numbers: `dec` is the file's decimal separator; a value
 * must look like a number in that convention (thousands separators allowed) or it is rejected.
 * In a decimal-comma file a point that cannot group thousands (`0.02`, `1.5`) is a decimal point;
 * an ambiguous `1.234` keeps the file's reading (1234). Dates: ISO (`2026-01-31`, with or without time) or slash dates in the file's order.
 */
export async function createMacros(db: Db, cutoff: { date: string; buildTime: Date }, itemDefaults: NovaConfig['item_defaults']): Promise<void> {
  await db.run(`SET TimeZone = 'UTC'`);
  // The build's clock, fixed once: dates after the cut-off and forecasts generated after the
  // build are quarantined (silver-rules.ts). Both values are checked formats, not data.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(cutoff.date)) throw new Error(`internal: bad cut-off date ${cutoff.date}`);
  const ts = cutoff.buildTime.toISOString().replace('T', ' ').replace('Z', '');
  await db.run(`CREATE OR REPLACE MACRO nova_cutoff_date() AS DATE '${cutoff.date}'`);
  await db.run(`CREATE OR REPLACE MACRO nova_build_time() AS TIMESTAMP '${ts}'`);
  // Defaults of malformed item attributes (config item_defaults, validated by loadConfig).
  await db.run(`CREATE OR REPLACE MACRO nova_item_default_unit_cost() AS ${Number(itemDefaults.unit_cost)}::DOUBLE`);
  await db.run(`CREATE OR REPLACE MACRO nova_item_default_lead_time_days() AS ${Math.trunc(Number(itemDefaults.lead_time_days))}::INTEGER`);
  await db.run(`CREATE OR REPLACE MACRO nova_item_default_min_order_qty() AS ${Number(itemDefaults.min_order_qty)}::DOUBLE`);
  await db.run(`CREATE OR REPLACE MACRO nova_item_default_criticality() AS '${itemDefaults.criticality.replace(/[^ABC]/g, '')}'`);
  // Plain numbers take the cheap cast; only values it refuses (or every value of a decimal-comma
  // file, where "1.234" means 1234) go through the pattern.
  await db.run(`CREATE OR REPLACE MACRO nova_num(v, decsep) AS CASE
      WHEN v IS NULL THEN NULL
      WHEN decsep = ',' THEN CASE
        WHEN regexp_full_match(v, '[+-]?(\\d+|[1-9]\\d{0,2}(\\.\\d{3})+)(,\\d+)?([eE][+-]?\\d+)?')
        THEN TRY_CAST(replace(replace(v, '.', ''), ',', '.') AS DOUBLE)
        -- A point that cannot be a thousands separator ("0.02", "1.5", "12345.6") can only be a decimal point.
        WHEN regexp_full_match(v, '[+-]?\\d+\\.\\d+') THEN TRY_CAST(v AS DOUBLE) END
      ELSE coalesce(
        CASE WHEN NOT contains(v, '_') THEN TRY_CAST(v AS DOUBLE) END,
        CASE WHEN regexp_full_match(v, '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?') THEN TRY_CAST(replace(v, ',', '') AS DOUBLE) END)
      END`);
  await db.run(`CREATE OR REPLACE MACRO nova_date(v, ord) AS CASE
      WHEN v IS NULL THEN NULL
      WHEN length(v) = 10 AND substr(v, 5, 1) = '-' AND substr(v, 8, 1) = '-' THEN TRY_CAST(v AS DATE)
      WHEN length(v) > 10 AND substr(v, 5, 1) = '-' AND substr(v, 8, 1) = '-' AND substr(v, 11, 1) IN ('T', ' ')
        THEN TRY_CAST(TRY_CAST(v AS TIMESTAMPTZ) AS DATE)
      WHEN contains(v, '/') THEN
        TRY_CAST(CASE WHEN ord = 'mdy' THEN TRY_STRPTIME(v, '%m/%d/%Y') ELSE TRY_STRPTIME(v, '%d/%m/%Y') END AS DATE)
      ELSE NULL END`);
  await db.run(`CREATE OR REPLACE MACRO nova_ts(v) AS CASE
      WHEN v IS NULL OR length(v) < 10 OR substr(v, 5, 1) <> '-' THEN NULL
      ELSE CAST(TRY_CAST(v AS TIMESTAMPTZ) AS TIMESTAMP) END`);
}

/** Largest absolute quantity accepted; anything bigger is `out_of_range` (a typo or an overflow upstream). */
export const MAX_QUANTITY = 1e12;
