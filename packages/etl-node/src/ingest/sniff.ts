import type { DuckDBConnection } from '@duckdb/node-api';
import { DialectSniffer } from './dialect.js';
import { DATE_COLUMNS, NUMERIC_COLUMNS } from './headers.js';
import { sqlIdent } from './plan.js';

/**
 * Sniffs a file's decimal separator and date order from its canonical relation: the first 2,000
 * rows holding a `,` `.` or `/` in a numeric or date column (the only values that carry evidence),
 * in file order. One path for CSV, XLSX and Parquet.
 */
export async function sniffRelation(con: DuckDBConnection, relation: string | null, columns: readonly string[]): Promise<DialectSniffer> {
  const sniffer = new DialectSniffer();
  const watched = columns.filter((c) => NUMERIC_COLUMNS.has(c) || DATE_COLUMNS.has(c));
  if (!relation || watched.length === 0) return sniffer;
  const where = watched.map((c) => `regexp_matches(${sqlIdent(c)}, '[,./]')`).join(' OR ');
  const r = await con.runAndReadAll(`SELECT ${watched.map(sqlIdent).join(', ')} FROM (${relation}) WHERE ${where} LIMIT 2000`);
  for (const o of r.getRowObjects()) {
    for (const c of watched) {
      const v = o[c] === null || o[c] === undefined ? '' : String(o[c]);
      if (NUMERIC_COLUMNS.has(c)) sniffer.number(v);
      else sniffer.date(v);
    }
  }
  return sniffer;
}
