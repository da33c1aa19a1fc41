import type { Db } from '../db.js';

/**
 * SQL macros shared by the silver step. Numbers: `dec` is the file's decimal separator; a value
 * must look like a number in that convention (thousands separators allowed) or it is rejected,
 * never guessed. Dates: ISO (`2026-01-31`, with or without time) or slash dates in the file's order.
 */
export async function createMacros(db: Db): Promise<void> {
  await db.run(`SET TimeZone = 'UTC'`);
  await db.run(`CREATE OR REPLACE MACRO nova_num(v, decsep) AS CASE
      WHEN v IS NULL THEN NULL
      WHEN decsep = ',' AND regexp_full_match(v, '[+-]?(\\d+|\\d{1,3}(\\.\\d{3})+)(,\\d+)?([eE][+-]?\\d+)?')
        THEN TRY_CAST(replace(replace(v, '.', ''), ',', '.') AS DOUBLE)
      WHEN decsep = '.' AND regexp_full_match(v, '[+-]?(\\d+|\\d{1,3}(,\\d{3})+)(\\.\\d+)?([eE][+-]?\\d+)?')
        THEN TRY_CAST(replace(v, ',', '') AS DOUBLE)
      WHEN regexp_full_match(v, '[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?') THEN TRY_CAST(v AS DOUBLE)
      ELSE NULL END`);
  await db.run(`CREATE OR REPLACE MACRO nova_date(v, ord) AS CASE
      WHEN v IS NULL THEN NULL
      WHEN regexp_full_match(v, '\\d{4}-\\d{2}-\\d{2}') THEN TRY_CAST(v AS DATE)
      WHEN regexp_full_match(v, '\\d{4}-\\d{2}-\\d{2}[T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?') THEN TRY_CAST(TRY_CAST(v AS TIMESTAMPTZ) AS DATE)
      WHEN regexp_full_match(v, '\\d{1,2}/\\d{1,2}/\\d{4}') THEN
        TRY_CAST(CASE WHEN ord = 'mdy' THEN TRY_STRPTIME(v, '%m/%d/%Y') ELSE TRY_STRPTIME(v, '%d/%m/%Y') END AS DATE)
      ELSE NULL END`);
  await db.run(`CREATE OR REPLACE MACRO nova_ts(v) AS CASE
      WHEN v IS NULL THEN NULL
      WHEN regexp_full_match(v, '\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+)?(Z|[+-]\\d{2}:?\\d{2})?')
        THEN CAST(TRY_CAST(v AS TIMESTAMPTZ) AS TIMESTAMP)
      ELSE NULL END`);
}

/** Largest absolute quantity accepted; anything bigger is `out_of_range` (a typo or an overflow upstream). */
export const MAX_QUANTITY = 1e12;
