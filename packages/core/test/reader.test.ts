// The Parquet reader's request behaviour on a file with many row groups written by real DuckDB:
// row-group pruning (hyparquet's planner), one request per run of adjacent column chunks, and decoded row groups reused.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { ParquetReader, type FileRef } from '../src/io/parquet-reader.js';
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
  // Narrow key columns first, then wide noise (hash strings) so gaps exceed hyparquet's 8 KB.
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

test("hyparquet's read plan: a row group's adjacent column chunks share a request, chunks past wide columns get their own", async () => {
  const reader = new ParquetReader(new CountingSource(dir));
  const metadata = await reader.metadata(file);
  const groups = metadata.row_groups.length;
  const requests = async (columns: string[]) => {
    const src = new CountingSource(dir);
    const r = new ParquetReader(src);
    await r.metadata(file);
    const before = src.ranges.length;
    const rows = await r.read(file, { columns });
    assert.equal(rows.length, ROWS);
    return { n: src.ranges.length - before, rows };
  };
  // The three narrow leading columns of each row group are adjacent: one request per row group.
  const narrow = await requests(['item_id', 'site_id', 'qty']);
  assert.equal(narrow.n, groups, 'one request per row group for the narrow read');
  assert.equal(narrow.rows[4321].item_id, 'I-04321');
  assert.equal(narrow.rows[4321].qty, 4321 * 0.5);
  // The last column lies behind the wide noise columns (more than 8 KB): a request of its own,
  // unless it lies inside the footer tail fetched first (16 KB here).
  const tailStart = file.bytes - 16_384;
  const fetched = metadata.row_groups.flatMap((rg) => rg.columns)
    .filter((c) => ['item_id', 'tail_int'].includes(c.meta_data?.path_in_schema[0] ?? ''))
    .filter((c) => Number(c.meta_data?.dictionary_page_offset || c.meta_data?.data_page_offset) < tailStart).length;
  assert.ok(fetched > groups, `${fetched} chunks outside the tail for ${groups} row groups`);
  const spread = await requests(['item_id', 'tail_int']);
  assert.equal(spread.n, fetched, 'a request per column chunk outside the tail');
  assert.equal(Number(spread.rows[78].tail_int), 78 % 7);
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

test('row groups are kept one by one: a read overlapping an earlier one fetches and decodes only the groups it lacks', async () => {
  const src = new CountingSource(dir);
  const reader = new ParquetReader(src);
  const columns = ['item_id', 'qty'];
  const metadata = await reader.metadata(file);
  const a = await reader.read(file, { columns, filters: [{ column: 'item_id', min: 'I-01000', max: 'I-03000' }] });
  assert.equal(a.length, 4096, 'groups 0 and 1');
  const n = src.ranges.length;
  const b = await reader.read(file, { columns, filters: [{ column: 'item_id', min: 'I-03000', max: 'I-05000' }] });
  assert.equal(b.length, 4096, 'groups 1 and 2');
  // The bytes of group 1's chunks of these columns: none of B's requests touches them.
  const span = (g: number): [number, number] => {
    const chunks = metadata.row_groups[g].columns.filter((c) => columns.includes(c.meta_data?.path_in_schema[0] ?? ''));
    const starts = chunks.map((c) => Number(c.meta_data?.dictionary_page_offset || c.meta_data?.data_page_offset));
    const ends = chunks.map((c) => Number(c.meta_data?.data_page_offset) + Number(c.meta_data?.total_compressed_size));
    return [Math.min(...starts), Math.max(...ends)];
  };
  const [s1, e1] = span(1);
  const newer = src.ranges.slice(n);
  assert.ok(newer.length >= 1, 'group 2 was fetched');
  assert.ok(newer.every(([s, e]) => e <= s1 || s >= e1), `B asked for group 1 again: ${JSON.stringify(newer)} against [${s1}, ${e1})`);
  assert.equal(b[0], a[2048], 'group 1 is the same decoded rows');
  const db = await (await DuckDBInstance.create()).connect();
  const want = (await db.runAndReadAll(`SELECT item_id, qty FROM '${join(dir, 't.parquet')}' WHERE item_id BETWEEN 'I-02048' AND 'I-06143' ORDER BY item_id`)).getRowObjectsJson();
  assert.deepEqual(b.map((r) => ({ item_id: r.item_id, qty: r.qty })), want.map((r) => ({ item_id: r.item_id, qty: Number(r.qty) })));
});

test('row-group pruning compares strings as Parquet orders them (UTF-8 bytes), so items past U+FFFF are found', async () => {
  // In UTF-16 (JavaScript's < on strings) 'A😀' sorts before 'A\uE000'; in UTF-8 (DuckDB's sort
  // and Parquet's statistics) after. A row group holding both has min 'A\uE000', max 'A😀'.
  const d = mkdtempSync(join(tmpdir(), 'nova-utf8-'));
  try {
    const db = await (await DuckDBInstance.create()).connect();
    await db.run(`COPY (
        SELECT id AS item_id, i AS qty FROM (
          SELECT i, CASE WHEN i < 9000 THEN printf('A%05d', i) WHEN i < 10500 THEN 'A' || chr(57344) || printf('%05d', i) ELSE 'A' || chr(128512) || printf('%05d', i) END AS id
          FROM range(12000) t(i)) ORDER BY id)
      TO '${join(d, 'u.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const f: FileRef = { path: 'u.parquet', bytes: statSync(join(d, 'u.parquet')).size };
    const reader = new ParquetReader(new FileSource(d));
    const md = await reader.metadata(f);
    assert.ok(md.row_groups.length >= 2, `${md.row_groups.length} row groups`);
    // The last row group holds both kinds: its statistics are min 'A\uE000…', max 'A😀…'.
    const last = md.row_groups.at(-1)?.columns[0].meta_data?.statistics;
    assert.ok(String(last?.min_value).startsWith('A\uE000') && String(last?.max_value).startsWith('A\u{1F600}'), `min ${String(last?.min_value)}, max ${String(last?.max_value)}`);
    for (const id of ['A\u{1F600}11000', 'A\uE00010400', 'A02999']) {
      const rows = await reader.read(f, { columns: ['item_id', 'qty'], filters: [{ column: 'item_id', min: id, max: id }] });
      assert.equal(rows.filter((r) => r.item_id === id).length, 1, `${JSON.stringify(id)} found`);
    }
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('footers and tails are bounded by files and bytes: an evicted file is fetched again, the kept one is not', async () => {
  const { copyFileSync } = await import('node:fs');
  copyFileSync(join(dir, 't.parquet'), join(dir, 't2.parquet'));
  const other: FileRef = { ...file, path: 't2.parquet' };
  const src = new CountingSource(dir);
  const reader = new ParquetReader(src, { maxEntries: 1, maxBytes: Infinity });
  await reader.metadata(file);
  await reader.metadata(other);
  assert.equal(reader.stats().files, 1, 'one file kept');
  const n = src.ranges.length;
  await reader.metadata(other);
  assert.equal(src.ranges.length, n, 'the kept footer costs no request');
  await reader.metadata(file);
  assert.equal(src.ranges.length, n + 1, 'the evicted one is fetched again (one tail request)');
  const tiny = new ParquetReader(new CountingSource(dir), { maxEntries: 100, maxBytes: 1_000 });
  const rows = await tiny.read(file, { columns: ['item_id'], filters: [{ column: 'item_id', min: 'I-00007', max: 'I-00007' }] });
  assert.ok(rows.some((r) => r.item_id === 'I-00007'), 'a file heavier than the budget still reads');
  assert.equal(tiny.stats().bytes, 0, 'but is not kept');
});
