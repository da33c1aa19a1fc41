import type { FileMetaData, ParquetQueryFilter, ParquetReadOptions } from 'hyparquet';
import { parquetPlanGroups } from 'hyparquet/src/plan.js';

/** Keeps row groups whose statistics for `column` may hold a value in [min, max] (inclusive). */
export interface RangeFilter {
  column: string;
  min?: string | number;
  max?: string | number;
}

/** A half-open row range [rowStart, rowEnd) of a file. */
export interface RowRange {
  rowStart: number;
  rowEnd: number;
}

/** The filters as hyparquet's query filter: one value is `$eq`, a range `$gte`/`$lte`. */
export function queryFilter(filters: RangeFilter[]): ParquetQueryFilter | undefined {
  if (filters.length === 0) return undefined;
  return {
    $and: filters.map(({ column, min, max }) => {
      if (min !== undefined && min === max) return { [column]: { $eq: min } };
      return { [column]: { ...(min !== undefined ? { $gte: min } : {}), ...(max !== undefined ? { $lte: max } : {}) } };
    }),
  };
}

/**
 * Row ranges of the row groups that may match every filter, one per group: hyparquet's own planner
 * decides from the row-group statistics (`canSkipRowGroup`, which compares strings as Parquet
 * orders them, UTF-8 bytes, and keeps groups it cannot judge). Groups without statistics for a
 * filter column are kept.
 */
export function groupRanges(metadata: FileMetaData, filters: RangeFilter[]): RowRange[] {
  const filter = queryFilter(filters);
  const { groups } = parquetPlanGroups({ metadata, filter } as ParquetReadOptions);
  return groups.map((g) => ({ rowStart: g.groupStart, rowEnd: g.groupStart + g.groupRows }));
}

/** The same row groups as {@link groupRanges}, adjacent groups merged into one range. */
export function pruneRowGroups(metadata: FileMetaData, filters: RangeFilter[]): RowRange[] {
  const ranges: RowRange[] = [];
  for (const g of groupRanges(metadata, filters)) {
    const last = ranges[ranges.length - 1];
    if (last && last.rowEnd === g.rowStart) last.rowEnd = g.rowEnd;
    else ranges.push({ ...g });
  }
  return ranges;
}
