import type { DuckDBConnection } from '@duckdb/node-api';
import { DialectSniffer } from './dialect.js';
import { type Plan, planRelation, sqlString } from './plan.js';
import { sniffRelation } from './sniff.js';
import type { Reject } from './types.js';

/** `read_parquet(...)` with the 0-based `file_row_number` column. */
function scan(path: string): string {
  return `read_parquet(${sqlString(path)}, file_row_number=true)`;
}

/** Column names of a Parquet file, in order. */
export async function parquetHeaders(con: DuckDBConnection, path: string): Promise<string[]> {
  return (await parquetColumns(con, path)).map((c) => c.name);
}

/** Column names and DuckDB types of a Parquet file, in order. */
export async function parquetColumns(con: DuckDBConnection, path: string): Promise<{ name: string; type: string }[]> {
  const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
  return r.getRowObjects().map((o) => ({ name: String(o.column_name), type: String(o.column_type) }));
}

/** What the Parquet path produces for one file. */
export interface ParquetResult {
  rowsRead: number;
  rejects: Reject[];
  relation: string | null;
  /** The relation with typed twins of `native`'s columns (NULL when the file reads decimal commas or nothing is native). */
  typedRelation: string | null;
  sniffer: DialectSniffer;
}

/**
 * Builds the relation for a Parquet file entirely in SQL (no rows through JS): each column CAST to
 * VARCHAR and trimmed, `_line` = row number + 1 (first row → line 2), one UNION ALL branch per
 * plan row. A whole-file problem turns every row into a reject instead.
 */
export async function ingestParquet(con: DuckDBConnection, file: string, path: string, headers: string[], plan: Plan, native?: Readonly<Record<string, 'DOUBLE' | 'DATE'>>): Promise<ParquetResult> {
  const countRows = await con.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${sqlString(path)})`);
  const n = Number(countRows.getRowObjects()[0].n);
  const units = plan.rows.length;
  if (plan.problem) {
    const p = plan.problem;
    // A file rejected as a whole keeps no content in the quarantine: line numbers only.
    const r = await con.runAndReadAll(`SELECT file_row_number + 2 AS line FROM ${scan(path)} ORDER BY file_row_number`);
    const rejects: Reject[] = [];
    for (const o of r.getRowObjects()) {
      for (const spec of plan.rows) {
        const what = units > 1 ? ` (model ${spec.label})` : '';
        rejects.push({ file, line: Number(o.line), column: p.column, code: p.code, reason: p.reason + what, raw: '' });
      }
    }
    return { rowsRead: n * units, rejects, relation: null, typedRelation: null, sniffer: new DialectSniffer() };
  }
  if (n === 0) return { rowsRead: 0, rejects: [], relation: null, typedRelation: null, sniffer: new DialectSniffer() };
  const types = (await parquetColumns(con, path)).map((c) => c.type);
  const relation = planRelation(plan, scan(path), headers, 'file_row_number + 2', types);
  const sniffer = await sniffRelation(con, relation, plan.columns);
  // Values used as they are: only where the text would have been read with a decimal point (a
  // file read with decimal commas keeps the text path and its reading of "1.234").
  const typed = native && sniffer.decimal('.') === '.' && plan.columns.some((c) => native[c])
    ? planRelation(plan, scan(path), headers, 'file_row_number + 2', types, native)
    : null;
  return { rowsRead: n * units, rejects: [], relation, typedRelation: typed, sniffer };
}
