/**
 * Where an item's rows are (contract nova-gold/1.2): the item-partitioned tables (`partitionedByItem`)
 * are split into `buckets` files, and an item's rows all lie in file number
 * `bucket = uint32(first 8 hex digits of SHA-256(item_id as UTF-8)) mod buckets`. A reader computes
 * the file from the id; the manifest stays the same size whatever the catalogue. The file's size,
 * rows and SHA-256 are record `bucket` of the table's file index (see {@link FileIndexRecord}).
 * Any engine can compute the bucket: DuckDB {@link itemBucketSql}, Spark SQL
 * `CAST(conv(substr(sha2(item_id, 256), 1, 8), 16, 10) AS BIGINT) % buckets`.
 */

/** Name of the placement hash in the manifest. */
export const PLACEMENT_HASH = 'sha256-32' as const;

/** The manifest's name of `search_item`'s token-range split (`placement.split`, nova-gold/1.3; `search-index.ts`). */
export const SEARCH_SPLIT = 'token-range' as const;

/**
 * Target rows per file of an item-partitioned fact table: buckets = ceil(rows / this). A cold chart
 * fetches its file's footer whole, and the footer grows with the file's row groups (~97 bytes per
 * column chunk): 12,500 rows (~7 row groups of 2,048) keep it ~7 KB instead of ~27 KB at 50,000
 * (ADR 0005, "Session 10"). A writer's choice, not a reader's: the manifest declares `buckets`.
 */
export const ROWS_PER_BUCKET = 12_500;

/**
 * Target rows per file of `agg_item` (item-partitioned from nova-gold/1.2): a chart reads one
 * item's sites, plan source and label, the inventory chart its position, so each file is one
 * small row group with a ~3 KB footer whatever the catalogue (8,192 rows in four groups until
 * session 20: a ~16.7 KB footer that every cold chart fetched and parsed first, and an inventory
 * position read of ~65 KB of DOUBLE columns; ADR 0005, "Session 20"). A writer's choice, not a
 * reader's: the manifest declares `buckets`.
 */
export const LOOKUP_ROWS_PER_BUCKET = 512;

/** Bytes of one file-index record (a JSON object padded with spaces, then `\n`). */
export const INDEX_RECORD_BYTES = 256;

/** Number of buckets for a table of `rows` rows (`perBucket`: the table's target rows per file). */
export function bucketCount(rows: number, perBucket = ROWS_PER_BUCKET): number {
  return Math.max(1, Math.ceil(rows / perBucket));
}

/** Target rows per file of an item-partitioned table. */
export function rowsPerBucket(table: string): number {
  return table === 'agg_item' ? LOOKUP_ROWS_PER_BUCKET : ROWS_PER_BUCKET;
}

/** File name of bucket `b` inside the table's folder (`part-00017.parquet`). */
export function bucketFileName(b: number): string {
  return `part-${String(b).padStart(5, '0')}.parquet`;
}

/** The bucket from a hex SHA-256 of the item id. */
export function bucketOfHash(sha256hex: string, buckets: number): number {
  return Number.parseInt(sha256hex.slice(0, 8), 16) % buckets;
}

/** The bucket of an item, as DuckDB SQL over the column (or expression) `expr`. */
export function itemBucketSql(expr: string, buckets: number): string {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be a positive integer, got ${buckets}`);
  return `(('0x' || substr(sha256(${expr}), 1, 8))::UBIGINT % ${buckets})::INTEGER`;
}

/** One record of a table's file index: the file of one bucket. */
export interface FileIndexRecord {
  /** The bucket (= the record's position in the index). */
  bucket: number;
  /** Path relative to the gold root. */
  path: string;
  /** Rows in the file. */
  rows: number;
  /** Size in bytes. */
  bytes: number;
  /** Hex SHA-256 of the file. */
  sha256: string;
  /** Row groups in the file. */
  row_groups: number;
}

/** The text of one index record: its JSON padded to {@link INDEX_RECORD_BYTES} bytes, ending in a newline. */
export function indexRecordText(r: FileIndexRecord): string {
  const json = JSON.stringify({ bucket: r.bucket, path: r.path, rows: r.rows, bytes: r.bytes, sha256: r.sha256, row_groups: r.row_groups });
  const size = new TextEncoder().encode(json).byteLength;
  if (size > INDEX_RECORD_BYTES - 1) throw new RangeError(`index record of ${r.path} is ${size} bytes, more than ${INDEX_RECORD_BYTES - 1}`);
  return `${json}${' '.repeat(INDEX_RECORD_BYTES - 1 - size)}\n`;
}

/**
 * Parses one index record's text and checks it is record `bucket` of a table under `folder`;
 * returns the problem as a string when it is not.
 */
export function parseIndexRecord(text: string, bucket: number, folder: string): FileIndexRecord | string {
  let r: Partial<FileIndexRecord>;
  try {
    r = JSON.parse(text) as Partial<FileIndexRecord>;
  } catch {
    return `record ${bucket} is not JSON`;
  }
  if (r?.bucket !== bucket) return `record ${bucket} names bucket ${JSON.stringify(r?.bucket)}`;
  if (r.path !== `${folder}/${bucketFileName(bucket)}`) return `record ${bucket} names file ${JSON.stringify(r.path)}, expected ${folder}/${bucketFileName(bucket)}`;
  for (const k of ['rows', 'bytes', 'row_groups'] as const) {
    if (!Number.isSafeInteger(r[k]) || (r[k] as number) < 0) return `record ${bucket} has no valid ${k}`;
  }
  if (typeof r.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(r.sha256)) return `record ${bucket} has no sha256`;
  return r as FileIndexRecord;
}
