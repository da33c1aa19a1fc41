import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdb } from '../db.js';
import { checkpoint } from '../checkpoint.js';
import type { NovaConfig } from '../config.js';
import { csvSource } from './csv.js';
import { type DirectCsv, directCsvRelation, directCsvScan } from './csv-direct.js';
import { type EarlyScan, startEarlyScans } from './early-scan.js';
import { decodeText, looksBinary } from './decode.js';
import { discoverRaw, type FoundFile } from './discover.js';
import { csvDelimiter, SEP_LINE } from './dialect.js';
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

/** A text or sheet file's records, before the header search (see {@link ingestText}). */
interface TextSource {
  source: RecordSource;
  /** Bytes of a CSV file; -1 for a workbook. */
  bytes: number;
  encoding?: string;
  delimiter?: string;
  warnings: string[];
  /** `directCsvScan` of the file for a header of `width` fields, or null (no direct read possible). */
  scan: (width: number) => DirectCsv | null;
}

/**
 * Reads one CSV or XLSX file through JS into a staging CSV. `early` is the byte pass the scan
 * worker already made of a clean log (ingest/early-scan.ts): then only its first line is parsed
 * here, and the file is read the usual way whenever the header search does not end on that line.
 */
async function ingestText(con: DuckDBConnection, rawDir: string, f: FoundFile, config: NovaConfig, staging: string, onProgress?: Progress, early?: EarlyScan | null): Promise<IngestedFile> {
  if (early) {
    const head = await csvSource(early.head, early.delimiter).catch(() => null);
    // A byte order mark is how Excel and ERPs mark UTF-8 (and UTF-16): removed, never a warning.
    const r = head && await fromSource(con, rawDir, f, config, staging, onProgress, {
      source: head, bytes: early.bytes, encoding: 'utf-8', delimiter: early.delimiter, warnings: [], scan: (w) => (w === early.width ? early.scan : null),
    }, true);
    if (r) return r;
  }
  const path = join(rawDir, ...f.file.split('/'));
  let source: RecordSource;
  let bytes = -1;
  let encoding: string | undefined;
  let delimiter: string | undefined;
  let direct: { buf: Buffer; text: string } | null = null;
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
    const hint = SEP_LINE.exec(decoded.text);
    delimiter = csvDelimiter(decoded.text, f.file);
    if (hint) decoded.text = '\n' + decoded.text.slice(hint[0].length);
    if (encoding === 'utf-8' && !hint) direct = { buf, text: decoded.text };
    try {
      source = await csvSource(decoded.text, delimiter);
    } catch (err) {
      return unreadable(f, (err as Error).message, { encoding, delimiter });
    }
  }
  const sep = delimiter!;
  // Called once at most; the bytes are let go as soon as the scan is made.
  const scan = (width: number) => {
    const d = direct;
    direct = null;
    return d ? directCsvScan(d.buf, d.text, sep, width) : null;
  };
  return (await fromSource(con, rawDir, f, config, staging, onProgress, { source, bytes, encoding, delimiter, warnings, scan }, false))!;
}

/**
 * The header search, the plan and the read of a text or sheet file's records: DuckDB reads a
 * clean UTF-8 CSV itself, anything else goes through the record pass. With `directOnly`, null
 * unless the direct read applies (the caller then reads the file the usual way).
 */
