import type { InputKind } from '../config.js';
import type { FileIdentity } from './identity.js';

/** Longest `raw` text kept per quarantined row (characters). */
export const RAW_LIMIT = 1024;

/** A row (or a whole file) refused while reading, before typing. Goes to the quarantine file. */
export interface Reject {
  /** Input file relative to the raw folder (POSIX separators). */
  file: string;
  /** 1-based physical line where the record starts (header is line 1 for CSV; sheet row for XLSX; row number + 1 for Parquet). */
  line: number;
  /** Canonical or raw column the problem is about, or null for the whole row. */
  column: string | null;
  /**
   * Stable reason code. Ingest emits `ragged_row`, `encoding_error`, `missing_metadata`,
   * `missing_column`, `unreadable_file`; the silver step adds its own (`bad_number`, `bad_date`…).
   */
  code: string;
  /** What is wrong, in words a planner understands. */
  reason: string;
  /** The raw record (joined with the file's delimiter), truncated to {@link RAW_LIMIT} characters; empty for a file rejected as a whole. */
  raw: string;
}

/** One input file after reading: a SQL relation of raw strings in canonical columns. */
export interface IngestedFile {
  /** Input file relative to the raw folder (POSIX separators). */
  file: string;
  kind: InputKind;
  format: 'csv' | 'xlsx' | 'parquet';
  /** Detected text encoding (CSV only): 'utf-8' or 'windows-1252'. */
  encoding?: string;
  /** Detected delimiter (CSV only). */
  delimiter?: string;
  /** Decimal separator the file uses (hint for ambiguous numbers such as "1.234"). */
  decimal: ',' | '.';
  /** Date order for slash dates: 'dmy' (dd/mm/yyyy, default) or 'mdy'. ISO dates always parse. */
  dateOrder: 'dmy' | 'mdy';
  /**
   * Data records read (header and blank lines excluded); equals relation rows + rejects. A
   * statsforecast file with several model columns counts records × models (one forecast row each).
   */
  rowsRead: number;
  /** Canonical columns the relation has, besides `_line`. */
  columns: string[];
  /**
   * A DuckDB SQL query (a SELECT) yielding `_line BIGINT` and every name in `columns` as VARCHAR
   * (raw text, trimmed; empty cell → NULL). Forecast relations always carry the four metadata
   * columns (source, model_version, generated_at, dataset_id), filled from the sidecar when the
   * file has no such column.
   */
  relation: string | null;
  /**
   * Parquet only: `relation` with the typed twin `_t_<column>` of each column of
   * `NATIVE_VALUES[kind]` (ingest/plan.ts) whose source has the native type, and NULL text for
   * it; what silver reads. Absent: silver reads `relation`.
   */
  typedRelation?: string | null;
  /** Records refused while reading (ragged rows, undecodable bytes, whole-file metadata missing). */
  rejects: Reject[];
  /** Warnings worth showing (e.g. "unknown column ignored"). */
  warnings: string[];
  /**
   * Whether the file held data: `empty` (no bytes or no header), `header_only` (a header and no
   * data rows) and `unreadable` (not parseable at all) fail the quality gate.
   */
  status: FileStatus;
  /** Rows above the header row (a report's title or parameters), not data: skipped, recorded in quality.json. */
  skippedRows?: { line: number; text: string }[];
  /** The file's identity before the build first read it (ingest/identity.ts); absent for rows not read from a file. */
  identity?: FileIdentity;
}

/** See {@link IngestedFile.status}. */
export type FileStatus = 'ok' | 'empty' | 'header_only' | 'unreadable';

/** Progress callback: a short message and, when known, done/total. */
export type Progress = (message: string, done?: number, total?: number) => void;
