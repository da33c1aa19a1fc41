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
 * With `meta` (the kind's metadata table, silver-rules.ts KindRules.meta, and the columns it holds
 * instead of the rows), those key columns and `_file` come from it, and the rows kept per `_meta`
 * before marking are left in the temporary table `_dup_kept` (the caller's to drop). Returns
 * false when no key can repeat (nothing marked).
 */
export async function markDuplicates(db: Db, silver: string, keyColumns: string[], meta?: { table: string; columns: ReadonlySet<string> }): Promise<boolean> {
  // A column the metadata table holds (`source`, `_file`) is joined by `_meta` where needed: `m.`
  // instead of the row's `s.`.
  const inMeta = (c: string) => meta?.columns.has(c) ?? false;
  const at = (c: string) => (inMeta(c) ? `m.${ident(c)}` : `s.${ident(c)}`);
  const from = meta ? `${silver} s JOIN ${meta.table} m ON m._meta = s._meta` : `${silver} s`;
  const key = keyColumns.map(at).join(', ');
  let candidates: string;
  if (keyColumns.length > 1 && keyColumns[keyColumns.length - 1] === 'date') {
    const groups = keyColumns.slice(0, -1);
    // Days since 0001-01-01: never negative for the kept rows (their dates are 1990–2100).
    const day = (t = '') => `(${t}"date" - DATE '0001-01-01')`;
    const bits = `bitstring_agg(${day()} % ${DATE_WINDOW}, 0, ${DATE_WINDOW - 1})`;
    if (!meta) {
      await db.run(`CREATE OR REPLACE TEMP TABLE _dup_groups AS
        SELECT ${groups.map(ident).join(', ')}, ${day()} // ${DATE_WINDOW} AS _w FROM ${silver} WHERE _err IS NULL
        GROUP BY ALL HAVING count(*) > bit_count(${bits})`);
    } else {
      // Per row columns and `_meta` first (no join per row), then per key: the group has a repeated
      // date when its rows outnumber the dates set in any of its cells. The cells also count the
      // rows per `_meta`: without a duplicate, the rows kept (`_dup_kept`).
      const local = groups.filter((c) => !inMeta(c)).map(ident);
      await db.run(`CREATE OR REPLACE TEMP TABLE _dup_cells AS
        SELECT ${local.join(', ')}, _meta, ${day()} // ${DATE_WINDOW} AS _w, count(*) AS _n, ${bits} AS _bits FROM ${silver} WHERE _err IS NULL GROUP BY ALL`);
      await db.run(`CREATE OR REPLACE TEMP TABLE _dup_kept AS SELECT _meta, sum(_n)::BIGINT AS _n FROM _dup_cells GROUP BY _meta`);
      const g = groups.map((c) => (inMeta(c) ? `m.${ident(c)}` : `c.${ident(c)}`));
      await db.run(`CREATE OR REPLACE TEMP TABLE _dup_groups AS
        WITH k AS (SELECT ${g.map((e, i) => `${e} AS _g${i}`).join(', ')}, c._w FROM _dup_cells c JOIN ${meta.table} m ON m._meta = c._meta
                   GROUP BY ALL HAVING sum(c._n) > bit_count(bit_or(c._bits)))
        SELECT ${local.map((c) => `c.${c}`).join(', ')}, c._meta, c._w FROM _dup_cells c JOIN ${meta.table} m ON m._meta = c._meta
        JOIN k ON ${g.map((e, i) => `k._g${i} IS NOT DISTINCT FROM ${e}`).join(' AND ')} AND k._w = c._w`);
      await db.run(`DROP TABLE _dup_cells`);
    }
    const n = Number((await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM _dup_groups`))?.n ?? 0);
    if (n === 0) {
      await db.run(`DROP TABLE _dup_groups`);
      return false;
    }
    const cols = meta ? [...groups.filter((c) => !inMeta(c)), '_meta'] : groups;
    candidates = `EXISTS (SELECT 1 FROM _dup_groups g WHERE ${cols.map((c) => `g.${ident(c)} IS NOT DISTINCT FROM s.${ident(c)}`).join(' AND ')}
      AND g._w = ${day('s.')} // ${DATE_WINDOW})`;
  } else {
    candidates = `hash(${key}) IN (SELECT _h FROM (SELECT hash(${key}) AS _h FROM ${from} WHERE s._err IS NULL) GROUP BY _h HAVING count(*) > 1)`;
  }
  await db.run(`UPDATE ${silver} SET _err = -1,
      _reason = 'duplicate of ' || ${lit(keyColumns.join(', '))} || ' first seen at ' || d._first,
      _raw = d._key
    FROM (SELECT s.rowid AS r, row_number() OVER w AS _n, first_value(${at('_file')} || ' line ' || s._line) OVER w AS _first,
            to_json({${keyColumns.map((k) => `${lit(k)}: ${at(k)}`).join(', ')}})::VARCHAR AS _key
          FROM ${from}
          WHERE s._err IS NULL AND ${candidates}
          WINDOW w AS (PARTITION BY ${key} ORDER BY ${at('_file')}, s._line, s.rowid)) d
    WHERE d._n > 1 AND ${silver}.rowid = d.r`);
  await db.run(`DROP TABLE IF EXISTS _dup_groups`);
  return true;
}
