import type { FileMetaData } from 'hyparquet';

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

type Stat = string | number | bigint | boolean | Date | Uint8Array | undefined;

function comparable(v: Stat): string | number | undefined {
  if (v === undefined || v instanceof Uint8Array) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return Number(v);
  return v;
}

/**
 * Row ranges of the row groups that may match every filter, with adjacent groups merged.
 * Groups without statistics for a filter column are kept.
 */
export function pruneRowGroups(metadata: FileMetaData, filters: RangeFilter[]): RowRange[] {
  const ranges: RowRange[] = [];
  let start = 0;
  for (const rg of metadata.row_groups) {
    const rows = Number(rg.num_rows);
    const keep = filters.every((f) => {
      const chunk = rg.columns.find((c) => c.meta_data?.path_in_schema[0] === f.column);
      const st = chunk?.meta_data?.statistics;
      const lo = comparable(st?.min_value ?? st?.min);
      const hi = comparable(st?.max_value ?? st?.max);
      if (lo === undefined || hi === undefined) return true;
      if (f.min !== undefined && hi < f.min) return false;
      if (f.max !== undefined && lo > f.max) return false;
      return true;
    });
    if (keep && rows > 0) {
      const last = ranges[ranges.length - 1];
      if (last && last.rowEnd === start) last.rowEnd = start + rows;
      else ranges.push({ rowStart: start, rowEnd: start + rows });
    }
    start += rows;
  }
  return ranges;
}
