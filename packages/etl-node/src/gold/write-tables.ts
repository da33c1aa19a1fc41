import { mkdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { TABLES, type ColumnSpec, type ManifestTable, type TableFile, type TableName } from '@nova-corrente/core/contract';
import { ident, lit, type Db } from '../db.js';
import { sha256File, sha256OfHashes } from './files.js';
import { LAYOUT } from './layout.js';

async function describeFile(db: Db, abs: string, rel: string): Promise<TableFile> {
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

/**
 * Writes gold table `g_<name>` into `<snapshotDir>/<name>.parquet` (or `<name>/part-NNN.parquet`
 * for fact tables split by item range) and returns its manifest entry.
 * `relRoot` is the snapshot folder relative to the gold root (`snapshots/<id>`).
 */
export async function writeTable(db: Db, name: TableName, snapshotDir: string, relRoot: string): Promise<ManifestTable> {
  const spec = TABLES[name];
  const src = ident(`g_${name}`);
  const cols = spec.columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ');
  const order = spec.sortKey.map(ident).join(', ');
  const files: TableFile[] = [];
  if (spec.partitionedByItem) {
    await mkdir(join(snapshotDir, name), { recursive: true });
    // Bucket items so each file holds about factRowsPerFile rows, never splitting an item.
    await db.run(`CREATE OR REPLACE TEMP TABLE _buckets AS
      WITH c AS (SELECT item_id, count(*) AS n FROM ${src} GROUP BY item_id),
           s AS (SELECT item_id, sum(n) OVER (ORDER BY item_id ROWS UNBOUNDED PRECEDING) - n AS before FROM c)
      SELECT item_id, CAST(floor(before / ${LAYOUT.factRowsPerFile}) AS INTEGER) AS bucket FROM s`);
    const buckets = await db.all<{ bucket: number; lo: string; hi: string }>(
      `SELECT bucket, min(item_id) AS lo, max(item_id) AS hi FROM _buckets GROUP BY bucket ORDER BY bucket`,
    );
    if (buckets.length === 0) {
      // An empty table (e.g. no inventory input) is still one valid, empty file.
      const abs = join(snapshotDir, name, 'part-000.parquet');
      await db.run(`COPY (SELECT ${cols} FROM ${src} WHERE false) TO ${lit(abs)} (FORMAT parquet, COMPRESSION zstd)`);
      files.push(await describeFile(db, abs, posix.join(relRoot, name, 'part-000.parquet')));
    }
    // g_<name> is stored in sort-key order: each file is a contiguous item range of it.
    for (const [i, b] of buckets.entries()) {
      const fileName = `part-${String(i).padStart(3, '0')}.parquet`;
      const abs = join(snapshotDir, name, fileName);
      await db.run(
        `COPY (SELECT ${cols} FROM ${src} WHERE item_id BETWEEN $1 AND $2) TO ${lit(abs)}
         (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${LAYOUT.factRowGroupSize})`,
        [b.lo, b.hi],
      );
      files.push({ ...(await describeFile(db, abs, posix.join(relRoot, name, fileName))), min_item_id: b.lo, max_item_id: b.hi });
    }
    await db.run(`DROP TABLE _buckets`);
  } else {
    const abs = join(snapshotDir, `${name}.parquet`);
    const rowGroupSize = LAYOUT.lookupTables.includes(name) ? LAYOUT.lookupRowGroupSize : LAYOUT.smallRowGroupSize;
    await db.run(
      `COPY (SELECT ${cols} FROM ${src} ORDER BY ${order}) TO ${lit(abs)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroupSize})`,
    );
    files.push(await describeFile(db, abs, posix.join(relRoot, `${name}.parquet`)));
  }
  const hasDate = spec.columns.some((c) => c.name === 'date');
  const range = hasDate
    ? await db.one<{ lo: string | null; hi: string | null }>(`SELECT CAST(min(date) AS VARCHAR) lo, CAST(max(date) AS VARCHAR) hi FROM ${src}`)
    : undefined;
  return {
    path: spec.partitionedByItem ? posix.join(relRoot, name) : files[0].path,
    rows: files.reduce((s, f) => s + f.rows, 0),
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    sha256: sha256OfHashes(files.map((f) => f.sha256)),
    columns: spec.columns.map((c): ColumnSpec => ({ ...c })),
    sort_key: [...spec.sortKey],
    ...(hasDate ? { min_date: range?.lo ?? null, max_date: range?.hi ?? null } : {}),
    files,
  };
}
