// The bucket writer at more than one bucket (the shared demo gold has one file per table): files
// written side by side on several connections, from a fact table the gold stage already laid out
// by (bucket, key), must hold the rows docs/gold-layout.md and docs/contract.md promise — each file
// sorted by the table's key, in 2,048-row groups (the last one of a file smaller) — and the same
// gold whatever the thread count.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { openDb } from '../src/db.ts';
import { itemBuckets, writeBuckets } from '../src/gold/write-tables.ts';
import { goldDifferences } from './gold-compare.ts';
import { query, runCli, tempDir } from './helpers.ts';

interface IndexRecord { bucket: number; path: string; rows: number; row_groups: number }

const records = (gold: string, table: string): IndexRecord[] => {
  const m = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
  return readFileSync(join(gold, m.tables[table].index.path), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as IndexRecord);
};

describe('bucket writer, several buckets', () => {
  const dir = tempDir();
  // 240 items × 400 days × 2 sources ≈ 190,000 forecast rows: 4 fact_forecast files of ~50,000.
  const args = ['--items', '240', '--days', '400', '--seed', '11', '--as-of', '2026-05-31', '--quiet'];
  const two = join(dir, 'two', 'gold');
  const one = join(dir, 'one', 'gold');

  before(async () => {
    const a = await runCli(['demo', '--out', join(dir, 'two'), ...args, '--threads', '2']);
    assert.equal(a.code, 0, a.stderr);
    const b = await runCli(['demo', '--out', join(dir, 'one'), ...args, '--threads', '1']);
    assert.equal(b.code, 0, b.stderr);
  });

  it('writes several files, each sorted by (item_id, site_id, date, source), in 2,048-row groups but its last', async () => {
    const recs = records(two, 'fact_forecast');
    assert.ok(recs.length >= 3, `expected several buckets, got ${recs.length}`);
    for (const r of recs.filter((x) => x.rows > 0)) {
      const file = join(two, r.path).replace(/'/g, "''");
      const groups = (await query<{ n: number }>(`SELECT any_value(row_group_num_rows)::INTEGER AS n FROM parquet_metadata('${file}') GROUP BY row_group_id ORDER BY row_group_id`)).map((g) => Number(g.n));
      assert.equal(groups.length, r.row_groups, `${r.path}: row groups in the index`);
      assert.deepEqual(groups.slice(0, -1).filter((n) => n !== 2048), [], `${r.path}: every row group but the last has 2,048 rows (${groups.join(', ')})`);
      assert.ok(groups[groups.length - 1] >= 1 && groups[groups.length - 1] <= 2048, `${r.path}: last row group`);
      const [u] = await query<{ bad: number }>(
        `SELECT count(*) FILTER (WHERE p_item > item_id OR (p_item = item_id AND (p_site > site_id OR (p_site = site_id AND (p_date > date OR (p_date = date AND p_src >= source))))))::INTEGER AS bad
         FROM (SELECT item_id, site_id, date, source, lag(item_id) OVER w AS p_item, lag(site_id) OVER w AS p_site, lag(date) OVER w AS p_date, lag(source) OVER w AS p_src
               FROM read_parquet('${file}', file_row_number = true) WINDOW w AS (ORDER BY file_row_number))`,
      );
      assert.equal(Number(u.bad), 0, `${r.path}: rows out of key order (or a repeated key)`);
    }
  });

  it('one thread and two threads write the same files: same rows and row groups per bucket, same values (floating sums to 1e-9)', async () => {
    for (const table of ['fact_forecast', 'fact_inventory', 'agg_item']) {
      const strip = (rs: IndexRecord[]) => rs.map((r) => ({ bucket: r.bucket, rows: r.rows, row_groups: r.row_groups }));
      assert.deepEqual(strip(records(two, table)), strip(records(one, table)), table);
    }
    assert.deepEqual(await goldDifferences(two, one), []);
  });

  it('refuses a table whose _bucket was laid out for another number of buckets, naming the table', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '256MB' });
    try {
      await db.run(`CREATE TABLE g_fact_forecast AS SELECT 'MAT-' || i AS item_id, 'SP' AS site_id, DATE '2026-01-01' AS date, 'm' AS source FROM range(10) t(i)`);
      // The layout of a 10-row table is one bucket; claim 120,000 rows (three buckets) instead.
      const t = await itemBuckets(db, 'fact_forecast', 120_000, 'g_fact_forecast');
      await db.run(`CREATE OR REPLACE TABLE g_fact_forecast AS SELECT k._bucket, f.* FROM g_fact_forecast f JOIN ${t} k USING (item_id)`);
      await assert.rejects(writeBuckets(db, 'fact_forecast', 'g_fact_forecast', tempDir(), 'snapshots/x'), /g_fact_forecast\._bucket does not place its items in 1 buckets/);
    } finally {
      db.close();
    }
  });
});
