import { isIsoDate } from '../dates.js';
import { NovaError } from '../errors.js';
import type { Manifest, TableName } from '../contract/index.js';

/** Throws `invalid_argument` unless `v` is a non-empty item id. */
export function checkItemId(v: unknown, name = 'itemId'): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 256) {
    throw new NovaError('invalid_argument', `${name} must be a non-empty string (an item_id of dim_item), got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Throws `invalid_argument` unless `v` is undefined or a real `YYYY-MM-DD` date. */
export function checkDate(v: unknown, name: string, required = false): string | undefined {
  if (v === undefined && !required) return undefined;
  if (!isIsoDate(v)) throw new NovaError('invalid_argument', `${name} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(v)}`);
  return v;
}

/** Throws `invalid_argument` when start is after end. */
export function checkRange(start: string | undefined, end: string | undefined): void {
  if (start !== undefined && end !== undefined && start > end) {
    throw new NovaError('invalid_argument', `start (${start}) is after end (${end}): swap them`);
  }
}

/** Throws `invalid_argument` unless `v` is undefined or an integer ≥ 0. */
export function checkCount(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new NovaError('invalid_argument', `${name} must be an integer ≥ 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Throws `invalid_argument` unless `v` is undefined or a string. */
export function checkOptString(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new NovaError('invalid_argument', `${name} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/** Throws `invalid_argument` unless the source is one the manifest lists; returns its metadata. */
export function checkSource(manifest: Manifest, source: string) {
  const meta = manifest.ml.find((m) => m.source === source);
  if (!meta) {
    throw new NovaError('invalid_argument', `source ${JSON.stringify(source)} is not in snapshot ${manifest.snapshot_id}; it has ${manifest.ml.map((m) => m.source).join(', ')}`);
  }
  return meta;
}

/** The `not_found` error for an unknown item. */
export function unknownItem(itemId: string, manifest: Manifest): NovaError {
  return new NovaError('not_found', `item ${JSON.stringify(itemId)} is not in dim_item of snapshot ${manifest.snapshot_id}: use items({ search }) to find its id`);
}

/** Throws `invalid_argument` unless `v` is undefined or a list of the table's column names. */
export function checkColumns(manifest: Manifest, table: TableName, v: unknown, name = 'fields'): string[] | undefined {
  if (v === undefined) return undefined;
  const known = (manifest.tables[table]?.columns ?? []).map((c) => c.name);
  if (!Array.isArray(v) || v.some((f) => typeof f !== 'string' || !known.includes(f))) {
    throw new NovaError('invalid_argument', `${name} must be a list of ${table} columns (${known.join(', ')}), got ${JSON.stringify(v)}`);
  }
  return v as string[];
}
