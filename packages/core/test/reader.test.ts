// The Parquet reader's request behaviour on a file with many row groups written by real DuckDB:
// row-group pruning, one request per run of adjacent column chunks, and decoded row groups reused.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { ParquetReader, chunkRanges, COALESCE_GAP, type FileRef } from '../src/io/parquet-reader.js';
import { pruneRowGroups } from '../src/io/row-groups.js';
import { FileSource } from '../src/node/file-source.js';

/** FileSource that records every range it serves. */
class CountingSource extends FileSource {
  readonly ranges: [number, number][] = [];
  override range(path: string, start: number, end: number, signal?: AbortSignal): Promise<ArrayBuffer> {
    this.ranges.push([start, end]);
    return super.range(path, start, end, signal);
  }
}

const ROWS = 10_000;
let dir: string;
let file: FileRef;
let expected: Record<string, unknown>[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nova-reader-'));
  const db = await (await DuckDBInstance.create()).connect();
  // Narrow key columns first, then wide noise (hash strings) so gaps exceed COALESCE_GAP.
  await db.run(`COPY (
      SELECT printf('I-%05d', i) AS item_id, 'S' || (i % 3) AS site_id, i * 0.5 AS qty,
             md5(i::VARCHAR) || md5((i + 1)::VARCHAR) || md5((i + 2)::VARCHAR) AS noise_a,
             md5((i * 7)::VARCHAR) || md5((i * 11)::VARCHAR) AS noise_b,
             i % 7 AS tail_int
      FROM range(${ROWS}) t(i) ORDER BY i)
    TO '${join(dir, 't.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`);
  const r = await db.runAndReadAll(`SELECT item_id, site_id, qty FROM '${join(dir, 't.parquet')}' WHERE item_id = 'I-05000'`);
  expected = r.getRowObjectsJson() as Record<string, unknown>[];
  file = { path: 't.parquet', bytes: statSync(join(dir, 't.parquet')).size, tail: 16_384 };
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('an item read fetches the footer and one request for its row group, and DuckDB agrees on the values', async () => {
  const src = new CountingSource(dir);
  const reader = new ParquetReader(src);
  const rows = await reader.read(file, { columns: ['item_id', 'site_id', 'qty'], filters: [{ column: 'item_id', min: 'I-05000', max: 'I-05000' }] });
  const metadata = await reader.metadata(file);
  assert.ok(metadata.row_groups.length >= 4, `DuckDB wrote ${metadata.row_groups.length} row groups`);
  const pruned = pruneRowGroups(metadata, [{ column: 'item_id', min: 'I-05000', max: 'I-05000' }]);
  assert.equal(pruned.length, 1);
  assert.ok(pruned[0].rowEnd - pruned[0].rowStart <= 2048, 'one row group');
  assert.equal(src.ranges.length, 2, `footer tail + one range, got ${JSON.stringify(src.ranges)}`);
  const hit = rows.filter((r) => r.item_id === 'I-05000').map((r) => ({ item_id: r.item_id, site_id: r.site_id, qty: r.qty }));
  assert.deepEqual(hit, expected.map((r) => ({ ...r, qty: Number(r.qty) })));
});

test('column chunks closer than COALESCE_GAP share a request; distant ones do not', async () => {
  const src = new CountingSource(dir);
  const reader = new ParquetReader(src);
  const metadata = await reader.metadata(file);
  const all = [{ rowStart: 0, rowEnd: ROWS }];
  const groups = metadata.row_groups.length;
  // The three narrow leading columns of each row group are adjacent: one range per row group.
  const narrow = chunkRanges(metadata, all, ['item_id', 'site_id', 'qty']);
  assert.equal(narrow.length, groups);
  // The last column lies behind the wide noise columns: it needs ranges of its own, and every
  // two ranges left apart are more than COALESCE_GAP apart.
  const spread = chunkRanges(metadata, all, ['item_id', 'tail_int']);
  assert.ok(spread.length > groups, `${spread.length} ranges for ${groups} row groups`);
  for (let i = 1; i < spread.length; i++) assert.ok(spread[i][0] - spread[i - 1][1] > COALESCE_GAP);
  assert.equal(chunkRanges(metadata, all).length, 1, 'every column of every group: one range');
  const before = src.ranges.length;
  const rows = await reader.read(file, { columns: ['item_id', 'site_id', 'qty'] });
  assert.equal(rows.length, ROWS);
  assert.equal(src.ranges.length - before, groups, 'one request per row group for the narrow read');
  assert.equal(rows[4321].item_id, 'I-04321');
  assert.equal(rows[4321].qty, 4321 * 0.5);
});

test('a row group decoded recently is reused: no request, same rows', async () => {
  const src = new CountingSource(dir);
  const reader = new ParquetReader(src);
  const req = { columns: ['item_id', 'qty'], filters: [{ column: 'item_id', min: 'I-00100', max: 'I-00100' }] };
  const first = await reader.read(file, req);
  const n = src.ranges.length;
  const again = await reader.read(file, { ...req, filters: [{ column: 'item_id', min: 'I-00200', max: 'I-00200' }] });
  assert.equal(src.ranges.length, n, 'another item of the same row group reads nothing');
  assert.equal(again, first, 'the same decoded rows');
  const aborted = reader.read(file, { ...req, signal: AbortSignal.abort() });
  await assert.rejects(aborted, (e: { code?: string }) => e.code === 'aborted');
});
