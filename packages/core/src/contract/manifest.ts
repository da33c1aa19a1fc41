import type { ColumnSpec, Grain, TableName } from './tables.js';

/** Tables added by contract 1.1. */
export type AddedIn11 = 'agg_accuracy' | 'agg_model' | 'agg_totals';
/** Tables added by contract 1.2. */
export type AddedIn12 = 'agg_risk' | 'search_item';


/** Provenance of one forecast source in a snapshot. */
export interface MlMetadata {
  /** Forecast source name, e.g. `ensemble` or `croston_sba`. */
  source: string;
  /** Version of the model that produced the forecasts. */
  model_version: string;
  /** ISO-8601 timestamp of when the forecasts were produced (UTC). */
  generated_at: string;
  /** Identifier of the data set the model was trained on. */
  dataset_id: string;
  /** Rows of `fact_forecast` from this source. */
  rows?: number;
}

/** One Parquet file of a gold table. */
export interface TableFile {
  /** Path relative to the gold root, e.g. `snapshots/<id>/fact_forecast/part-000.parquet`. */
  path: string;
  /** Rows in the file. */
  rows: number;
  /** Size in bytes. */
  bytes: number;
  /** Hex SHA-256 of the file. */
  sha256: string;
  /** Row groups in the file. */
  row_groups: number;
  /** Smallest `item_id` in the file (tables split by item only). */
  min_item_id?: string;
  /** Largest `item_id` in the file (tables split by item only). */
  max_item_id?: string;
}

/** Manifest entry of one gold table. */
export interface ManifestTable {
  /** Path of the table relative to the gold root: the file, or the folder of its files. */
  path: string;
  /** Total rows over all files. */
  rows: number;
  /** Total bytes over all files. */
  bytes: number;
  /** SHA-256 over the files' hashes in order (the file's own hash for a single file). */
  sha256: string;
  /**
   * Columns with DuckDB types. Left out of nova-gold/1.2 manifests (they are the contract's): the
   * SDK and `nova-etl` fill them in from the contract when they read a manifest (`withContractColumns`).
   */
  columns: ColumnSpec[];
  /** Sort key (left out of nova-gold/1.2 manifests like `columns`). */
  sort_key: string[];
  /** Smallest date in the table, if it has a date column. */
  min_date?: string | null;
  /** Largest date in the table, if it has a date column. */
  max_date?: string | null;
  /**
   * The table's files, sorted by key. Every table of gold before nova-gold/1.2; from 1.2 on only
   * the single-file tables (the item-partitioned ones have `placement` and `index` instead).
   */
  files?: TableFile[];
  /** nova-gold/1.2, item-partitioned tables: how items are placed in files (see `placement.ts`); 1.3 `search_item`: its token-range split (`search-index.ts`). */
  placement?: ItemPlacement | TokenRanges;
  /** nova-gold/1.2, item-partitioned tables: the file index, one fixed-size record per bucket. */
  index?: FileIndex;
}

/** How an item-partitioned table's rows are placed in files (nova-gold/1.2). */
export interface ItemPlacement {
  /** The column hashed. */
  column: 'item_id';
  /** The hash (`PLACEMENT_HASH`). */
  hash: 'sha256-32';
  /** Number of files; file `b` holds the items whose bucket is `b`. */
  buckets: number;
}

/** How `search_item` is cut into files (nova-gold/1.3): by ranges of `token`, file `b` holding the `b`-th run of the sorted rows. */
export interface TokenRanges {
  /** The column the files are cut on. */
  column: 'token';
  /** `SEARCH_SPLIT`. */
  split: 'token-range';
  /** Number of files (= records of the index). */
  buckets: number;
}

/** A table's file index (nova-gold/1.2): `buckets` records of `record_bytes` bytes, record `b` at offset `b × record_bytes`. */
export interface FileIndex {
  /** Path relative to the gold root (`snapshots/<id>/<table>/index.jsonl`). */
  path: string;
  /** Size in bytes (= buckets × record_bytes). */
  bytes: number;
  /** Hex SHA-256 of the index file. */
  sha256: string;
  /** Bytes of one record, newline included. */
  record_bytes: number;
}

/** Per-input counts of the build; `rows_read = rows_kept + rows_quarantined` always. */
export interface QualityInput {
  /** Input file, relative to the raw folder. */
  file: string;
  /** What the file holds. */
  kind: 'items' | 'sites' | 'consumption' | 'inventory' | 'forecasts';
  /** Data rows read (header excluded). */
  rows_read: number;
  /** Rows that reached silver. */
  rows_kept: number;
  /** Rows written to the quarantine file. */
  rows_quarantined: number;
}

/** Quality summary in the manifest (details in the snapshot's `quality.json`). */
export interface QualitySummary {
  /** Data rows read over every input. */
  rows_read: number;
  /** Rows that reached silver. */
  rows_kept: number;
  /** Rows written to the quarantine file. */
  rows_quarantined: number;
  /** Path of the quarantine file relative to the gold root. */
  quarantine_path: string;
  /** Path of the full quality report relative to the gold root. */
  report_path: string;
  /** Counts per input file. */
  inputs: QualityInput[];
}

/** `manifest.json` at the gold root: the only mutable object of a gold root. */
export interface Manifest {
  /** The contract version the gold was written to: `nova-gold/1` … `nova-gold/1.5` (`CONTRACTS`). */
  contract: string;
  /** Identifier of the published snapshot (sortable by time). */
  snapshot_id: string;
  /** ISO-8601 timestamp of the build. */
  created_at: string;
  /** Time grain of the facts. */
  grain: Grain;
  /** Last date with actuals. */
  as_of: string;
  /** First and last date in `fact_forecast`. */
  date_range: {
    /** First date, YYYY-MM-DD. */
    min: string;
    /** Last date, YYYY-MM-DD. */
    max: string;
  };
  /** Forecast sources with their provenance. */
  ml: MlMetadata[];
  /** The tables; `agg_accuracy`, `agg_model` and `agg_totals` only in gold of contract ≥ 1.1, `agg_risk` and `search_item` ≥ 1.2. */
  tables: Record<Exclude<TableName, AddedIn11 | AddedIn12>, ManifestTable> & Partial<Record<AddedIn11 | AddedIn12, ManifestTable>>;
  /** Quality summary. */
  quality: QualitySummary;
  /** The snapshot this one replaced, or null. */
  previous_snapshot_id: string | null;
  /** Snapshots kept on the root (newest first), available to `rollback`. */
  snapshots?: string[];
}
