/**
 * Parquet forecast inputs: files written with DuckDB `COPY … (FORMAT parquet)` into a temporary
 * raw folder; the relation must read them in SQL (no rows through JS) with `_line` = row + 1.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_CONFIG } from '../src/config.js';
import { ingestRaw } from '../src/ingest/index.js';
import type { IngestedFile } from '../src/ingest/types.js';

let dir: string;
let inst: DuckDBInstance;
let con: DuckDBConnection;
let files: IngestedFile[];
const get = (name: string) => files.find((f) => f.file === name)!;

async function rows(relation: string | null, order = '_line'): Promise<Record<string, unknown>[]> {
  assert.ok(relation, 'relation');
  const r = await con.runAndReadAll(`SELECT * FROM (${relation}) ORDER BY ${order}`);
  return r.getRowObjects().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "nova-parquet-o'quote-"));
  const raw = join(dir, 'raw');
  const fc = join(raw, 'forecasts');
  await mkdir(fc, { recursive: true });
  await writeFile(join(raw, 'items.csv'), 'item_id,name\nA,Cabo\nB,Conector\n');
  inst = await DuckDBInstance.create(':memory:');
  con = await inst.connect();
  const copy = (sql: string, file: string) => con.run(`COPY (${sql}) TO '${join(fc, file).replaceAll("'", "''")}' (FORMAT parquet)`);
  // Native: typed columns (DATE, DOUBLE, TIMESTAMP), metadata as columns, 1,000 rows.
  await copy(`SELECT CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END AS item_id, DATE '2024-05-01' + CAST(i AS INTEGER) AS "date",
      i * 0.5 AS forecast, CAST(NULL AS DOUBLE) AS forecast_lo, i * 0.5 + 1 AS forecast_hi, '  ens  ' AS source, 'v2' AS model_version,
      TIMESTAMP '2024-04-30 06:00:00' AS generated_at, 'ds-9' AS dataset_id, 'x' AS extra FROM range(1000) t(i)`, 'native.parquet');
  // statsforecast, two models, metadata from the sidecar. (The temp folder name holds a quote: paths are escaped.)
  await copy(`SELECT 'A' AS unique_id, DATE '2024-05-01' + CAST(i AS INTEGER) AS ds, 1.0 + i AS "AutoETS",
      0.5 + i AS "AutoETS-lo-90", 1.5 + i AS "AutoETS-hi-90", 2.0 AS "Naive", 1.0 AS "Naive-lo-80", 3.0 AS "Naive-hi-80" FROM range(3) t(i)`, 'sf.parquet');
  await writeFile(join(fc, 'sf.meta.json'), JSON.stringify({ source: 'ignored', model_version: 'sf-1', generated_at: '2024-04-30', dataset_id: 'd' }));
  // No metadata at all.
  await copy(`SELECT 'A' AS item_id, DATE '2024-05-01' AS "date", 1.0 AS forecast FROM range(2)`, 'bare.parquet');
  await writeFile(join(fc, 'broken.parquet'), 'not parquet');
  // A non-forecast kind as Parquet, with Portuguese headers.
  await con.run(`COPY (SELECT DATE '2024-02-29' AS "Data", 'A' AS "Código", 3 AS "Qtde" UNION ALL SELECT NULL, 'B', 4)
    TO '${join(raw, 'consumption.parquet').replaceAll("'", "''")}' (FORMAT parquet)`);
  files = await ingestRaw(raw, structuredClone(DEFAULT_CONFIG), join(dir, 'staging'));
});
after(async () => {
  con.closeSync();
  inst.closeSync();
  await rm(dir, { recursive: true, force: true });
});

test('native Parquet: relation over read_parquet, values CAST to trimmed VARCHAR, _line = row + 1', async () => {
  const f = get('forecasts/native.parquet');
  assert.equal(f.format, 'parquet');
  assert.equal(f.rowsRead, 1000);
  assert.deepEqual(f.rejects, []);
  assert.match(f.relation!, /read_parquet\(/);
  assert.doesNotMatch(f.relation!, /read_csv/);
  assert.ok(f.warnings.some((w) => w.includes('"extra"')), `warnings: ${f.warnings}`);
  const r = await rows(f.relation);
  assert.equal(r.length, 1000);
  assert.deepEqual(r[0], {
    _line: 2, item_id: 'A', site_id: null, date: '2024-05-01', forecast: '0.0', forecast_lo: null, forecast_hi: '1.0',
    source: 'ens', model_version: 'v2', generated_at: '2024-04-30 06:00:00', dataset_id: 'ds-9',
  });
  assert.deepEqual([r[999]._line, r[999].item_id, r[999].date, r[999].forecast], [1001, 'B', '2027-01-25', '499.5']);
});

test('statsforecast Parquet: one UNION ALL branch per model, source = model name, widest interval when 90 is absent', async () => {
  const f = get('forecasts/sf.parquet');
  assert.equal(f.rowsRead, 6);
  const r = await rows(f.relation, '_line, source');
  assert.deepEqual(r.map((x) => [x._line, x.source, x.forecast, x.forecast_lo, x.forecast_hi, x.model_version]), [
    [2, 'autoets', '1.0', '0.5', '1.5', 'sf-1'],
    [2, 'naive', '2.0', '1.0', '3.0', 'sf-1'],
    [3, 'autoets', '2.0', '1.5', '2.5', 'sf-1'],
    [3, 'naive', '2.0', '1.0', '3.0', 'sf-1'],
    [4, 'autoets', '3.0', '2.5', '3.5', 'sf-1'],
    [4, 'naive', '2.0', '1.0', '3.0', 'sf-1'],
  ]);
  assert.ok(f.warnings.some((w) => w.includes('2 models in one file')), `warnings: ${f.warnings}`);
});

test('Parquet without metadata: every row rejected with missing_metadata naming the fields', () => {
  const f = get('forecasts/bare.parquet');
  assert.equal(f.relation, null);
  assert.equal(f.rowsRead, 2);
  assert.deepEqual(f.rejects.map((r) => [r.line, r.column, r.code]), [[2, 'source', 'missing_metadata'], [3, 'source', 'missing_metadata']]);
  assert.equal(f.rejects[0].reason, 'forecast file forecasts/bare.parquet has no source, model_version, generated_at, dataset_id (no column, no sidecar forecasts/bare.meta.json)');
  // A file rejected as a whole keeps none of its content in the quarantine.
  assert.deepEqual(f.rejects.map((r) => r.raw), ['', '']);
});

test('staging CSVs under a folder whose name holds a quote are read back (paths escaped)', async () => {
  const f = get('items.csv');
  assert.ok(f.relation!.includes("o''quote"), f.relation!);
  assert.deepEqual((await rows(f.relation)).map((r) => [r._line, r.item_id, r.name]), [[2, 'A', 'Cabo'], [3, 'B', 'Conector']]);
});

test('consumption as Parquet: aliases apply, NULL stays NULL, typed values become text', async () => {
  const f = get('consumption.parquet');
  assert.equal(f.kind, 'consumption');
  assert.equal(f.rowsRead, 2);
  assert.deepEqual(await rows(f.relation), [
    { _line: 2, date: '2024-02-29', item_id: 'A', site_id: null, quantity: '3' },
    { _line: 3, date: null, item_id: 'B', site_id: null, quantity: '4' },
  ]);
});

test('a file that is not Parquet is one unreadable_file reject', () => {
  const f = get('forecasts/broken.parquet');
  assert.equal(f.rowsRead, 1);
  assert.deepEqual(f.rejects.map((r) => [r.line, r.column, r.code]), [[1, null, 'unreadable_file']]);
  assert.match(f.rejects[0].reason, /^forecasts\/broken\.parquet: not a readable Parquet file/);
});
