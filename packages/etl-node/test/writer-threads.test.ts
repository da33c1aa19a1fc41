// The build writes its gold on ONE DuckDB thread per connection (ADR 0006, session 13), and the
// files must be the bytes a writer on several threads gives: DuckDB's batched COPY cuts row groups
// from the batches its source hands it, and an ORDER BY hands a file's rows in one batch with two
// threads but in 2,048-row batches with one. The layout (docs/gold-layout.md) is what the
// multi-threaded writer always gave: 2,048-row groups and a smaller last one, except that a file
// of 2,049–4,095 rows is ONE row group. Checked here for files of every size around those edges,
// through the three writers that cut 2,048-row groups (fact buckets, both from a bucket-sorted
// table and from partitioned groups; lookup single-file tables; search_item files).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDb, type Db } from '../src/db.ts';
import { itemBuckets, partitionByGroup, writeBuckets, writeSingle } from '../src/gold/write-tables.ts';
import { writeSearch } from '../src/gold/write-search.ts';
import { query, tempDir } from './helpers.ts';

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

/** The row groups a file of n rows has in the gold layout, written out from docs/gold-layout.md. */
function layout(n: number): number[] {
  if (n <= 4095) return [n];
  const groups = Array.from({ length: Math.floor(n / 2048) }, () => 2048);
  return n % 2048 ? [...groups, n % 2048] : groups;
}

const rowGroups = async (file: string) =>
  (await query<{ n: number }>(`SELECT any_value(row_group_num_rows)::INTEGER AS n FROM parquet_metadata('${file}') GROUP BY row_group_id ORDER BY row_group_id`)).map((g) => Number(g.n));

/** The contract's placement, from docs/contract.md: uint32 of SHA-256's first 8 hex digits, mod buckets. */
const bucketOf = (item: string, buckets: number) => Number(BigInt(`0x${createHash('sha256').update(item, 'utf8').digest('hex').slice(0, 8)}`) % BigInt(buckets));

/** `n` fact rows of item `item` (2 sites × 2 sources × days, cut to n), in a shuffled order. */
const factRows = (item: string, n: number) => `SELECT * FROM (
    SELECT '${item}' AS item_id, s AS site_id, DATE '2020-01-01' + d::INTEGER AS date, src AS source,
      (d % 7) + 0.5 AS forecast, (d % 7)::DOUBLE AS forecast_lo, (d % 7) + 1.0 AS forecast_hi, CASE WHEN d % 3 = 0 THEN d::DOUBLE END AS actual,
      'v1' AS model_version, TIMESTAMP '2026-01-01 00:00:00' AS generated_at, 'ds' AS dataset_id
    FROM (VALUES ('RJ'), ('SP')) a(s), (VALUES ('arima'), ('ets')) b(src), range(${Math.ceil(n / 4)}) c(d)
    ORDER BY date, site_id, source LIMIT ${n}) ORDER BY hash(date, site_id, source)`;

/** Runs `f` with DuckDB on `threads` threads. */
async function withDb<T>(threads: number, f: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb({ threads, memoryLimit: '512MB' });
  try {
    await db.run(`SET preserve_insertion_order = true`);
    return await f(db);
  } finally {
    db.close();
  }
}

const SIZES = [1, 2047, 2048, 2049, 3000, 4095, 4096, 4097, 6143, 6144, 6145, 12_500];

