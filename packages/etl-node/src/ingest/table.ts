import { DATE_COLUMNS, NUMERIC_COLUMNS } from './headers.js';
import { DialectSniffer } from './dialect.js';
import { type Plan, evalCell } from './plan.js';
import { StagingWriter, stagingRelation } from './staging.js';
import type { Progress, Reject } from './types.js';

/** One data record as parsed: physical start line and raw fields. */
export interface SourceRecord {
  line: number;
  fields: string[];
  /** Set when the record could not be parsed at all (e.g. an unclosed quote). */
  problem?: { code: string; reason: string };
}

/** Rows of a text or sheet file, after the header. */
export interface RecordSource {
  headers: string[];
  /** Separator used to rebuild `Reject.raw`. */
  delimiter: string;
  /** CSV: a record shorter than the header is ragged. XLSX: trailing empty cells are simply absent. */
  shortIsRagged: boolean;
  records: AsyncIterable<SourceRecord>;
}

/** What the JS path produces for one file. */
export interface TableResult {
  rowsRead: number;
  rejects: Reject[];
  warnings: string[];
  relation: string | null;
  sniffer: DialectSniffer;
}

/**
 * Runs every record of `source` through `plan`: ragged and undecodable records and whole-file
 * problems become rejects (one per output row), the rest go to a staging CSV at `stagingPath`.
 * `rowsRead` counts output rows (records × plan rows), so rowsRead = relation rows + rejects.
 */
export async function ingestRecords(file: string, source: RecordSource, plan: Plan, stagingPath: string, onProgress?: Progress): Promise<TableResult> {
  const { headers } = source;
  const units = plan.rows.length;
  const minWidth = headers.reduce((w, h, i) => (h.trim() !== '' ? i + 1 : w), 0);
  const rejects: Reject[] = [];
  const sniffer = new DialectSniffer();
  const colName = (i: number): string => {
    for (const [c, cell] of Object.entries(plan.rows[0].cells)) if (cell && 'col' in cell && cell.col === i) return c;
    return headers[i] ?? `column ${i + 1}`;
  };
  let writer: StagingWriter | null = null;
  let records = 0;
  let blank = 0;
  const reject = (rec: SourceRecord, code: string, column: string | null, reason: string) => {
    const raw = rec.fields.join(source.delimiter).slice(0, 500);
    for (const spec of plan.rows) {
      const what = units > 1 ? ` (model ${spec.label})` : '';
      rejects.push({ file, line: rec.line, column, code, reason: reason + what, raw });
    }
  };
  for await (const rec of source.records) {
    if (!rec.problem && rec.fields.every((f) => f.trim() === '')) { blank++; continue; }
    records++;
    if (records % 100_000 === 0) onProgress?.(`${file}: ${records} records`, records);
    if (rec.problem) { reject(rec, rec.problem.code, null, `${file} line ${rec.line}: ${rec.problem.reason}`); continue; }
    const n = rec.fields.length;
    const extra = rec.fields.slice(headers.length).findIndex((f) => f.trim() !== '');
    if ((source.shortIsRagged && n < minWidth) || extra >= 0) {
      const why = extra >= 0 ? `a value in column ${headers.length + extra + 1}, which has no header` : `${n} field(s) where the header has ${minWidth}`;
      reject(rec, 'ragged_row', null, `${file} line ${rec.line}: ragged row, ${why}`);
      continue;
    }
    const bad = rec.fields.findIndex((f) => f.includes('\uFFFD'));
    if (bad >= 0) {
      reject(rec, 'encoding_error', colName(bad), `${file} line ${rec.line}, column ${colName(bad)}: bytes that are not valid text in the file's encoding`);
      continue;
    }
    if (plan.problem) { reject(rec, plan.problem.code, plan.problem.column, plan.problem.reason); continue; }
    writer ??= new StagingWriter(stagingPath, plan.columns);
    for (const spec of plan.rows) {
      const values = plan.columns.map((c) => {
        const v = evalCell(spec.cells[c], rec.fields);
        if (NUMERIC_COLUMNS.has(c)) sniffer.number(v);
        else if (DATE_COLUMNS.has(c)) sniffer.date(v);
        return v;
      });
      await writer.write(rec.line, values);
    }
  }
  if (writer) await writer.close();
  const warnings = [...plan.warnings];
  if (blank) warnings.push(`${blank} blank row(s) skipped`);
  if (records === 0) warnings.push(headers.length ? `${file}: no data rows (header only)` : `${file}: empty file`);
  return {
    rowsRead: records * units,
    rejects,
    warnings,
    relation: writer ? stagingRelation(stagingPath, plan.columns) : null,
    sniffer,
  };
}
