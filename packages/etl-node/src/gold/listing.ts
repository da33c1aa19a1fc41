import { createHash } from 'node:crypto';
import { parseIndexRecord, TABLES, TABLE_NAMES, type Manifest, type TableFile, type TableName } from '@nova-corrente/core/contract';
import { DataError } from '../errors.js';

/** Reads a file of a gold root by its path relative to the root; null when it is missing. */
export type ReadFile = (path: string) => Promise<Uint8Array | null>;

/** One table's files and, for nova-gold/1.2 item-partitioned tables, the path of its file index. */
export interface TableListing {
  table: TableName;
  files: TableFile[];
  index?: string;
}

/**
 * The records of a table's file index, checked: the index must be present, of the manifest's size
 * and SHA-256, and each record must be its bucket's, naming the bucket's file. Throws `DataError`
 * naming the index and the problem.
 */
export async function readIndex(m: Manifest, table: TableName, read: ReadFile): Promise<TableFile[]> {
  const t = m.tables[table];
  const ix = t?.index;
  if (!t || !ix || !t.placement) return t?.files ?? [];
  const bytes = await read(ix.path);
  if (!bytes) throw new DataError(`${ix.path}: the file index of ${table} is missing`);
  if (bytes.byteLength !== ix.bytes) throw new DataError(`${ix.path}: ${bytes.byteLength} bytes, manifest says ${ix.bytes}`);
  if (createHash('sha256').update(bytes).digest('hex') !== ix.sha256) throw new DataError(`${ix.path}: SHA-256 differs from the manifest (index changed or corrupt)`);
  const text = new TextDecoder().decode(bytes);
  const files: TableFile[] = [];
  for (let b = 0; b < t.placement.buckets; b++) {
    const r = parseIndexRecord(text.slice(b * ix.record_bytes, (b + 1) * ix.record_bytes), b, `snapshots/${m.snapshot_id}/${table}`);
    if (typeof r === 'string') throw new DataError(`${ix.path}: ${r}`);
    files.push({ path: r.path, rows: r.rows, bytes: r.bytes, sha256: r.sha256, row_groups: r.row_groups });
  }
  return files;
}

/** Every table of a manifest with its files (file indexes read and checked through `read`). */
export async function listTables(m: Manifest, read: ReadFile): Promise<TableListing[]> {
  const out: TableListing[] = [];
  for (const table of TABLE_NAMES) {
    const t = m.tables[table];
    if (!t) continue;
    out.push({ table, files: await readIndex(m, table, read), ...(t.index && TABLES[table].partitionedByItem ? { index: t.index.path } : {}) });
  }
  return out;
}
