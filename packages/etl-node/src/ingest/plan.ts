import type { InputKind, NovaConfig } from '../config.js';
import { CANONICAL, REQUIRED, mapHeaders, mappingWarnings } from './headers.js';

/**
 * Where one canonical value comes from: a raw column (optionally one side of a split
 * `unique_id`, optionally falling back to a constant when empty), a constant, or nothing (NULL).
 */
export type Cell =
  | { col: number; split?: { sep: string; part: 0 | 1 }; fallback?: string }
  | { value: string }
  | null;

/** One output row per input record and per `RowSpec` (several for multi-model statsforecast). */
export interface RowSpec {
  /** What this output stands for (a model name), or null. */
  label: string | null;
  /** Canonical column → source, for every canonical column of the kind. */
  cells: Record<string, Cell>;
}

/** A problem that rejects every row of a file. */
export interface FileProblem {
  code: 'missing_column' | 'missing_metadata' | 'unreadable_file';
  column: string | null;
  reason: string;
}

/** How a file's raw columns become canonical rows. */
export interface Plan {
  columns: readonly string[];
  rows: RowSpec[];
  /** Non-null → every row rejected with this. */
  problem: FileProblem | null;
  warnings: string[];
}

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A SQL quoted identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/**
 * Source column types whose text is never padded nor empty (numbers, dates, timestamps, booleans):
 * their CAST to VARCHAR needs no TRIM or NULLIF, which saves two string passes per value on
 * Parquet forecast exports of millions of rows.
 */
const UNPADDED = /^(UNPADDED VARCHAR|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|DATE|TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIMESTAMP_(S|MS|NS)|BOOLEAN)$/;

/**
 * The type {@link planRelation} is given for a text column known to hold no padded value and no
 * empty string (a direct CSV whose line scan found no field starting or ending with a character
 * `trim` removes, ingest/csv-direct.ts): its value is taken as it is, like a number's text.
 */
export const UNPADDED_TEXT = 'UNPADDED VARCHAR';

/**
 * The SQL expression (VARCHAR, trimmed, '' → NULL) a cell yields over a table whose columns are
 * `names` (of DuckDB types `types`, when known).
 */
export function cellSql(cell: Cell, names: readonly string[], types?: readonly string[]): string {
  if (cell === null) return 'CAST(NULL AS VARCHAR)';
  if ('value' in cell) return cell.value === '' ? 'CAST(NULL AS VARCHAR)' : sqlString(cell.value);
  const text = `CAST(${sqlIdent(names[cell.col])} AS VARCHAR)`;
  let e = types && UNPADDED.test(types[cell.col] ?? '') ? text : `NULLIF(TRIM(${text}), '')`;
  if (cell.split) {
    const sep = sqlString(cell.split.sep);
    e = cell.split.part === 0
      ? `NULLIF(TRIM(CASE WHEN strpos(${e}, ${sep}) > 0 THEN substr(${e}, 1, strpos(${e}, ${sep}) - 1) ELSE ${e} END), '')`
      : `NULLIF(TRIM(CASE WHEN strpos(${e}, ${sep}) > 0 THEN substr(${e}, strpos(${e}, ${sep}) + ${cell.split.sep.length}) END), '')`;
  }
  return cell.fallback !== undefined ? `COALESCE(${e}, ${sqlString(cell.fallback)})` : e;
}

/**
 * Canonical columns of each kind whose Parquet values are used as they are when their source
 * column has this DuckDB type: a DOUBLE is the number its text would parse back to, a DATE of
 * years 1–9999 the date. The silver relation of such a file then carries the value as
 * `_t_<column>` and NULL text, and the text (`CAST(value AS VARCHAR)`, what the text round trip
 * quoted) is rebuilt for rejected rows only: no cast to text and back of millions of forecast
 * values (ADR 0006, session 10). Items keep the text path (their repairs quote the raw text).
 */