async function fromSource(con: DuckDBConnection, rawDir: string, f: FoundFile, config: NovaConfig, staging: string, onProgress: Progress | undefined, t: TextSource, directOnly: boolean): Promise<IngestedFile | null> {
  const path = join(rawDir, ...f.file.split('/'));
  const { bytes, encoding, delimiter, warnings } = t;
  // Reports often carry a title or parameter lines above the header: find the header row.
  const accepts = async (h: string[]) =>
    f.kind === 'forecasts' ? (await planFor(rawDir, f, h, config)).problem?.code !== 'missing_column' : simplePlan(f.file, f.kind, h, config).problem === null;
  const found = await findHeaderRow(t.source, accepts, config.header_row[f.file]);
  if (found.error) return directOnly ? null : unreadable(f, found.error);
  const source = found.source;
  const plan = source.headers.length ? await planFor(rawDir, f, source.headers, config) : simplePlan(f.file, f.kind, [], config);
  if (!source.headers.length) plan.problem = null; // empty file: nothing to reject
  // A clean UTF-8 CSV (no quote, ragged or blank row; header on line 1) is read by DuckDB itself.
  const scan = !plan.problem && source.headerLine === 1 && found.skipped.length === 0 && source.headers.length > 0
    ? t.scan(source.headers.length)
    : null;
  if (directOnly && scan === null) return null;
  // Without a padded field the columns are taken as they are: no TRIM and NULLIF per value, half
  // the CPU of the bronze copy (ADR 0006, session 13).
  const types = scan && !scan.padded ? source.headers.map(() => UNPADDED_TEXT) : undefined;
  const r = scan !== null
    ? { rowsRead: scan.rows * plan.rows.length, rejects: [], warnings: [...plan.warnings],
        relation: scan.rows === 0 ? null : planRelation(plan, `(${directCsvRelation(path, delimiter!, source.headers.length)})`, source.headers.map((_, i) => `c${i}`), '_line', types) }
    : await ingestRecords(f.file, source, plan, staging, onProgress);
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
 * The inputs whose byte pass starts on the scan worker: the consumption and inventory CSVs, the
 * ERP logs of millions of lines that are usually clean (read by DuckDB directly). The main thread
 * reads the others (the catalogue's record pass, the forecasts) meanwhile, then these.
 */
const earlyScanned = (f: FoundFile) => f.format === 'csv' && (f.kind === 'consumption' || f.kind === 'inventory');

/**
 * Reads every input of a raw folder (see {@link discoverRaw}) into DuckDB relations of raw text in
 * canonical columns. CSV and XLSX records are decoded, checked (ragged rows, undecodable bytes),
 * mapped and written to UTF-8 staging CSVs under `stagingDir`; Parquet is read in place.
 * For each file `rowsRead = relation rows + rejects.length`. Throws `DataError` when the folder
 * has no items file, `UsageError` when the config maps a header to an unknown column.
 *
 * `beside` (the build opening its DuckDB) runs once the scan worker has started, before anything
 * here loads DuckDB: the ~0.1–0.2 s of loading DuckDB's module then overlaps the worker's byte
 * pass instead of preceding it. Its error wins over any error of the read, as when it ran first
 * (also when the raw folder cannot be listed). `othersRead` is told the inputs read before the
 * logs (every file but the consumption and inventory CSVs, in discovery order) as soon as they are,
 * while the logs' byte pass may still run on the worker.
 */
export async function ingestRaw(
  rawDirGiven: string, config: NovaConfig, stagingDir: string, onProgress?: Progress, beside?: () => Promise<void>,
  othersRead?: (files: IngestedFile[]) => void,
): Promise<IngestedFile[]> {
  let found: Awaited<ReturnType<typeof discoverRaw>>;
  try {
    found = await discoverRaw(rawDirGiven, config.ignore);
  } catch (err) {
    await beside?.();
    throw err;
  }
  const { rawDir, files } = found;
  // The ERP logs' byte pass starts on a worker thread (ingest/early-scan.ts), in order, while this
  // thread reads the other inputs; then this thread reads, last first, the logs the worker has not
  // started on (rather than wait for it), then those it scanned. Each file keeps its place.
  const early = startEarlyScans(files.filter(earlyScanned).map((f) => ({ path: join(rawDir, ...f.file.split('/')), file: f.file })));
  let inst: DuckDBInstance | undefined;
  let con: DuckDBConnection | undefined;
  try {
    await beside?.();
    await mkdir(stagingDir, { recursive: true });
    // One small DuckDB for the whole read: Parquet inputs and the SQL pass of the column mapping.
    // Its spill folder is in the build's staging folder (removed with it), never the current directory.
    inst = await duckdb().DuckDBInstance.create(':memory:', { temp_directory: join(stagingDir, 'duckdb-tmp') });
    const c = con = await inst.connect();
    const out: IngestedFile[] = new Array(files.length);
    const scanned = new Map<number, Promise<EarlyScan | null>>();
    let done = 0;
    const read = async (i: number, scan: EarlyScan | null) => {
      const f = files[i];
      onProgress?.(`reading ${f.file}`, done++, files.length);
      const staging = join(stagingDir, `${String(i).padStart(2, '0')}-${f.file.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`);
      out[i] = f.format === 'parquet' ? await ingestParquetFile(c, rawDir, f, config) : await ingestText(c, rawDir, f, config, staging, onProgress, scan);
      out[i].identity = f.identity;
    };
    // Crash tests: a build stopped or failing here has the worker scanning (docs/cli.md).
    await checkpoint('ingest:scanning');
    for (const i of files.keys()) if (!earlyScanned(files[i])) await read(i, null);
    othersRead?.(out.filter((f, i) => f && !earlyScanned(files[i])));
    for (const i of [...files.keys()].reverse()) {
      if (!earlyScanned(files[i])) continue;
      const theirs = early.claim(files[i].file);
      if (theirs) scanned.set(i, theirs);
      else await read(i, null);
    }
    for (const i of files.keys()) if (scanned.has(i)) await read(i, await scanned.get(i)!);
    onProgress?.('read all inputs', files.length, files.length);
    return out;
  } finally {
    await early.stop();
    con?.closeSync();
    inst?.closeSync();
  }
}
