/**
 * Physical layout of gold tables (see docs/gold-layout.md for the measurements behind it).
 * Fact tables are split into files by item-id range so a reader fetches one small footer and the
 * row groups of one item; small tables are one file each.
 */
export const LAYOUT = {
  /** Target rows per fact file (files split on item boundaries). */
  factRowsPerFile: 100_000,
  /** Row-group size of fact files (DuckDB treats it as a target). */
  factRowGroupSize: 4_096,
  /** Row-group size of small tables. */
  smallRowGroupSize: 100_000,
} as const;
