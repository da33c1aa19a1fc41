import { ROWS_PER_BUCKET } from '@nova-corrente/core/contract';
import { SEARCH_ROWS_PER_FILE } from '@nova-corrente/core/contract/search-index';

/**
 * Physical layout of gold tables (see docs/gold-layout.md for the measurements behind it, and
 * docs/scale.md for the rules an outside writer follows). Item-partitioned tables are split into
 * files by a hash of the item id (contract `placement.ts`) so a reader fetches one small footer and
 * the row groups of one item; small tables are one file each.
 */
export const LAYOUT = {
  /** Target rows per fact file (the contract's bucket size). */
  factRowsPerFile: ROWS_PER_BUCKET,
  /** Row-group size of fact files (DuckDB treats it as a target). */
  factRowGroupSize: 2_048,
  /** Row-group size of small tables. */
  smallRowGroupSize: 100_000,
  /**
   * Row-group size of the per-item lookup and overview tables (`dim_item`, `agg_item`, `agg_risk`,
   * `search_item`): a chart's item name and stock position, the top rows of a risk kind, the items
   * of a search prefix come from one row group instead of the whole table. 2,048 is DuckDB's smallest.
   */
  lookupRowGroupSize: 2_048,
  lookupTables: ['dim_item', 'agg_item', 'agg_risk', 'search_item'] as readonly string[],
  /**
   * `agg_risk` is two files: `agg_risk/top.parquet`, the rows of rank ≤ this of each alert kind
   * (one row group of a few hundred rows), and `agg_risk/rest.parquet`, the others. A risk
   * table's top rows and the dashboard's first item are then read from that small group, which
   * row-group statistics on `risk_rank` select, instead of the 2,048-row first group of a kind
   * (5,000 items: the dashboard's cold calls −100 KB and −15 ms of main-thread CPU; ADR 0005,
   * "Session 20"). Readers take the files from the manifest (gold before session 20 has one).
   */
  riskHeadRank: 64,
  /**
   * Codec of every gold table: SNAPPY, which hyparquet decodes with its own small decoder. A page
   * that meets no ZSTD file never runs fzstd (pure JS, cold JIT on a fresh page): at 5,000 items
   * the cold chart's calls cost ~17 ms less main-thread CPU and the dashboard's ~38 ms less, for
   * ~40 % more bytes per column chunk than ZSTD (ADR 0005, "Session 10").
   */
  compression: 'snappy',
} as const;

/** Rows DuckDB hands between operators at a time (its vector size). */
const VECTOR_ROWS = 2_048;

/**
 * The `ROW_GROUP_SIZE` that gives an ordered `COPY` of `rows` rows row groups of `target` rows
 * whatever the number of DuckDB threads: `target` itself, except for a file of `target` + 1 …
 * `target` + 2,047 rows, which is one row group. DuckDB's batched copy writes a batch of rows that
 * is within one vector of the target as one row group and cuts larger ones into groups of the
 * target; with several threads an ORDER BY hands it a file's rows in one batch (so 2,049–4,095
 * rows at a 2,048 target were one group), with one thread in batches of 2,048 rows (which it would
 * cut at 2,048). Asking for at least `rows` and at least two vectors keeps such a file one group
 * either way (ADR 0006, session 13: the writer runs on one thread).
 */
export function rowGroupSizeFor(rows: number, target: number): number {
  return rows > target && rows < target + VECTOR_ROWS ? Math.max(rows, 2 * VECTOR_ROWS) : target;
}

/**
 * What `nova-etl seal` accepts from another engine (docs/scale.md). Looser than what our own writer
 * targets (engines size row groups differently), tight enough that a reader's cost per item and the
 * overview's first read stay small.
 */
export const LAYOUT_RULES = {
  /** Largest row group of an item-partitioned or lookup table, in rows. */
  maxLookupRowGroupRows: 8_192,
  /**
   * Largest file of an item-partitioned table, in rows (its footer grows with its row groups):
   * four times the bucket size of nova-gold/1.2–1.3 writers (50,000), so gold written to that
   * advice still seals; our writer now targets ROWS_PER_BUCKET rows.
   */
  maxFactFileRows: 200_000,
  /** Largest row group of the other small tables, in rows. */
  maxSmallRowGroupRows: 1_000_000,
  /** Largest `search_item` file, in rows (twice the writer's `SEARCH_ROWS_PER_FILE`: a search reads its footer whole). */
  maxSearchFileRows: 2 * SEARCH_ROWS_PER_FILE,
  /** Codecs the SDK decodes (hyparquet built in + fzstd); SNAPPY for the least CPU (our writer's), ZSTD for the fewest bytes. */
  compressions: ['ZSTD', 'SNAPPY', 'UNCOMPRESSED'] as readonly string[],
} as const;