export const NATIVE_VALUES: Partial<Record<InputKind, Readonly<Record<string, 'DOUBLE' | 'DATE'>>>> = {
  consumption: { date: 'DATE', quantity: 'DOUBLE' },
  inventory: { date: 'DATE', on_hand: 'DOUBLE', on_order: 'DOUBLE' },
  forecasts: { date: 'DATE', forecast: 'DOUBLE', forecast_lo: 'DOUBLE', forecast_hi: 'DOUBLE' },
};

/** Name of the typed twin of a canonical column (see {@link NATIVE_VALUES}). */
export function nativeName(column: string): string {
  return `_t_${column}`;
}

/** A canonical column and its typed twin for one plan row: the value when the cell is a plain column of the native type. */
function nativeSql(c: string, type: 'DOUBLE' | 'DATE', cell: Cell, names: readonly string[], types: readonly string[]): string {
  const plain = cell !== null && 'col' in cell && !cell.split && cell.fallback === undefined && types[cell.col] === type;
  if (!plain) return `${cellSql(cell, names, types)} AS ${sqlIdent(c)}, CAST(NULL AS ${type}) AS ${sqlIdent(nativeName(c))}`;
  const col = sqlIdent(names[(cell as { col: number }).col]);
  if (type === 'DOUBLE') return `CAST(NULL AS VARCHAR) AS ${sqlIdent(c)}, ${col} AS ${sqlIdent(nativeName(c))}`;
  // Dates of years 1–9999 read as 'YYYY-MM-DD', which parses back to the same date; any other
  // (infinity, BC, year 10000+) keeps its text and the text path's verdict.
  const ok = `${col} BETWEEN DATE '0001-01-01' AND DATE '9999-12-31'`;
  return `CASE WHEN ${ok} THEN NULL ELSE CAST(${col} AS VARCHAR) END AS ${sqlIdent(c)}, CASE WHEN ${ok} THEN ${col} END AS ${sqlIdent(nativeName(c))}`;
}

/**
 * The one interpreter of a plan: a SELECT yielding `_line` and every canonical column (VARCHAR,
 * trimmed, '' → NULL) from a relation `from` whose raw columns are `names` (a Parquet file's
 * columns, or a staging CSV's `c0…cN`; `types` their DuckDB types when known), one UNION ALL
 * branch per plan row (model). With `native` (and `types`), each of those canonical columns also
 * has its typed twin, `_t_<column>`, beside it (see {@link NATIVE_VALUES}).
 */
export function planRelation(plan: Plan, from: string, names: readonly string[], line: string, types?: readonly string[], native?: Readonly<Record<string, 'DOUBLE' | 'DATE'>>): string {
  return plan.rows
    .map((spec) => {
      const cols = plan.columns.map((c) =>
        native?.[c] && types ? nativeSql(c, native[c], spec.cells[c], names, types) : `${cellSql(spec.cells[c], names, types)} AS ${sqlIdent(c)}`);
      return `SELECT CAST(${line} AS BIGINT) AS _line, ${cols.join(', ')} FROM ${from}`;
    })
    .join(' UNION ALL ');
}

/** A `missing_column` problem naming the absent columns and the headers found. */
export function missingColumns(file: string, kind: InputKind, missing: string[], headers: string[]): FileProblem {
  const found = headers.filter((h) => h.trim() !== '').map((h) => JSON.stringify(h)).join(', ') || 'none';
  return {
    code: 'missing_column',
    column: missing[0],
    reason: `${file}: no ${missing.join(', ')} column for ${kind} (headers found: ${found})`,
  };
}

/** Plan for items, sites, consumption and inventory: headers mapped by config and aliases, one row per record. */
export function simplePlan(file: string, kind: InputKind, headers: string[], config: NovaConfig): Plan {
  const m = mapHeaders(kind, headers, config);
  const cells: Record<string, Cell> = {};
  for (const c of CANONICAL[kind]) {
    const i = m.index.get(c);
    cells[c] = i === undefined ? null : { col: i };
  }
  const missing = REQUIRED[kind].filter((c) => !m.index.has(c));
  return {
    columns: CANONICAL[kind],
    rows: [{ label: null, cells }],
    problem: missing.length ? missingColumns(file, kind, missing, headers) : null,
    warnings: mappingWarnings(kind, m),
  };
}
