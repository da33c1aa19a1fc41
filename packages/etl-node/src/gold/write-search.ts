import { mkdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { bucketFileName, SEARCH_SPLIT, TABLES, type ManifestTable, type TableFile } from '@nova-corrente/core/contract';
import { SEARCH_RECORD_BYTES, SEARCH_ROWS_PER_FILE, searchRecordText, type SearchIndexRecord } from '@nova-corrente/core/contract/search-index';
import { ident, lit, type Db } from '../db.js';
import { sha256File } from './files.js';
import { LAYOUT, rowGroupSizeFor } from './layout.js';
import { castColumns, describeFile, tableEntry } from './write-tables.js';

/**
 * Writes `search_item` (the relation `src`, e.g. `g_search_item`) in its nova-gold/1.3 layout
 * (contract `search-index.ts`, docs/contract.md "Item search"): the rows sorted by (token, item_id)
 * and cut into runs of {@link SEARCH_ROWS_PER_FILE} rows, run `b` written to
 * `search_item/part-NNNNN.parquet` with small row groups; then `search_item/index.jsonl`, one
 * {@link SEARCH_RECORD_BYTES}-byte record per file with its first and last token. Returns the
 * table's manifest entry. An empty table is one empty file.
 */
export async function writeSearch(db: Db, src: string, snapshotDir: string, relRoot: string): Promise<ManifestTable> {
  const name = 'search_item';
  const order = TABLES[name].sortKey.map(ident).join(', ');
  await mkdir(join(snapshotDir, name), { recursive: true });
  // Number the rows in token order once: run b is rows [b × R, (b + 1) × R).
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _search_runs AS SELECT ((row_number() OVER (ORDER BY ${order}) - 1) // ${SEARCH_ROWS_PER_FILE})::INTEGER AS _file, ${castColumns(name)}
     FROM ${src} ORDER BY ${order}`,
  );
  const rows = Number((await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM _search_runs`))?.n ?? 0);
  const count = Math.max(1, Math.ceil(rows / SEARCH_ROWS_PER_FILE));
  const bounds = await db.all<{ f: number; lo: string; hi: string }>(`SELECT _file AS f, min(token) AS lo, max(token) AS hi FROM _search_runs GROUP BY _file`);
  const byFile = new Map(bounds.map((b) => [Number(b.f), b]));
  const files: TableFile[] = [];
  const records: SearchIndexRecord[] = [];
  for (let b = 0; b < count; b++) {
    const rel = posix.join(relRoot, name, bucketFileName(b));
    const abs = join(snapshotDir, name, bucketFileName(b));
    await db.run(
      `COPY (SELECT * EXCLUDE (_file) FROM _search_runs WHERE _file = ${b} ORDER BY ${order}) TO ${lit(abs)}
       (FORMAT parquet, COMPRESSION ${LAYOUT.compression}, ROW_GROUP_SIZE ${rowGroupSizeFor(Math.min(SEARCH_ROWS_PER_FILE, rows - b * SEARCH_ROWS_PER_FILE), LAYOUT.lookupRowGroupSize)})`,
    );
    const f = await describeFile(db, abs, rel);
    files.push(f);
    records.push({ bucket: b, ...f, first: byFile.get(b)?.lo ?? '', last: byFile.get(b)?.hi ?? '' });
  }
  await db.run(`DROP TABLE _search_runs`);
  return tableEntry(db, name, relRoot, files, src, await writeSearchIndex(snapshotDir, relRoot, records));
}

/** Writes `search_item/index.jsonl` from the files' records and returns the manifest's `placement` and `index` for it. */
export async function writeSearchIndex(snapshotDir: string, relRoot: string, records: SearchIndexRecord[]): Promise<Pick<ManifestTable, 'placement' | 'index'>> {
  const text = records.map(searchRecordText).join('');
  const abs = join(snapshotDir, 'search_item', 'index.jsonl');
  await writeFile(abs, text);
  return {
    placement: { column: 'token', split: SEARCH_SPLIT, buckets: records.length },
    index: { path: posix.join(relRoot, 'search_item', 'index.jsonl'), bytes: Buffer.byteLength(text), sha256: await sha256File(abs), record_bytes: SEARCH_RECORD_BYTES },
  };
}
