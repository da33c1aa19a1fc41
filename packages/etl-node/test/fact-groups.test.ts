// The fact path partitioned by bucket group (ADR 0006, session 12): the gold stage writes the fact
// rows, in no row order, into scratch Parquet files in the work folder, one folder per group of
// file buckets; the writer sorts each group in memory and copies its buckets. It must write the
// same files as copying buckets from a table sorted by bucket — whatever the number of groups,
// with groups and buckets that hold no item — and a build must leave no scratch files behind,
// whether it succeeds, fails after partitioning or is killed (kill -9) there, in which case the
// previous snapshot keeps serving.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDb, type Db } from '../src/db.ts';
import { groupedTable, itemBuckets, partitionByGroup, writeBuckets, type GroupedTable } from '../src/gold/write-tables.ts';
import { BIN, query, runCli, tempDir } from './helpers.ts';

/** Files under a folder, recursively (relative paths); [] when it does not exist. */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** The writer's group tables (`_group_<table>_<g>`) that exist on this connection's database. */
const groupTables = (con: Db) => con.all<{ table_name: string }>(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '\\_group\\_%' ESCAPE '\\'`);
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

/** The contract's placement, computed here from docs/contract.md: uint32 of SHA-256's first 8 hex digits, mod buckets. */
const bucketOf = (item: string, buckets: number) => Number(BigInt(`0x${createHash('sha256').update(item, 'utf8').digest('hex').slice(0, 8)}`) % BigInt(buckets));

/**
 * `facts`: `items` items × 2 sites × 2 sources × `days` days, with the contract's fact columns, in a
 * shuffled row order, plus `_bucket` for the table's row count; `sorted`: the same ordered by bucket.
 */
async function factTables(db: Db, items: number, days: number): Promise<number> {
  await db.run(`CREATE OR REPLACE TABLE base AS
    SELECT 'IT-' || i AS item_id, s AS site_id, src AS source, DATE '2020-01-01' + d::INTEGER AS date,
      (i * 7 + d) % 13 + 0.5 AS forecast, (i * 7 + d) % 13 AS forecast_lo, (i * 7 + d) % 13 + 1.0 AS forecast_hi,
      CASE WHEN d < ${days / 2} THEN ((i + d) % 5)::DOUBLE END AS actual, 'v-' || src AS model_version,
      TIMESTAMP '2026-01-01 00:00:00' AS generated_at, 'ds' AS dataset_id
    FROM range(${items}) a(i), (VALUES ('SP'), ('RJ')) b(s), (VALUES ('ets'), ('arima')) c(src), range(${days}) e(d)`);
  const rows = items * 2 * 2 * days;
  const k = await itemBuckets(db, 'fact_forecast', rows, 'base');
  await db.run(`CREATE OR REPLACE TABLE facts AS SELECT k._bucket, f.* FROM base f JOIN ${k} k USING (item_id) ORDER BY hash(f.item_id, f.date, f.source, f.site_id)`);
  await db.run(`CREATE OR REPLACE TABLE sorted AS SELECT * FROM facts ORDER BY _bucket`);
  return rows;
}

/** The files of both paths for one table: the partitioned one (`groupRows` per group) and bucket by bucket from `sorted`. */
async function bothPaths(db: Db, rows: number, groupRows: number) {
  const dir = tempDir();
  const scratch = join(dir, 'work', 'groups');
  const { groups, rel } = await partitionByGroup(db, 'SELECT * FROM facts', rows, Math.ceil(rows / 12_500), scratch, groupRows);
  const grouped = await writeBuckets(db, 'fact_forecast', 'facts', join(dir, 'a'), 'snapshots/a',
    { rows: rel, view: (r) => `SELECT * FROM ${r}`, scratch, groups });
  await itemBuckets(db, 'fact_forecast', rows, 'base');
  const plain = await writeBuckets(db, 'fact_forecast', 'sorted', join(dir, 'b'), 'snapshots/b');
  return { dir, scratch, groups, grouped, plain };
}

/** A demo raw folder (60 items × 200 days) and a gold root holding one successful build of it. */
async function goldWithOneBuild() {
  const dir = tempDir();
  const d = await runCli(['demo', '--out', dir, '--items', '60', '--days', '200', '--seed', '3', '--as-of', '2026-05-31', '--quiet']);
  assert.equal(d.code, 0, d.stderr);
  const gold = join(dir, 'gold');
  const work = join(dir, 'work');
  const first = await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--work', work, '--quiet']);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(walk(join(work, 'staging')), [], 'no scratch files after a successful build');
  return { dir, gold, work, before: readFileSync(join(gold, 'manifest.json'), 'utf8') };
}

describe('fact path, partitioned by bucket group', () => {
  it('writes the same files as bucket by bucket from a sorted table, with many groups, empty groups and empty buckets', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '512MB' });
    try {
      // 3 items × 2 × 2 × 4,200 days = 50,400 rows: 5 buckets for 3 items, so 2+ buckets without
      // any item; 12,000 rows per group → 5 groups of one bucket each, some of them empty.
      const rows = await factTables(db, 3, 4200);
      const buckets = Math.ceil(rows / 12_500);
      assert.equal(buckets, 5);
      const used = new Set(['IT-0', 'IT-1', 'IT-2'].map((i) => bucketOf(i, buckets)));
      assert.ok(used.size < buckets, 'the case needs buckets without items');
      const { dir, scratch, groups, grouped, plain } = await bothPaths(db, rows, 12_000);
      assert.equal(groups, 5);
      assert.ok(readdirSync(scratch).length < 5, `groups without rows have no folder (${readdirSync(scratch).join(', ')})`);
      assert.equal(grouped.length, buckets);
      for (let b = 0; b < buckets; b++) {
        const items = ['IT-0', 'IT-1', 'IT-2'].filter((i) => bucketOf(i, buckets) === b);
        assert.equal(grouped[b].rows, items.length * 4 * 4200, `bucket ${b}: rows of its items`);
        assert.equal(grouped[b].sha256, sha(join(dir, 'a', 'fact_forecast', `part-0000${b}.parquet`)), `bucket ${b}: the index's SHA-256 is the file's`);
        assert.equal(grouped[b].sha256, plain[b].sha256, `bucket ${b}: same bytes as the bucket-by-bucket writer`);
        assert.deepEqual({ ...grouped[b], path: '' }, { ...plain[b], path: '' });
      }

      // 40 items × 2 × 2 × 400 days = 64,000 rows in 6 buckets; 20,000 rows per group → 4 groups of 1–2 buckets.
      const rows2 = await factTables(db, 40, 400);
      const two = await bothPaths(db, rows2, 20_000);
      assert.equal(two.groups, 4);
      assert.equal(two.grouped.length, 6);
      assert.deepEqual(two.grouped.map((f) => f.sha256), two.plain.map((f) => f.sha256));
      for (const [b, f] of two.grouped.entries()) {
        const file = join(two.dir, 'a', 'fact_forecast', `part-0000${b}.parquet`);
        const [u] = await query<{ bad: number; n: number }>(
          `SELECT count(*) FILTER (WHERE p_item IS NOT NULL AND (p_item, p_site, p_date, p_src) >= (item_id, site_id, date, source))::INTEGER AS bad, count(*)::INTEGER AS n
           FROM (SELECT item_id, site_id, date, source, lag(item_id) OVER w AS p_item, lag(site_id) OVER w AS p_site, lag(date) OVER w AS p_date, lag(source) OVER w AS p_src
                 FROM read_parquet('${file}', file_row_number = true) WINDOW w AS (ORDER BY file_row_number))`,
        );
        assert.equal(Number(u.bad), 0, `bucket ${b}: rows in key order`);
        assert.equal(Number(u.n), f.rows);
        const ids = await query<{ item_id: string }>(`SELECT DISTINCT item_id FROM read_parquet('${file}')`);
        assert.deepEqual(ids.filter((r) => bucketOf(r.item_id, 6) !== b), [], `bucket ${b}: only its items`);
        const groups = (await query<{ n: number }>(`SELECT any_value(row_group_num_rows)::INTEGER AS n FROM parquet_metadata('${file}') GROUP BY row_group_id ORDER BY row_group_id`)).map((g) => Number(g.n));
        assert.deepEqual(groups.slice(0, -1).filter((n) => n !== 2048), [], `bucket ${b}: 2,048-row groups but the last`);
      }
      assert.equal(two.grouped.reduce((s, f) => s + f.rows, 0), 64_000);
    } finally {
      db.close();
    }
  });

  it('a failure while writing a group stops the writer with an error naming the file, and leaves no group table behind', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '512MB' });
    try {
      const rows = await factTables(db, 40, 400);
      const dir = tempDir();
      const { groups, rel } = await partitionByGroup(db, 'SELECT * FROM facts', rows, 6, join(dir, 'work', 'groups'), 20_000);
      // A folder where bucket 3's file goes: DuckDB cannot write that file.
      mkdirSync(join(dir, 'snap', 'fact_forecast', 'part-00003.parquet'), { recursive: true });
      await assert.rejects(
        writeBuckets(db, 'fact_forecast', 'facts', join(dir, 'snap'), 'snapshots/x', { rows: rel, view: (r) => `SELECT * FROM ${r}`, scratch: join(dir, 'work', 'groups'), groups }),
        /part-00003\.parquet/,
      );
      assert.deepEqual(await groupTables(db), []);
    } finally {
      db.close();
    }
  });

  // The groups are a queue of tasks that any connection may help with (ADR 0006, session 15): a
  // helper joining before the owner, another joining midway, one joining after the end.
  it('connections that help with the groups write the same files, never hold more than threads + 1 group tables, and leave none', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '512MB' });
    try {
      // 40 items × 2 × 2 × 400 days = 64,000 rows in 6 buckets; 11,000 rows per group → 6 groups.
      // 3 items × 2 × 2 × 4,200 days = 50,400 rows in 5 buckets, 12,000 rows a group: groups without rows.
      // 3 items × 2 × 2 × 1,000 days = 12,000 rows: 1 bucket, 1 group (every helper waits for its load).
      for (const [items, days, groupRows, wantGroups] of [[40, 400, 11_000, 6], [3, 4200, 12_000, 5], [3, 1000, 1_000_000, 1]]) {
        const rows = await factTables(db, items, days);
        const buckets = Math.ceil(rows / 12_500);
        const dir = tempDir();
        const scratch = join(dir, 'work', 'groups');
        const { groups, rel } = await partitionByGroup(db, 'SELECT * FROM facts', rows, buckets, scratch, groupRows);
        assert.equal(groups, wantGroups);
        // Every statement of every connection is followed by a count of the group tables.
        let most = 0;
        const watched = (con: Db): Db => ({ ...con, async run(sql, params) {
          await con.run(sql, params);
          most = Math.max(most, (await groupTables(con)).length);
        } });
        const grouped = (await groupedTable(db, 'fact_forecast', 'facts', join(dir, 'a'), 'snapshots/a', { rows: rel, view: (r) => `SELECT * FROM ${r}`, scratch, groups }))!;
        const early = await db.connect();
        const late = await db.connect();
        try {
          const helping = [grouped.help(watched(early))];
          const files = grouped.files(watched(db));
          await new Promise((r) => setTimeout(r, 5));
          helping.push(grouped.help(watched(late)));
          const got = await files;
          await Promise.all(helping);
          await grouped.help(late); // nothing left: returns at once
          await itemBuckets(db, 'fact_forecast', rows, 'base');
          const plain = await writeBuckets(db, 'fact_forecast', 'sorted', join(dir, 'b'), 'snapshots/b');
          assert.deepEqual(got.map((f) => ({ ...f, path: '' })), plain.map((f) => ({ ...f, path: '' })), `${items} items: the files of the bucket-by-bucket writer`);
          assert.equal(got.reduce((s, f) => s + f.rows, 0), rows);
        } finally {
          early.close();
          late.close();
        }
        assert.ok(most >= 1 && most <= 3, `${items} items: at most threads + 1 = 3 group tables at once (saw ${most})`);
        assert.deepEqual(await groupTables(db), []);
      }
    } finally {
      db.close();
    }
  });

  it('a failure on a helping connection in the middle of a group names the file to every waiter and leaves no group table behind', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '512MB' });
    try {
      // 6 buckets in 2 groups of 3: bucket 4 is the middle of the second group.
      const rows = await factTables(db, 40, 400);
      for (const alone of [true, false]) {
        const dir = tempDir();
        const scratch = join(dir, 'work', 'groups');
        const { groups, rel } = await partitionByGroup(db, 'SELECT * FROM facts', rows, 6, scratch, 32_000);
        assert.equal(groups, 2);
        await itemBuckets(db, 'fact_forecast', rows, 'base');
        // A folder where bucket 4's file goes: DuckDB cannot write that file.
        mkdirSync(join(dir, 'snap', 'fact_forecast', 'part-00004.parquet'), { recursive: true });
        const grouped: GroupedTable = (await groupedTable(db, 'fact_forecast', 'facts', join(dir, 'snap'), 'snapshots/x', { rows: rel, view: (r) => `SELECT * FROM ${r}`, scratch, groups }))!;
        const helper = await db.connect();
        try {
          // alone: the helper takes every task (so it is the one that fails) before the owner comes.
          const helping = grouped.help(helper).then(() => null, (e: Error) => e);
          if (alone) assert.match(String(await helping), /part-00004\.parquet/);
          await assert.rejects(grouped.files(db), /part-00004\.parquet/);
          const e = await helping;
          if (e) assert.match(e.message, /part-00004\.parquet/);
        } finally {
          helper.close();
        }
        assert.deepEqual(await groupTables(db), [], `alone=${alone}`);
      }
    } finally {
      db.close();
    }
  });

  it('a build failing after it partitioned the facts exits 1, removes the scratch files and leaves the previous snapshot serving', async () => {
    const { dir, gold, work, before } = await goldWithOneBuild();
    const r = await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--work', work, '--quiet'], { env: { NOVA_FAIL_AT: 'build:grouped' } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /injected failure at build:grouped/);
    assert.deepEqual(walk(join(work, 'staging')), [], 'no scratch files after the failed build');
    assert.equal(readFileSync(join(gold, 'manifest.json'), 'utf8'), before, 'manifest untouched');
    assert.deepEqual(readdirSync(join(gold, 'snapshots')).filter((n) => n.startsWith('.tmp')), [], 'no half-written snapshot');
    assert.equal((await runCli(['validate', gold])).code, 0);
  });

  it('a build killed (kill -9) after partitioning the facts leaves the previous snapshot serving; the next build removes the scratch files', async () => {
    const { dir, gold, work, before } = await goldWithOneBuild();
    const child = spawn(process.execPath, [BIN, 'build', '--input', join(dir, 'raw'), '--out', gold, '--work', work, '--quiet'],
      { env: { ...process.env, NOVA_PAUSE_AT: 'build:grouped' }, stdio: ['ignore', 'ignore', 'pipe'] });
    const closed = new Promise<string | null>((r) => child.on('close', (_c, sig) => r(sig)));
    let err = '';
    await new Promise<void>((resolve) => child.stderr.on('data', (c) => {
      err += c;
      if (err.includes('paused at build:grouped')) resolve();
    }));
    const scratchFiles = walk(join(work, 'staging')).filter((f) => /\/facts\/_group=\d+\/.*\.parquet$/.test(f));
    assert.ok(scratchFiles.length > 0, `the paused build holds its scratch files (${walk(join(work, 'staging')).join(', ')})`);
    child.kill('SIGKILL');
    assert.equal(await closed, 'SIGKILL');
    assert.equal(readFileSync(join(gold, 'manifest.json'), 'utf8'), before, 'manifest untouched');
    assert.equal((await runCli(['validate', gold])).code, 0);
    const next = await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--work', work, '--quiet']);
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(walk(join(work, 'staging')), [], 'no scratch files after the next build');
    assert.notEqual(readFileSync(join(gold, 'manifest.json'), 'utf8'), before);
  });
});
