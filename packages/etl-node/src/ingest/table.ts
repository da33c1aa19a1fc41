import { type Plan, planRelation } from './plan.js';
import { StagingWriter, stagingRelation } from './staging.js';
import { RAW_LIMIT, type Progress, type Reject } from './types.js';

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
  /** Physical line (sheet row) of the header; 0 when there is none. */
  headerLine: number;
  /** Separator used to rebuild `Reject.raw`. */
  delimiter: string;
  /** CSV: a record shorter than the header is ragged. XLSX: trailing empty cells are simply absent. */
  shortIsRagged: boolean;
  /** The decoded text holds U+FFFD somewhere: check each record for it (`encoding_error`). */
  mayHaveBadBytes: boolean;
  /** Records in batches (so a large file does not pay an await per record). */
  batches: AsyncIterable<SourceRecord[]>;
}

/** What the JS path produces for one file. */
export interface TableResult {
  rowsRead: number;
  rejects: Reject[];
  warnings: string[];
  relation: string | null;
}

/**
 * The structural pass over the records of a text or sheet file: ragged and undecodable records
 * and whole-file problems become rejects (one per output row); the rest are written as they are
 * (raw fields `c0…cN`, one per header column) to a staging CSV at `stagingPath`. The plan's column
 * mapping is applied afterwards in SQL over that CSV by the same interpreter as for Parquet
 * ({@link planRelation}). `rowsRead` counts output rows (records × plan rows), so rowsRead =
 * relation rows + rejects.
 */
export async function ingestRecords(file: string, source: RecordSource, plan: Plan, stagingPath: string, onProgress?: Progress): Promise<TableResult> {
  const { headers } = source;
  const units = plan.rows.length;
  const minWidth = headers.reduce((w, h, i) => (h.trim() !== '' ? i + 1 : w), 0);
  const rejects: Reject[] = [];
  const width = headers.length;
  const rawCols = Array.from({ length: width }, (_, i) => `c${i}`);
  const colName = (i: number): string => {
    for (const [c, cell] of Object.entries(plan.rows[0].cells)) if (cell && 'col' in cell && cell.col === i) return c;
    return headers[i] ?? `column ${i + 1}`;
  };
  const out: { writer: StagingWriter | null } = { writer: null };
  let records = 0;
  let blank = 0;
  const reject = (rec: SourceRecord, code: string, column: string | null, reason: string, wholeFile = false): void => {
    // A file rejected as a whole (no such column, no metadata) keeps no content in the quarantine.
    const raw = wholeFile ? '' : rec.fields.join(source.delimiter).slice(0, RAW_LIMIT);
    for (const spec of plan.rows) {
      const what = units > 1 ? ` (model ${spec.label})` : '';
      rejects.push({ file, line: rec.line, column, code, reason: reason + what, raw });
    }
  };
  /** One record: rejected, or written once per plan row. */
  const handle = (rec: SourceRecord): void => {
    if (!rec.problem && rec.fields.every((f) => f.trim() === '')) { blank++; return; }
    if (++records % 100_000 === 0) onProgress?.(`${file}: ${records} records`, records);
    if (rec.problem) return reject(rec, rec.problem.code, null, `${file} line ${rec.line}: ${rec.problem.reason}`);
    const n = rec.fields.length;
    let extra = -1;
    for (let i = headers.length; i < n && extra < 0; i++) if (rec.fields[i].trim() !== '') extra = i - headers.length;
    if ((source.shortIsRagged && n < minWidth) || extra >= 0) {
      const why = extra >= 0 ? `a value in column ${headers.length + extra + 1}, which has no header` : `${n} field(s) where the header has ${minWidth}`;
      return reject(rec, 'ragged_row', null, `${file} line ${rec.line}: ragged row, ${why}`);
    }
    const bad = source.mayHaveBadBytes ? rec.fields.findIndex((f) => f.includes('\uFFFD')) : -1;
    if (bad >= 0) {
      return reject(rec, 'encoding_error', colName(bad), `${file} line ${rec.line}, column ${colName(bad)}: bytes that are not valid text in the file's encoding`);
    }
    if (plan.problem) return reject(rec, plan.problem.code, plan.problem.column, plan.problem.reason, true);
    const writer = (out.writer ??= new StagingWriter(stagingPath, rawCols));
    writer.write(rec.line, n === width ? rec.fields : Array.from({ length: width }, (_, i) => rec.fields[i] ?? ''));
  };
  for await (const batch of source.batches) {
    for (const rec of batch) handle(rec);
    await out.writer?.flushIfFull();
  }
  await out.writer?.close();
  const warnings = [...plan.warnings];
  if (blank) warnings.push(`${blank} blank row(s) skipped`);
  return {
    rowsRead: records * units,
    rejects,
    warnings,
    relation: out.writer ? planRelation(plan, `(${stagingRelation(stagingPath, rawCols)})`, rawCols, '_line') : null,
  };
}