describe('the writer on one DuckDB thread', () => {
  it('writes fact files of every size with the bytes and row groups of two threads (bucket-sorted table)', async () => {
    for (const n of SIZES) {
      const out = await Promise.all([1, 2].map((threads) => withDb(threads, async (db) => {
        // One item of n rows: one bucket (n ≤ 12,500), hashed and sorted by the writer itself.
        await db.run(`CREATE TABLE g_src AS ${factRows('IT-1', n)}`);
        const dir = tempDir();
        const [f] = await writeBuckets(db, 'fact_forecast', 'g_src', dir, 'snapshots/x');
        const file = join(dir, 'fact_forecast', 'part-00000.parquet');
        return { f, sha: sha(file), groups: await rowGroups(file) };
      })));
      assert.equal(out[0].f.rows, n);
      assert.deepEqual(out[0].groups, layout(n), `${n} rows, one thread: row groups`);
      assert.deepEqual(out[1].groups, layout(n), `${n} rows, two threads: row groups`);
      assert.equal(out[0].sha, out[1].sha, `${n} rows: the same bytes on one thread as on two`);
      assert.equal(out[0].f.row_groups, layout(n).length);
    }
  });

  it('writes partitioned groups whose buckets are 1, 3,000 and 4,097 rows with the bytes of two threads', async () => {
    // 3 buckets (12,501–37,500 rows); one item per bucket, chosen by the contract's placement.
    const sizes = [1, 3000, 4097, 12_500, 12_500];
    const rows = sizes.reduce((a, b) => a + b, 0);
    const buckets = Math.ceil(rows / 12_500);
    assert.equal(buckets, 3);
    const items: string[] = [];
    for (let i = 0; items.length < sizes.length; i++) {
      const b = bucketOf(`IT-${i}`, buckets);
      // the 1-, 3,000- and 4,097-row items each alone in buckets 0, 1, 2; the two big ones join bucket 0
      const want = items.length < 3 ? items.length : 0;
      if (b === want) items.push(`IT-${i}`);
    }
    const out = await Promise.all([1, 2].map((threads) => withDb(threads, async (db) => {
      await db.run(`CREATE TABLE base AS ${items.map((it, i) => `SELECT * FROM (${factRows(it, sizes[i])})`).join(' UNION ALL ')}`);
      const k = await itemBuckets(db, 'fact_forecast', rows, 'base');
      await db.run(`CREATE TABLE facts AS SELECT k._bucket, f.* FROM base f JOIN ${k} k USING (item_id)`);
      const dir = tempDir();
      const scratch = join(dir, 'work', 'groups');
      // ~10,000 rows a group: 3 groups of one bucket each
      const { groups, rel } = await partitionByGroup(db, 'SELECT * FROM facts', rows, buckets, scratch, 10_000);
      assert.equal(groups, 3);
      const files = await writeBuckets(db, 'fact_forecast', 'facts', join(dir, 's'), 'snapshots/x', { rows: rel, view: (r) => `SELECT * FROM ${r}`, scratch, groups });
      return Promise.all(files.map(async (f, b) => {
        const file = join(dir, 's', 'fact_forecast', `part-0000${b}.parquet`);
        return { rows: f.rows, sha: sha(file), groups: await rowGroups(file) };
      }));
    })));
    assert.deepEqual(out[0].map((f) => f.rows), [1 + 12_500 + 12_500, 3000, 4097]);
    for (const [b, f] of out[0].entries()) {
      assert.deepEqual(f.groups, layout(f.rows), `bucket ${b}: row groups`);
      assert.equal(f.sha, out[1][b].sha, `bucket ${b}: the same bytes on one thread as on two`);
    }
  });

  it('writes a lookup table and search_item files of 2,049–4,095 rows as one row group, the bytes of two threads', async () => {
    for (const n of [2048, 2049, 4095, 4096, 5000]) {
      const out = await Promise.all([1, 2].map((threads) => withDb(threads, async (db) => {
        await db.run(`CREATE TABLE g_dim_item AS SELECT 'IT-' || lpad(i::VARCHAR, 6, '0') AS item_id, 'SKU' || i AS sku, 'Item ' || i AS name, 'cat' AS category,
            'un' AS unit, 1.5 AS unit_cost, 'BRL' AS currency, 7 AS lead_time_days, 1 AS min_order_qty, 'A' AS criticality
          FROM range(${n}) t(i) ORDER BY hash(i)`);
        await db.run(`CREATE TABLE g_search_item AS SELECT 'tok' || (i % 97) AS token, * EXCLUDE (i) FROM (SELECT i, * FROM range(${n}) t(i)) r
          JOIN g_dim_item d ON d.item_id = 'IT-' || lpad(r.i::VARCHAR, 6, '0') ORDER BY hash(i)`);
        const dir = tempDir();
        const f = await writeSingle(db, 'dim_item', 'g_dim_item', dir, 'snapshots/x');
        const cols = (await query<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet('${join(dir, 'dim_item.parquet')}')`)).length;
        assert.ok(cols >= 10);
        await writeSearch(db, 'g_search_item', dir, 'snapshots/x');
        const search = join(dir, 'search_item', 'part-00000.parquet');
        return { rows: f.rows, dim: sha(join(dir, 'dim_item.parquet')), dimGroups: await rowGroups(join(dir, 'dim_item.parquet')), search: sha(search), searchGroups: await rowGroups(search) };
      })));
      assert.equal(out[0].rows, n);
      assert.deepEqual(out[0].dimGroups, layout(n), `dim_item of ${n} rows: row groups`);
      assert.deepEqual(out[0].searchGroups, layout(n), `search_item of ${n} rows: row groups`);
      assert.equal(out[0].dim, out[1].dim, `dim_item of ${n} rows: the same bytes on one thread as on two`);
      assert.equal(out[0].search, out[1].search, `search_item of ${n} rows: the same bytes on one thread as on two`);
    }
  });
});
