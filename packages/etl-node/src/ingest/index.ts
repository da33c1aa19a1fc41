import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { NovaConfig } from '../config.js';
import { csvSource } from './csv.js';
import { directCsvRelation, directCsvScan } from './csv-direct.js';
import { decodeText, looksBinary } from './decode.js';
import { discoverRaw, type FoundFile } from './discover.js';
import { sniffDelimiter } from './dialect.js';
import { forecastPlan, loadSidecar } from './forecasts.js';
import { ingestParquet, parquetHeaders } from './parquet.js';
import { NATIVE_VALUES, type Plan, planRelation, simplePlan, UNPADDED_TEXT } from './plan.js';
import { ingestRecords, type RecordSource } from './table.js';
import type { IngestedFile, Progress } from './types.js';
import { xlsxSource } from './xlsx.js';
import { findHeaderRow } from './header-row.js';
import { sniffRelation } from './sniff.js';

export type { IngestedFile, Progress, Reject } from './types.js';
export type { FoundFile, Discovery } from './discover.js';
export { discoverRaw } from './discover.js';
export { CANONICAL, REQUIRED, METADATA, normalizeHeader, resolveHeader } from './headers.js';

/** Reject codes emitted while reading raw files (silver adds its own). */
export const INGEST_CODES = ['ragged_row', 'encoding_error', 'missing_metadata', 'missing_column', 'unreadable_file'] as const;

async function planFor(rawDir: string, f: FoundFile, headers: string[], config: NovaConfig): Promise<Plan> {
  if (f.kind !== 'forecasts') return simplePlan(f.file, f.kind, headers, config);
  return forecastPlan(f.file, headers, config, await loadSidecar(rawDir, f.file));
}

function unreadable(f: FoundFile, reason: string, base: Partial<IngestedFile> = {}): IngestedFile {
  return {
    file: f.file, kind: f.kind, format: f.format, decimal: '.', dateOrder: 'dmy', columns: [], relation: null, warnings: [],
    ...base,
    status: 'unreadable',
    rowsRead: 1,
    rejects: [{ file: f.file, line: 1, column: null, code: 'unreadable_file', reason: `${f.file}: ${reason}`, raw: '' }],
  };
}

/** Reads one CSV or XLSX file through JS into a staging CSV. */
async function ingestText(con: DuckDBConnection, rawDir: string, f: FoundFile, config: NovaConfig, staging: string, onProgress?: Progress): Promise<IngestedFile> {
  const path = join(rawDir, ...f.file.split('/'));
  let source: RecordSource;
  let bytes = -1;
  let encoding: string | undefined;
  let delimiter: string | undefined;
  let direct: { buf: Buffer; text: string; bom: boolean; hint: boolean } | null = null;
  const warnings: string[] = [];
  if (f.format === 'xlsx') {
    try {
      source = await xlsxSource(path);
    } catch (err) {
      return unreadable(f, `not a readable .xlsx workbook (${(err as Error).message})`);
    }
  } else {
    const buf = await readFile(path);
    bytes = buf.length;
    if (looksBinary(buf)) return unreadable(f, 'binary content (NUL bytes), not a text CSV');
    const decoded = decodeText(buf);
    encoding = decoded.encoding;
    // Excel's "sep=;" first line names the delimiter; blanking it keeps physical line numbers.
    const hint = /^sep=(.)\n/i.exec(decoded.text);
    if (hint) decoded.text = '\n' + decoded.text.slice(hint[0].length);
    delimiter = hint ? hint[1] : /\.tsv$/i.test(f.file) ? '\t' : sniffDelimiter(decoded.text);
    if (decoded.bom) warnings.push(`byte order mark (${encoding}) removed`);
    if (encoding === 'utf-8') direct = { buf, text: decoded.text, bom: decoded.bom, hint: Boolean(hint) };
    try {
      source = await csvSource(decoded.text, delimiter);
    } catch (err) {
      return unreadable(f, (err as Error).message, { encoding, delimiter });
    }
  }
  // Reports often carry a title or parameter lines above the header: find the header row.
  const accepts = async (h: string[]) =>
    f.kind === 'forecasts' ? (await planFor(rawDir, f, h, config)).problem?.code !== 'missing_column' : simplePlan(f.file, f.kind, h, config).problem === null;
  const found = await findHeaderRow(source, accepts, config.header_row[f.file]);
  if (found.error) return unreadable(f, found.error);
  source = found.source;
  const plan = source.headers.length ? await planFor(rawDir, f, source.headers, config) : simplePlan(f.file, f.kind, [], config);
  if (!source.headers.length) plan.problem = null; // empty file: nothing to reject
  // A clean UTF-8 CSV (no quote, ragged or blank row; header on line 1) is read by DuckDB itself.
  const scan = direct && !direct.hint && !plan.problem && source.headerLine === 1 && found.skipped.length === 0 && source.headers.length > 0
    ? directCsvScan(direct.buf, direct.text, delimiter!, source.headers.length)
    : null;
  // Without a padded field the columns are taken as they are: no TRIM and NULLIF per value, half
  // the CPU of the bronze copy (ADR 0006, session 13).
  const types = scan && !scan.padded ? source.headers.map(() => UNPADDED_TEXT) : undefined;
  const r = scan !== null
    ? { rowsRead: scan.rows * plan.rows.length, rejects: [], warnings: [...plan.warnings],
        relation: scan.rows === 0 ? null : planRelation(plan, `(${directCsvRelation(path, delimiter!, source.headers.length)})`, source.headers.map((_, i) => `c${i}`), '_line', types) }
    : await ingestRecords(f.file, source, plan, staging, onProgress);
  direct = null;
  const sniffer = await sniffRelation(con, r.relation, plan.columns);
  return {
    file: f.file, kind: f.kind, format: f.format,
    ...(encoding ? { encoding } : {}), ...(delimiter ? { delimiter } : {}),
    decimal: f.format === 'xlsx' ? sniffer.decimal('.') : sniffer.decimal(delimiter),
    dateOrder: sniffer.dateOrder(),
    rowsRead: r.rowsRead, columns: [...plan.columns], relation: r.relation, rejects: r.rejects,
    warnings: [...warnings, ...r.warnings, ...sniffer.warnings()],
    status: bytes === 0 || !source.headers.length ? 'empty' : r.rowsRead === 0 ? 'header_only' : 'ok',
    skippedRows: found.skipped,
  };
}

