/**
 * Physical layout of gold tables (see docs/gold-layout.md for the measurements behind it).
 * Fact tables are split into files by item-id range so a reader fetches one small footer and the
 * row groups of one item; small tables are one file each.
 */
export const LAYOUT = {
  /** Target rows per fact file (files split on item boundaries). */
  factRowsPerFile: 50_000,
  /** Row-group size of fact files (DuckDB treats it as a target). */
  factRowGroupSize: 2_048,
  /** Row-group size of small tables. */
  smallRowGroupSize: 100_000,
  /**
   * Row-group size of the per-item lookup tables (`dim_item`, `agg_item`): a chart's item name and
   * stock position come from one row group instead of the whole table. 2,048 is DuckDB's smallest.
   */
  lookupRowGroupSize: 2_048,
  lookupTables: ['dim_item', 'agg_item'] as readonly string[],
} as const;
