// The physical layout docs/gold-layout.md promises, read back from the demo gold with DuckDB's
// parquet_metadata: file sizes by item range, row-group sizes, and agg_item's leading columns.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TABLES } from '@nova-corrente/core/contract';
import { LAYOUT } from '../src/gold/layout.js';
import { demoGold, tableFiles } from './helpers.js';

interface ManifestFile { path: string; rows: number; row_groups?: number }
interface ManifestTable { path: string; rows: number; files?: ManifestFile[]; placement?: { buckets: number }; index?: { path: string; record_bytes: number } }

describe('gold layout', () => {
  let gold: string;
  let manifest: { tables: Record<string, ManifestTable> };
  let db: DuckDBConnection;
  const groupRows = async (file: string) =>
    (await db.runAndReadAll(`SELECT row_group_id, any_value(row_group_num_rows)::INTEGER AS n FROM parquet_metadata(${`'${join(gold, file).replace(/'/g, "''")}'`}) GROUP BY ALL ORDER BY 1`))
      .getRowObjectsJson()
      .map((r) => Number(r.n));

  before(async () => {
    gold = await demoGold();
    manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    db = await (await DuckDBInstance.create()).connect();
  });

  it('fact files: file b holds exactly the items whose SHA-256 bucket is b, listed in a fixed-record index, in row groups of at most factRowGroupSize', async () => {
    for (const table of ['fact_forecast', 'fact_inventory', 'agg_item']) {
      const t = manifest.tables[table];
      assert.equal(t.files, undefined, `${table}: no file list in the manifest`);
      const index = readFileSync(join(gold, t.index!.path), 'utf8');
      assert.equal(index.length, t.placement!.buckets * t.index!.record_bytes, `${table}: one record per bucket`);
      // The bucket rule written out from docs/contract.md: first 8 hex digits of SHA-256(item_id) mod buckets.
      const bucketOf = (id: string) => Number.parseInt(createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 8), 16) % t.placement!.buckets;
      let rows = 0;
      for (let b = 0; b < t.placement!.buckets; b++) {
        const f = JSON.parse(index.slice(b * t.index!.record_bytes, (b + 1) * t.index!.record_bytes)) as ManifestFile;
        assert.equal(f.path, `${t.path}/part-${String(b).padStart(5, '0')}.parquet`, `${table}: record ${b} names its bucket's file`);
        const groups = await groupRows(f.path);
        assert.equal(groups.length, f.row_groups, `${f.path}: index row_groups`);
        assert.equal(groups.reduce((a, n) => a + n, 0), f.rows, `${f.path}: rows`);
        rows += f.rows;
        // ROW_GROUP_SIZE is DuckDB's target, not exact: none reaches twice it.
        if (groups.length) assert.ok(Math.max(...groups) < 2 * LAYOUT.factRowGroupSize, `${f.path}: no row group of ${2 * LAYOUT.factRowGroupSize} rows or more (${groups.join(', ')})`);
        // docs/gold-layout.md: an agg_item file is one row group, so the footer a chart parses first stays small.
        if (table === 'agg_item') assert.ok(groups.length <= 1, `${f.path}: ${groups.length} row groups (${groups.join(', ')})`);
        const ids = (await db.runAndReadAll(`SELECT DISTINCT item_id FROM read_parquet('${join(gold, f.path)}')`)).getRowObjectsJson().map((r) => String(r.item_id));
        for (const id of ids) assert.equal(bucketOf(id), b, `${table}: ${id} is in file ${b}`);
      }
      assert.equal(rows, t.rows, `${table}: the index's files hold the table's rows`);
    }
  });

  it('fact files hold ~12,500 rows each, agg_item files ~512 (docs/contract.md: buckets = ceil(rows / that))', () => {
    // Written out from the docs, not from the writer's constants.
    for (const [table, perFile] of [['fact_forecast', 12_500], ['fact_inventory', 12_500], ['agg_item', 512]] as const) {
      const t = manifest.tables[table];
      assert.equal(t.placement!.buckets, Math.max(1, Math.ceil(t.rows / perFile)), `${table}: ${t.rows} rows`);
    }
    assert.ok(manifest.tables.fact_forecast.placement!.buckets >= 2, 'the demo gold has several fact_forecast files, so the rule is exercised');
  });

  it('codec: every file of every table is SNAPPY (docs/gold-layout.md), so a page reading our gold never runs fzstd', async () => {
    for (const table of Object.keys(manifest.tables)) {
      const codecs = new Set<string>();
      for (const f of tableFiles(gold, manifest, table)) {
        const rows = (await db.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${join(gold, f.path)}')`)).getRowObjectsJson();
        for (const r of rows) codecs.add(String(r.compression));
      }
      assert.deepEqual([...codecs], ['SNAPPY'], `${table}: ${[...codecs].join(', ')}`);
    }
  });

  it('the manifest is small (≤ 8 KB) and lists no per-item or per-file data', () => {
    const text = readFileSync(join(gold, 'manifest.json'), 'utf8');
    assert.ok(Buffer.byteLength(text) <= 8192, `manifest.json is ${Buffer.byteLength(text)} bytes`);
    assert.doesNotMatch(text, /min_item_id|part-\d+\.parquet/);
  });

  it("agg_risk: two files, each kind's ranks 1–64 in top.parquet (one small row group), the rest in rest.parquet, both sorted by kind then rank", async () => {
    // docs/gold-layout.md, written out: top.parquet holds the rows of rank ≤ 64 of each kind.
    const HEAD = 64;
    const files = manifest.tables.agg_risk.files!;
    assert.deepEqual(files.map((f) => f.path.split('/').slice(-2).join('/')), ['agg_risk/top.parquet', 'agg_risk/rest.parquet']);
    assert.equal(files[0].rows + files[1].rows, manifest.tables.agg_risk.rows);
    for (const [i, f] of files.entries()) {
      const p = join(gold, f.path);
      const r = (await db.runAndReadAll(`SELECT count(*) FILTER (WHERE prev > cur)::INTEGER AS unsorted,
          count(*) FILTER (WHERE first_rank AND risk_rank <> ${i === 0 ? 1 : HEAD + 1})::INTEGER AS bad_first,
          count(*) FILTER (WHERE NOT first_rank AND risk_rank <> prev_rank + 1)::INTEGER AS gaps,
          count(*) FILTER (WHERE ${i === 0 ? `risk_rank > ${HEAD}` : `risk_rank <= ${HEAD}`})::INTEGER AS misplaced, count(*)::INTEGER AS n
        FROM (SELECT (risk, risk_rank) AS cur, lag((risk, risk_rank)) OVER (ORDER BY file_row_number) AS prev, risk_rank,
          lag(risk_rank) OVER (ORDER BY file_row_number) AS prev_rank,
          lag(risk) OVER (ORDER BY file_row_number) IS DISTINCT FROM risk AS first_rank FROM read_parquet('${p}', file_row_number = true))`)).getRowObjectsJson()[0];
      assert.equal(Number(r.n), f.rows, f.path);
      assert.equal(Number(r.unsorted), 0, `${f.path}: sorted by kind, rank`);
      assert.equal(Number(r.bad_first), 0, `${f.path}: each kind starts at rank ${i === 0 ? 1 : HEAD + 1}`);
      assert.equal(Number(r.gaps), 0, `${f.path}: a kind's ranks follow one another`);
      assert.equal(Number(r.misplaced), 0, `${f.path}: ranks on the wrong side of ${HEAD}`);
      const groups = await groupRows(f.path);
      assert.ok(Math.max(0, ...groups) < 2 * LAYOUT.lookupRowGroupSize, `row groups ${groups.join(', ')}`);
      if (i === 0) assert.ok(groups.length === 1 && f.rows > 0, `${f.path}: one row group of ${f.rows} rows (${groups.join(', ')})`);
    }
  });

  it('dim_item and agg_item are in lookup-sized row groups; the other small tables in one', async () => {
    for (const table of ['dim_item', 'agg_item', 'dim_site', 'dim_time', 'agg_daily']) {
      const [f] = manifest.tables[table].files ?? [JSON.parse(readFileSync(join(gold, manifest.tables[table].index!.path), 'utf8').split('\n')[0])];
      const groups = await groupRows(f.path);
      const limit = LAYOUT.lookupTables.includes(table) ? LAYOUT.lookupRowGroupSize : LAYOUT.smallRowGroupSize;
      assert.ok(Math.max(...groups) < 2 * limit, `${table}: row groups < ${2 * limit} rows (${groups.join(', ')})`);
      if (f.rows >= 2 * limit) assert.ok(groups.length >= 2, `${table}: ${f.rows} rows in ${groups.length} row groups`);
    }
  });

  it("agg_item's physical column order is the contract's, index columns first", async () => {
    const [f] = [JSON.parse(readFileSync(join(gold, manifest.tables.agg_item.index!.path), 'utf8').split('\n')[0])];
    const names = (await db.runAndReadAll(`SELECT name FROM parquet_schema('${join(gold, f.path)}') WHERE name <> 'duckdb_schema'`))
      .getRowObjectsJson()
      .map((r) => String(r.name));
    assert.deepEqual(names, TABLES.agg_item.columns.map((c) => c.name));
    // 1.4: the item's label right after the selected source (a chart's sites read brings its title).
    assert.deepEqual(names.slice(0, 9), ['item_id', 'site_id', 'source', 'name', 'unit', 'risk', 'days_of_cover', 'stock_value', 'forecast_next_30d']);
  });
});