/** Reads one Parquet file as a pure SQL relation. */
async function ingestParquetFile(con: DuckDBConnection, rawDir: string, f: FoundFile, config: NovaConfig): Promise<IngestedFile> {
  const path = join(rawDir, ...f.file.split('/'));
  let headers: string[];
  try {
    headers = await parquetHeaders(con, path);
  } catch (err) {
    return unreadable(f, `not a readable Parquet file (${(err as Error).message.split('\n')[0]})`);
  }
  const plan = await planFor(rawDir, f, headers, config);
  const r = await ingestParquet(con, f.file, path, headers, plan, NATIVE_VALUES[f.kind]);
  const warnings = [...plan.warnings, ...r.sniffer.warnings()];
  return {
    file: f.file, kind: f.kind, format: 'parquet', decimal: r.sniffer.decimal('.'), dateOrder: r.sniffer.dateOrder(),
    rowsRead: r.rowsRead, columns: [...plan.columns], relation: r.relation, typedRelation: r.typedRelation, rejects: r.rejects, warnings,
    status: r.rowsRead === 0 ? 'header_only' : 'ok',
  };
}

/**
 * Reads every input of a raw folder (see {@link discoverRaw}) into DuckDB relations of raw text in
 * canonical columns. CSV and XLSX records are decoded, checked (ragged rows, undecodable bytes),
 * mapped and written to UTF-8 staging CSVs under `stagingDir`; Parquet is read in place.
 * For each file `rowsRead = relation rows + rejects.length`. Throws `DataError` when the folder
 * has no items file, `UsageError` when the config maps a header to an unknown column.
 */
export async function ingestRaw(rawDirGiven: string, config: NovaConfig, stagingDir: string, onProgress?: Progress): Promise<IngestedFile[]> {
  const { rawDir, files } = await discoverRaw(rawDirGiven, config.ignore);
  await mkdir(stagingDir, { recursive: true });
  // One small DuckDB for the whole read: Parquet inputs and the SQL pass of the column mapping.
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  const out: IngestedFile[] = [];
  try {
    for (const [i, f] of files.entries()) {
      onProgress?.(`reading ${f.file}`, i, files.length);
      const staging = join(stagingDir, `${String(i).padStart(2, '0')}-${f.file.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`);
      if (f.format === 'parquet') {
        out.push(await ingestParquetFile(con, rawDir, f, config));
      } else out.push(await ingestText(con, rawDir, f, config, staging, onProgress));
    }
  } finally {
    con.closeSync();
    inst.closeSync();
  }
  onProgress?.('read all inputs', files.length, files.length);
  return out;
}
