// `nova-etl seal`: gold written by plain DuckDB SQL (standing in for Spark or Trino; no nova-etl
// code) becomes a snapshot that validate accepts and the SDK reads; hostile folders are refused
// with exit 1, the rule and the file named, and nothing published.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { createClient } from '@nova-corrente/core/node';
import { query, runCli, tempDir } from './helpers.js';
import { OUTSIDE, writeOutsideGold } from './support/outside-engine.mjs';

let source: string;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A copy of the outside folder to break. */
function copy(): string {
  const dir = join(tempDir('nova-seal-'), 'in');
  cpSync(source, dir, { recursive: true });
  return dir;
}

/** Seals `dir` into a fresh gold root and expects a refusal naming `rule` and `file`. */
async function refused(dir: string, rule: string, file: RegExp) {
  const gold = join(tempDir('nova-seal-gold-'), 'gold');
  const r = await runCli(['seal', dir, '--out', gold]);
  assert.equal(r.code, 1, `exit 1 expected: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, new RegExp(`\\[rule ${rule}\\]`), r.stderr);
  assert.match(r.stderr, file, r.stderr);
  assert.ok(!existsSync(join(gold, 'manifest.json')), 'nothing published');
}

const rewrite = async (file: string, select: string) => {
  await query(`COPY (${select.replaceAll('$F', `read_parquet('${file}', hive_partitioning = false)`)}) TO '${file}.new' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`);
  cpSync(`${file}.new`, file);
  rmSync(`${file}.new`);
};

describe('nova-etl seal', () => {
  before(async () => {
    source = join(tempDir('nova-outside-'), 'in');
    await writeOutsideGold(source);
  });

  it('seals outside gold: validate passes, the SDK reads it like our own', async () => {
    const gold = join(tempDir('nova-seal-gold-'), 'gold');
    const r = await runCli(['seal', source, '--out', gold]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /sealed .* as snapshot .* \(nova-gold\/1\.5, day, as of 2026-07-31/);
    const v = await runCli(['validate', gold]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const m = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    assert.equal(m.tables.fact_forecast.placement.buckets, OUTSIDE.buckets);
    assert.equal(m.tables.fact_forecast.rows, OUTSIDE.items * OUTSIDE.sites.length * OUTSIDE.days);
    const nova = await createClient({ url: gold });
    try {
      const itemId = 'EXT-0007';
      const ts = await nova.timeseries({ itemId, start: '2026-07-01', end: '2026-07-31' });
      const ref = await query<{ date: string; f: number; a: number }>(
        `SELECT strftime(date, '%Y-%m-%d') AS date, sum(forecast) AS f, sum(actual) AS a FROM read_parquet('${join(source, 'fact_forecast/*/*.parquet')}')
         WHERE item_id = ? AND date BETWEEN '2026-07-01' AND '2026-07-31' GROUP BY date ORDER BY date`, [itemId]);
      assert.deepEqual(ts.points.map((p) => [p.date, p.forecast, p.actual]), ref.map((x) => [x.date, x.f, x.a]));
      const top = await nova.risk({ kind: 'stockout', limit: 2 });
      assert.deepEqual(top.map((t) => [t.item_id, t.site_id, t.name]), [['EXT-0001', 'REC', 'PARAFUSO EXTERNO 1'], ['EXT-0001', 'SSA', 'PARAFUSO EXTERNO 1']]);
      const [label] = await query<{ item_id: string; name: string; unit: string }>(`SELECT item_id, name, unit FROM read_parquet('${join(source, 'dim_item.parquet')}') WHERE item_id = ?`, [itemId]);
      assert.deepEqual((await nova.items({ ids: [itemId], fields: ['name', 'unit'] })).items, [label], 'the chart title\'s label (from agg_item) is dim_item\'s');
      const found = await nova.items({ search: 'externo 12' });
      assert.deepEqual(found.items.map((i) => i.item_id), ['EXT-0012'], 'search over the sealed search_item');
    } finally {
      await nova.close();
    }
  });

  it('refuses a column of the wrong type, naming it', async () => {
    const dir = copy();
    await rewrite(join(dir, 'dim_item.parquet'), `SELECT * REPLACE (unit_cost::VARCHAR AS unit_cost) FROM $F`);
    await refused(dir, 'columns', /dim_item\.parquet .*unit_cost is VARCHAR, contract says DOUBLE/);
  });

  it('seals a label with quotes, accents and an empty unit written to both tables alike', async () => {
    const dir = copy();
    const name = `O'BRIEN "ÇÃO" \u202Eexe`;
    const set = `CASE WHEN item_id = 'EXT-0003' THEN ${lit(name)} ELSE name END AS name, CASE WHEN item_id = 'EXT-0003' THEN '' ELSE unit END AS unit`;
    await rewrite(join(dir, 'dim_item.parquet'), `SELECT * REPLACE (${set}) FROM $F ORDER BY item_id`);
    await rewrite(join(dir, 'agg_item/part-00000.parquet'), `SELECT * REPLACE (${set}) FROM $F ORDER BY item_id, site_id`);
    const gold = join(tempDir('nova-seal-gold-'), 'gold');
    const r = await runCli(['seal', dir, '--out', gold]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const nova = await createClient({ url: gold });
    try {
      assert.deepEqual((await nova.items({ ids: ['EXT-0003'], fields: ['name', 'unit'] })).items, [{ item_id: 'EXT-0003', name, unit: '' }]);
    } finally {
      await nova.close();
    }
  });

  it('refuses an agg_item label that is not the item\'s dim_item one, naming item, site and values', async () => {
    const dir = copy();
    await rewrite(join(dir, 'agg_item/part-00000.parquet'), `SELECT * REPLACE (CASE WHEN item_id = 'EXT-0005' AND site_id = 'SSA' THEN 'PARAFUSO ANTIGO' ELSE name END AS name) FROM $F ORDER BY item_id, site_id`);
    await refused(dir, 'item-label', /agg_item has 1 row\(s\) whose label \(name, unit\) is not the item's dim_item one: e\.g\. item "EXT-0005" at site "SSA": name is "PARAFUSO ANTIGO" where dim_item says "PARAFUSO EXTERNO 5"/);
  });

  it('docs/scale.md\'s DuckDB SQL for agg_item (the label joined from the items) writes a file seal accepts', async () => {
    const dir = copy();
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/scale.md'), 'utf8');
    const block = /## DuckDB SQL\n\n```sql\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const sql = block.slice(block.indexOf('-- agg_item'));
    assert.match(sql, /JOIN my_items d USING \(item_id\)/, 'the doc\'s agg_item statements');
    const agg = join(dir, 'agg_item/part-00000.parquet');
    // The engine's inputs: its items, and its positions without the label (agg_item's other columns).
    await query(`COPY (SELECT * EXCLUDE (name, unit) FROM read_parquet('${agg}')) TO '${agg}.positions.parquet' (FORMAT parquet)`);
    rmSync(agg);
    const statements = [
      `CREATE TEMP TABLE my_items AS SELECT * FROM read_parquet('${join(dir, 'dim_item.parquet')}')`,
      `CREATE TEMP TABLE my_positions AS SELECT * FROM read_parquet('${agg}.positions.parquet')`,
      ...sql.replaceAll("'out/", `'${dir}/`).split(/;\s*(?:--[^\n]*)?\n/).map((q) => q.trim()).filter((q) => q && !/^--[^\n]*$/.test(q)),
    ];
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      for (const q of statements) await con.run(q);
    } finally {
      con.closeSync();
    }
    rmSync(`${agg}.positions.parquet`);
    const gold = join(tempDir('nova-seal-gold-'), 'gold');
    const r = await runCli(['seal', dir, '--out', gold]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${agg}') a JOIN read_parquet('${join(dir, 'dim_item.parquet')}') d USING (item_id) WHERE a.name = d.name AND a.unit = d.unit`);
    assert.equal(n, OUTSIDE.items * OUTSIDE.sites.length, 'every row carries its item\'s label');
  });

  it('refuses an item with forecasts both without a site and per site when agg_daily has no all-sites rows (nova-gold/1.5)', async () => {
    const dir = copy();
    // EXT-0001's REC forecasts become a forecast without a site (site default) beside its SSA ones.
    const f = join(dir, 'fact_forecast/bucket=0/data_0.parquet');
    const [first] = await query<{ item_id: string }>(`SELECT min(item_id) AS item_id FROM read_parquet('${f}')`);
    await rewrite(f, `SELECT * REPLACE (CASE WHEN item_id = ${lit(first.item_id)} AND site_id = 'REC' THEN 'default' ELSE site_id END AS site_id) FROM $F ORDER BY item_id, site_id, date, source`);
    await refused(dir, 'all-sites', new RegExp(`agg_daily has no all-sites rows \\(site_id ''\\), but item "${first.item_id}" has forecasts both without a site \\(site default\\) and per site`));
  });

  it('refuses all-sites rows in agg_daily when no item has forecasts both without a site and per site', async () => {
    const dir = copy();
    await rewrite(join(dir, 'agg_daily.parquet'), `SELECT * FROM (SELECT * FROM $F UNION ALL SELECT * REPLACE ('' AS site_id) FROM $F WHERE site_id = 'REC') ORDER BY site_id, source, date`);
    await refused(dir, 'all-sites', /agg_daily has all-sites rows \(site_id ''\), but no item has forecasts both without a site and per site/);
  });

  it('refuses agg_item without the label columns (a nova-gold/1.3 layout), naming the column', async () => {
    const dir = copy();
    await rewrite(join(dir, 'agg_item/part-00000.parquet'), `SELECT * EXCLUDE (name, unit) FROM $F ORDER BY item_id, site_id`);
    await refused(dir, 'columns', /agg_item\/part-00000\.parquet .*column name is missing/);
  });

  it('refuses a missing table', async () => {
    const dir = copy();
    rmSync(join(dir, 'agg_totals.parquet'));
    await refused(dir, 'missing-table', /has no agg_totals/);
  });

  it('refuses an unsorted file', async () => {
    const dir = copy();
    const f = join(dir, 'fact_forecast/bucket=1/data_0.parquet');
    await rewrite(f, `SELECT * FROM $F ORDER BY date DESC, item_id`);
    await refused(dir, 'sort', /fact_forecast\/bucket=1\/data_0\.parquet .*out of order/);
  });

  it('refuses an item in the wrong bucket', async () => {
    const dir = copy();
    const f = join(dir, 'fact_forecast/bucket=0/data_0.parquet');
    await rewrite(f, `SELECT * FROM $F UNION ALL SELECT * FROM read_parquet('${join(dir, 'fact_forecast/bucket=2/data_0.parquet')}', hive_partitioning = false) ORDER BY item_id, site_id, date, source`);
    await refused(dir, 'placement', /fact_forecast\/bucket=0\/data_0\.parquet .*belong to another bucket/);
  });

  it('refuses a file without statistics', async () => {
    const dir = copy();
    cpSync(join(import.meta.dirname, 'files/dim_site-no-statistics.parquet'), join(dir, 'dim_site.parquet'));
    await refused(dir, 'statistics', /dim_site\.parquet .*no min\/max statistics/);
  });

  it('refuses row groups larger than the layout allows', async () => {
    const dir = copy();
    const f = join(dir, 'fact_forecast/bucket=2/data_0.parquet');
    // Every row three times (still sorted, still in its bucket), in one row group.
    await query(`COPY (SELECT f.* FROM read_parquet('${f}', hive_partitioning = false) f, range(3) ORDER BY item_id, site_id, date, source) TO '${f}.new' (FORMAT parquet, ROW_GROUP_SIZE 100000)`);
    cpSync(`${f}.new`, f);
    rmSync(`${f}.new`);
    const [{ n }] = await query<{ n: number }>(`SELECT max(row_group_num_rows)::INTEGER AS n FROM parquet_metadata('${f}')`);
    assert.ok(n > 8192, `the rewritten file has ${n} rows in its largest row group`);
    await refused(dir, 'row-group-size', /fact_forecast\/bucket=2\/data_0\.parquet row group 0 has \d+ rows, more than 8192/);
  });

  it('seals fact files of ~50,000 rows (the advice before session 10) and SNAPPY files; refuses a file over 200,000 rows', async () => {
    const dir = copy();
    const f = join(dir, 'fact_forecast/bucket=2/data_0.parquet');
    const orig = join(tempDir('nova-seal-orig-'), 'data_0.parquet'); // outside the folder: seal refuses strays
    cpSync(f, orig);
    const [{ n: rows }] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${orig}')`);
    // Every row k times (still sorted, still in its bucket), in 2,048-row groups.
    const times = (k: number, codec: string) => query(`COPY (SELECT f.* FROM read_parquet('${orig}') f, range(${k}) ORDER BY item_id, site_id, date, source)
      TO '${f}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 2048)`);
    const k = Math.ceil(50_000 / rows);
    await times(k, 'snappy');
    const gold = join(tempDir('nova-seal-gold-'), 'gold');
    const r = await runCli(['seal', dir, '--out', gold]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const v = await runCli(['validate', gold]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const m = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    assert.equal(m.tables.fact_forecast.rows, OUTSIDE.items * OUTSIDE.sites.length * OUTSIDE.days + rows * (k - 1));
    assert.ok(rows * k >= 50_000, `bucket 2 holds ${rows * k} rows`);
    // Over 200,000 rows in one file: refused, naming the file and the bucket size to aim at.
    await times(Math.ceil(200_001 / rows), 'zstd');
    await refused(dir, 'file-size', /fact_forecast\/bucket=2\/data_0\.parquet holds \d+ rows, more than 200000: use more buckets \(about one per 12,500 rows\)/);
  });

  it('refuses a symlink', async () => {
    const dir = copy();
    const real = join(tempDir('nova-seal-elsewhere-'), 'dim_site.parquet');
    cpSync(join(dir, 'dim_site.parquet'), real);
    rmSync(join(dir, 'dim_site.parquet'));
    symlinkSync(real, join(dir, 'dim_site.parquet'));
    await refused(dir, 'no-symlinks', /dim_site\.parquet is a symbolic link/);
  });

  it('refuses an HTML page named .parquet', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'agg_model.parquet'), '<!doctype html><html><body>Not found</body></html>\n');
    await refused(dir, 'parquet', /agg_model\.parquet is not a Parquet file/);
  });

  it('refuses an empty folder', async () => {
    await refused(tempDir('nova-seal-empty-'), 'missing-table', /is empty/);
  });
});
