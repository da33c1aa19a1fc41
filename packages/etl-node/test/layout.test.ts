// The physical layout docs/gold-layout.md promises, read back from the demo gold with DuckDB's
// parquet_metadata: file sizes by item range, row-group sizes, and agg_item's leading columns.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TABLES } from '@nova-corrente/core/contract';
import { LAYOUT } from '../src/gold/layout.js';
import { demoGold } from './helpers.js';

interface ManifestFile { path: string; rows: number; row_groups?: number; min_item_id?: string; max_item_id?: string }

describe('gold layout', () => {
  let gold: string;
  let manifest: { tables: Record<string, { files: ManifestFile[] }> };
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

  it('fact files hold whole items, about factRowsPerFile rows each, in row groups of at most factRowGroupSize', async () => {
    for (const table of ['fact_forecast', 'fact_inventory']) {
      const files = manifest.tables[table].files;
      for (const [i, f] of files.entries()) {
        const groups = await groupRows(f.path);
        assert.equal(groups.length, f.row_groups, `${f.path}: manifest row_groups`);
        assert.equal(groups.reduce((a, b) => a + b, 0), f.rows, `${f.path}: rows`);
        // ROW_GROUP_SIZE is DuckDB's target, not exact: most groups have it, none reaches twice it.
        assert.ok(Math.max(...groups) < 2 * LAYOUT.factRowGroupSize, `${f.path}: no row group of ${2 * LAYOUT.factRowGroupSize} rows or more (${groups.join(', ')})`);
        const full = groups.filter((n) => n === LAYOUT.factRowGroupSize).length;
        assert.ok(groups.length < 3 || full >= groups.length / 2, `${f.path}: mostly ${LAYOUT.factRowGroupSize}-row groups (${groups.join(', ')})`);
        if (i > 0) assert.ok(files[i - 1].max_item_id! < f.min_item_id!, `${table}: item ranges do not overlap`);
      }
      // A file closes once it reaches factRowsPerFile: every file but the last starts below it.
      const maxItemRows = 2 * 3 * 500; // sources × sites × demo days bound one item's rows
      for (const f of files.slice(0, -1)) assert.ok(f.rows <= LAYOUT.factRowsPerFile + maxItemRows, `${f.path}: ${f.rows} rows`);
    }
  });

  it('dim_item and agg_item are in lookup-sized row groups; the other small tables in one', async () => {
    for (const table of ['dim_item', 'agg_item', 'dim_site', 'dim_time', 'agg_daily']) {
      const [f] = manifest.tables[table].files;
      const groups = await groupRows(f.path);
      const limit = LAYOUT.lookupTables.includes(table) ? LAYOUT.lookupRowGroupSize : LAYOUT.smallRowGroupSize;
      assert.ok(Math.max(...groups) < 2 * limit, `${table}: row groups < ${2 * limit} rows (${groups.join(', ')})`);
      if (f.rows >= 2 * limit) assert.ok(groups.length >= 2, `${table}: ${f.rows} rows in ${groups.length} row groups`);
    }
  });

  it("agg_item's physical column order is the contract's, index columns first", async () => {
    const [f] = manifest.tables.agg_item.files;
    const names = (await db.runAndReadAll(`SELECT name FROM parquet_schema('${join(gold, f.path)}') WHERE name <> 'duckdb_schema'`))
      .getRowObjectsJson()
      .map((r) => String(r.name));
    assert.deepEqual(names, TABLES.agg_item.columns.map((c) => c.name));
    assert.deepEqual(names.slice(0, 7), ['item_id', 'site_id', 'source', 'risk', 'days_of_cover', 'stock_value', 'forecast_next_30d']);
  });
});
