import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import {
  bucketCount, bucketFileName, rowsPerBucket, INDEX_RECORD_BYTES, indexRecordText, itemBucketSql, PLACEMENT_HASH, TABLES,
  type FileIndexRecord, type ManifestTable, type TableFile, type TableName,
} from '@nova-corrente/core/contract';
import { ident, lit, type Db } from '../db.js';
import { deriveTable } from './derived.js';
import { sha256File, sha256OfHashes } from './files.js';
import { LAYOUT } from './layout.js';
import { writeSearch } from './write-search.js';

/** A written file's size, rows, row groups and SHA-256, read back from the file. */
export async function describeFile(db: Db, abs: string, rel: string): Promise<TableFile> {
  const meta = await db.one<{ rows: number; rg: number }>(
    `SELECT CAST(sum(num_rows) AS BIGINT) AS rows, count(*)::INTEGER AS rg FROM parquet_file_metadata(${lit(abs)})`,
  );
  const rgs = await db.one<{ rg: number }>(`SELECT count(DISTINCT row_group_id)::INTEGER AS rg FROM parquet_metadata(${lit(abs)})`);
  return {
    path: rel,
    rows: Number(meta?.rows ?? 0),
    bytes: (await stat(abs)).size,
    sha256: await sha256File(abs),
    row_groups: Number(rgs?.rg ?? 0),
  };
}

/** The contract's columns of a table, cast to their contract types, as a SELECT list. */
export function castColumns(name: TableName): string {
  return TABLES[name].columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ');
}

/**
 * Writes the file index of an item-partitioned table (`index.jsonl`, one fixed-size record per
 * bucket) and returns the table's nova-gold/1.2 manifest fields for it.
 */
export async function writeIndex(snapshotDir: string, relRoot: string, name: TableName, files: TableFile[]): Promise<Pick<ManifestTable, 'placement' | 'index'>> {
  const text = files.map((f, bucket) => indexRecordText({ bucket, path: f.path, rows: f.rows, bytes: f.bytes, sha256: f.sha256, row_groups: f.row_groups } as FileIndexRecord)).join('');
  const abs = join(snapshotDir, name, 'index.jsonl');
  await writeFile(abs, text);
  return {
    placement: { column: 'item_id', hash: PLACEMENT_HASH, buckets: files.length },
    index: { path: posix.join(relRoot, name, 'index.jsonl'), bytes: Buffer.byteLength(text), sha256: await sha256File(abs), record_bytes: INDEX_RECORD_BYTES },
  };
}

/**
 * A table's nova-gold/1.2 manifest entry from its files (and, for item-partitioned tables, its
 * index). Columns and sort key are left out: they are the contract's, and readers fill them in
 * (`withContractColumns`).
 */
export async function tableEntry(db: Db, name: TableName, relRoot: string, files: TableFile[], dateSource: string, index?: Pick<ManifestTable, 'placement' | 'index'>): Promise<ManifestTable> {
  const spec = TABLES[name];
  const hasDate = spec.columns.some((c) => c.name === 'date');
  const range = hasDate
    ? await db.one<{ lo: string | null; hi: string | null }>(`SELECT CAST(min(date) AS VARCHAR) lo, CAST(max(date) AS VARCHAR) hi FROM ${dateSource}`)
    : undefined;
  const entry: Omit<ManifestTable, 'columns' | 'sort_key'> = {
    path: spec.partitionedByItem ? posix.join(relRoot, name) : files[0].path,
    rows: files.reduce((s, f) => s + f.rows, 0),
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    sha256: sha256OfHashes(files.map((f) => f.sha256)),
    ...(hasDate ? { min_date: range?.lo ?? null, max_date: range?.hi ?? null } : {}),
    ...(index ?? { files }),
  };
  return entry as ManifestTable;
}

/**
 * Writes an item-partitioned table `src` (a relation with the contract's columns) into
 * `<snapshotDir>/<name>/part-NNNNN.parquet`, one file per hash bucket of the item id (contract
 * `placement.ts`; a bucket without items is an empty file), each sorted by the table's key.
 */
export async function writeBuckets(db: Db, name: TableName, src: string, snapshotDir: string, relRoot: string): Promise<TableFile[]> {
  const spec = TABLES[name];
  await mkdir(join(snapshotDir, name), { recursive: true });
  const rows = Number((await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${src}`))?.n ?? 0);
  const buckets = bucketCount(rows, rowsPerBucket(name));
  const order = spec.sortKey.map(ident).join(', ');
  // Hash each item once, then one sort by (bucket, key): every bucket is a contiguous run that
  // DuckDB's zone maps find without scanning the rest.
  await db.run(`CREATE OR REPLACE TEMP TABLE _buckets AS SELECT item_id, ${itemBucketSql('item_id', buckets)} AS _bucket FROM (SELECT DISTINCT item_id FROM ${src})`);
  await db.run(`CREATE OR REPLACE TEMP TABLE _bucketed AS SELECT b._bucket, ${castColumns(name)} FROM ${src} JOIN _buckets b USING (item_id) ORDER BY b._bucket, ${order}`);
  const files: TableFile[] = [];
  for (let b = 0; b < buckets; b++) {
    const fileName = bucketFileName(b);
    const abs = join(snapshotDir, name, fileName);
    await db.run(
      `COPY (SELECT * EXCLUDE (_bucket) FROM _bucketed WHERE _bucket = ${b}) TO ${lit(abs)}
       (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${LAYOUT.factRowGroupSize})`,
    );
    files.push(await describeFile(db, abs, posix.join(relRoot, name, fileName)));
  }
  await db.run(`DROP TABLE _bucketed`);
  await db.run(`DROP TABLE _buckets`);
  return files;
}

/** Writes a single-file table `src` into `<snapshotDir>/<name>.parquet`, sorted by its key. */
export async function writeSingle(db: Db, name: TableName, src: string, snapshotDir: string, relRoot: string): Promise<TableFile> {
  const spec = TABLES[name];
  const abs = join(snapshotDir, `${name}.parquet`);
  const rowGroupSize = LAYOUT.lookupTables.includes(name) ? LAYOUT.lookupRowGroupSize : LAYOUT.smallRowGroupSize;
  await db.run(
    `COPY (SELECT ${castColumns(name)} FROM ${src} ORDER BY ${spec.sortKey.map(ident).join(', ')}) TO ${lit(abs)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroupSize})`,
  );
  return describeFile(db, abs, posix.join(relRoot, `${name}.parquet`));
}

/**
 * Writes gold table `g_<name>` (derived tables: from `g_agg_item` and `g_dim_item`) into
 * `<snapshotDir>/<name>.parquet`, or `<name>/part-NNNNN.parquet` plus `<name>/index.jsonl` for
 * item-partitioned tables, and returns its manifest entry.
 * `relRoot` is the snapshot folder relative to the gold root (`snapshots/<id>`).
 */
export async function writeTable(db: Db, name: TableName, snapshotDir: string, relRoot: string): Promise<ManifestTable> {
  const spec = TABLES[name];
  if (spec.derived) await deriveTable(db, name);
  const src = ident(`g_${name}`);
  if (spec.splitBy === 'token') return writeSearch(db, src, snapshotDir, relRoot);
  if (spec.partitionedByItem) {
    const files = await writeBuckets(db, name, src, snapshotDir, relRoot);
    return tableEntry(db, name, relRoot, files, src, await writeIndex(snapshotDir, relRoot, name, files));
  }
  return tableEntry(db, name, relRoot, [await writeSingle(db, name, src, snapshotDir, relRoot)], src);
}
