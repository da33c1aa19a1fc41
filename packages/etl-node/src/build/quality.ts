import { TABLES, TABLE_NAMES, type QualityInput, type TableName } from '@nova-corrente/core/contract';
import { ident, type Db } from '../db.js';
import { DataError } from '../errors.js';
import type { GateReport } from './gate.js';

/** `quality.json` of a snapshot. */
export interface QualityReport {
  inputs: QualityInput[];
  /** Rows in quarantine.csv (equals the sum of rows_quarantined). */
  quarantine_rows: number;
  /** Quarantined rows by reason code. */
  by_code: Record<string, number>;
  /** Null fraction of every non-key contract column, per table. */
  null_fractions: Record<string, Record<string, number>>;
  warnings: string[];
  /** The quality gate's verdict (and whether `--allow-partial` overrode it). */
  gate: GateReport;
  /** Item cells whose malformed value was replaced by its default (`item_defaults`); the first 1,000. */
  defaulted: { file: string; line: number; column: string; value: string; default: string }[];
  /** How many cells were defaulted in all. */
  defaulted_cells: number;
  /** Rows above each file's header row (report titles, parameters), skipped. */
  skipped_rows: { file: string; line: number; text: string }[];
}

/**
 * SQL aggregates counting a gold table's rows (`_rows`) and each contract column's non-null
 * values (`_nn_<column>`), for a scan that already reads every row of the table to report them
 * per group: the gold checks then add them up ({@link NULL_COUNTS}) instead of scanning it again.
 */
export function nullCountsSql(name: TableName): string {
  return [`count(*) AS _rows`, ...TABLES[name].columns.map((c) => `count(${ident(c.name)}) AS ${ident(`_nn_${c.name}`)}`)].join(', ');
}

/** Tables whose counts come from another scan: `g_err` reads every row of `g_fact_forecast` (inventory.ts). */
const NULL_COUNTS: Partial<Record<TableName, string>> = { fact_forecast: 'g_err' };

/**
 * Gold checks before anything is written: key columns never null, other contract columns
 * below `maxNull` nulls (columns marked nullable are exempt: `actual` is null in the future).
 */
export async function checkGoldTables(db: Db, maxNull: number): Promise<Omit<QualityReport, 'inputs' | 'quarantine_rows' | 'warnings' | 'gate' | 'defaulted' | 'defaulted_cells' | 'skipped_rows'>> {
  const nullFractions: Record<string, Record<string, number>> = {};
  const problems: string[] = [];
  for (const name of TABLE_NAMES.filter((n) => !TABLES[n].derived)) {
    const spec = TABLES[name];
    const counts = NULL_COUNTS[name];
    const exprs = spec.columns.map((c) =>
      counts
        ? `CASE WHEN coalesce(sum(_rows), 0) = 0 THEN 0 ELSE 1 - sum(${ident(`_nn_${c.name}`)})::DOUBLE / sum(_rows) END AS ${ident(c.name)}`
        : `CASE WHEN count(*) = 0 THEN 0 ELSE 1 - count(${ident(c.name)})::DOUBLE / count(*) END AS ${ident(c.name)}`);
    const row = await db.one<Record<string, number>>(`SELECT ${exprs.join(', ')} FROM ${counts ?? ident(`g_${name}`)}`);
    nullFractions[name] = {};
    for (const c of spec.columns) {
      const f = Number(row?.[c.name] ?? 0);
      nullFractions[name][c.name] = f;
      if (c.key && f > 0) problems.push(`${name}.${c.name} has nulls in a key column`);
      else if (!c.key && !c.nullable && f > maxNull) problems.push(`${name}.${c.name} is ${(f * 100).toFixed(2)} % null (limit ${maxNull * 100} %)`);
    }
  }
  if (problems.length) throw new DataError(`gold checks failed: ${problems.join('; ')}`);
  const codes = await db.all<{ code: string; n: number }>(`SELECT code, count(*)::INTEGER AS n FROM quarantine GROUP BY code ORDER BY code`);
  return { by_code: Object.fromEntries(codes.map((c) => [c.code, Number(c.n)])), null_fractions: nullFractions };
}
