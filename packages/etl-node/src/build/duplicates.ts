import { ident, lit, type Db } from '../db.js';

/** Days of dates checked for repeats at once: one 64-byte bitstring per key and window of this many days. */
const DATE_WINDOW = 512;

/**
 * Marks every later occurrence of a key among the kept rows of `silver` as a duplicate (`_err`
 * -1), with the first occurrence (by file, line) in its reason. Only keys seen twice are ranked,
 * so first the candidates are found with one narrow aggregate:
 * - a key ending in `date` (inventory, forecasts: millions of rows): per the other key columns
 *   and window of {@link DATE_WINDOW} days, the set of dates seen as a bitstring — the group has
 *   a repeated date exactly when it holds more rows than bits set. A few thousand groups instead
 *   of one per row (53 M at 50,000 items): 1.5 s → 0.55 s of CPU at 5,000 items (ADR 0006,
 *   session 11);
 * - other keys (items, sites): the 64-bit hash of the key seen twice; a collision only adds a
 *   candidate, which the ranking by the key itself keeps as a first occurrence.
 */
export async function markDuplicates(db: Db, silver: string, keyColumns: string[]): Promise<void> {
  const key = keyColumns.map(ident).join(', ');
  let candidates: string;
  if (keyColumns.length > 1 && keyColumns[keyColumns.length - 1] === 'date') {
    const groups = keyColumns.slice(0, -1).map(ident);
    // Days since 0001-01-01: never negative for the kept rows (their dates are 1990–2100).
    const day = (t = '') => `(${t}"date" - DATE '0001-01-01')`;
    await db.run(`CREATE OR REPLACE TEMP TABLE _dup_groups AS
      SELECT ${groups.join(', ')}, ${day()} // ${DATE_WINDOW} AS _w FROM ${silver} WHERE _err IS NULL
      GROUP BY ALL HAVING count(*) > bit_count(bitstring_agg(${day()} % ${DATE_WINDOW}, 0, ${DATE_WINDOW - 1}))`);
    const n = Number((await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM _dup_groups`))?.n ?? 0);
    if (n === 0) {
      await db.run(`DROP TABLE _dup_groups`);
      return;
    }
    candidates = `EXISTS (SELECT 1 FROM _dup_groups g WHERE ${groups.map((c) => `g.${c} IS NOT DISTINCT FROM ${silver}.${c}`).join(' AND ')}
      AND g._w = ${day(`${silver}.`)} // ${DATE_WINDOW})`;
  } else {
    candidates = `hash(${key}) IN (SELECT _h FROM (SELECT hash(${key}) AS _h FROM ${silver} WHERE _err IS NULL) GROUP BY _h HAVING count(*) > 1)`;
  }
  await db.run(`UPDATE ${silver} SET _err = -1,
      _reason = 'duplicate of ' || ${lit(keyColumns.join(', '))} || ' first seen at ' || d._first,
      _raw = to_json({${keyColumns.map((k) => `${lit(k)}: ${silver}.${ident(k)}`).join(', ')}})::VARCHAR
    FROM (SELECT rowid AS r, row_number() OVER w AS _n, first_value(_file || ' line ' || _line) OVER w AS _first
          FROM ${silver}
          WHERE _err IS NULL AND ${candidates}
          WINDOW w AS (PARTITION BY ${key} ORDER BY _file, _line, rowid)) d
    WHERE d._n > 1 AND ${silver}.rowid = d.r`);
  await db.run(`DROP TABLE IF EXISTS _dup_groups`);
}
