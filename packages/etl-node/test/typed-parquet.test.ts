/**
 * Typed Parquet forecast values (DOUBLE numbers, DATE dates) are checked as they are, without a
 * cast to text and back (ingest/plan.ts NATIVE_VALUES, ADR 0006 session 10): a rejected row's
 * reason and raw record still quote the text DuckDB gives the value (`CAST(x AS VARCHAR)`), and
 * values outside what the typed path takes (an infinite date) keep the text path's verdict.
 * Expected quarantine rows are written by hand from docs/inputs.md's codes and reasons; the real
 * CLI builds a raw folder whose forecasts are a native and a statsforecast Parquet file.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { query, runCli, tempDir } from './helpers.ts';

interface Q { file: string; line: number; column: string | null; code: string; reason: string; raw: string }

let quarantine: Q[];
let kept: { item_id: string; date: string; forecast: number; forecast_lo: number | null; forecast_hi: number | null }[];

const META = `'ens' AS source, 'v1' AS model_version, '2024-04-30T06:00:00Z' AS generated_at, 'ds-1' AS dataset_id`;

before(async () => {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  const fc = join(raw, 'forecasts');
  mkdirSync(fc, { recursive: true });
  writeFileSync(join(raw, 'items.csv'), 'item_id,name\nA,Cabo\nB,Conector\n');
  writeFileSync(join(raw, 'consumption.csv'), 'date,item_id,quantity\n2024-04-30,A,1\n');
  const sq = (p: string) => `'${p.replaceAll("'", "''")}'`;
  // Row k of the file is line k + 2. Every column typed: DATE, DOUBLE.
  const rows = [
    `('A', DATE '2024-05-01', 1.5, 1.0, 2.0)`, // 2: kept
    `('A', DATE '2024-05-02', NULL, NULL, NULL)`, // 3: forecast empty
    `('A', DATE '2024-05-03', -2.5, NULL, NULL)`, // 4: negative
    `('A', DATE '2024-05-04', 'nan'::DOUBLE, NULL, NULL)`, // 5: not finite
    `('A', DATE '2024-05-05', 1e300, NULL, NULL)`, // 6: beyond 1e12
    `('A', DATE '2024-05-06', 5.0, 6.0, 7.0)`, // 7: interval above the forecast
    `('A', NULL, 1.0, NULL, NULL)`, // 8: date empty
    `('A', DATE '1980-01-01', 1.0, NULL, NULL)`, // 9: date before 1990
    `('A', 'infinity'::DATE, 1.0, NULL, NULL)`, // 10: not a date the text path reads
    `('C', DATE '2024-05-07', 1.0, NULL, NULL)`, // 11: unknown item
    `('A', DATE '2024-05-01', 3.0, NULL, NULL)`, // 12: same key as line 2
    `('B', DATE '2024-05-01', 0.25, -1.0, 1e-3)`, // 13: hi below the forecast
    `('B', DATE '2024-05-02', 0.0, -0.5, 0.5)`, // 14: kept (a negative lower bound is allowed)
  ];
  const q = `SELECT item_id, "date", CAST(forecast AS DOUBLE) AS forecast, CAST(lo AS DOUBLE) AS forecast_lo, CAST(hi AS DOUBLE) AS forecast_hi, ${META}
    FROM (VALUES ${rows.join(', ')}) v(item_id, "date", forecast, lo, hi)`;
  // DuckDB writes VALUES in order (one thread, insertion order kept): line = position + 2.
  const copy = `SET threads = 1; COPY (${q}) TO ${sq(join(fc, 'native.parquet'))} (FORMAT parquet);
    COPY (SELECT 'B' AS unique_id, DATE '2024-06-01' + CAST(i AS INTEGER) AS ds, CASE WHEN i = 1 THEN -1.0 ELSE 2.0 END AS "Naive",
      1.5 AS "Naive-lo-90", 2.5 AS "Naive-hi-90", 4.0 AS "Theta" FROM range(3) t(i) ORDER BY i) TO ${sq(join(fc, 'sf.parquet'))} (FORMAT parquet)`;
  await query(copy);
  writeFileSync(join(fc, 'sf.meta.json'), JSON.stringify({ model_version: 'sf-1', generated_at: '2024-04-30', dataset_id: 'd' }));
  const gold = join(dir, 'gold');
  const r = await runCli(['build', '--input', raw, '--out', gold, '--as-of', '2024-04-30', '--allow-partial', '--quiet', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout).manifest;
  quarantine = (await query<Q>(`SELECT * FROM read_csv(${sq(join(gold, m.quality.quarantine_path))}, header = true, all_varchar = true)`))
    .map((x) => ({ ...x, line: Number(x.line) }));
  const facts = join(gold, m.tables.fact_forecast.path, '*.parquet');
  kept = await query(`SELECT item_id, CAST(date AS VARCHAR) AS date, forecast, forecast_lo, forecast_hi FROM read_parquet(${sq(facts)})
    WHERE source = 'ens' ORDER BY item_id, date`);
});

const native = (line: number) => quarantine.find((q) => q.file === 'forecasts/native.parquet' && q.line === line);
const rawOf = (date: string | null, f: string | null, lo: string | null = null, hi: string | null = null, item = 'A') =>
  JSON.stringify({ item_id: item, site_id: null, date, forecast: f, forecast_lo: lo, forecast_hi: hi, source: 'ens', model_version: 'v1', generated_at: '2024-04-30T06:00:00Z', dataset_id: 'ds-1' });

describe('typed Parquet forecasts: checked as values, quarantined with their text', () => {
  it('keeps the valid rows with their exact values', () => {
    assert.deepEqual(kept, [
      { item_id: 'A', date: '2024-05-01', forecast: 1.5, forecast_lo: 1, forecast_hi: 2 },
      { item_id: 'B', date: '2024-05-02', forecast: 0, forecast_lo: -0.5, forecast_hi: 0.5 },
    ]);
  });

  it('gives each rejected row its code, reason and raw record', () => {
    const want: [number, string, string, string, string][] = [
      [3, 'forecast', 'missing_value', 'forecast is empty', rawOf('2024-05-02', null)],
      [4, 'forecast', 'negative_value', 'forecast "-2.5" is negative', rawOf('2024-05-03', '-2.5')],
      [5, 'forecast', 'out_of_range', 'forecast "nan" is out of range (|x| > 1e12)', rawOf('2024-05-04', 'nan')],
      [6, 'forecast', 'out_of_range', 'forecast "1e+300" is out of range (|x| > 1e12)', rawOf('2024-05-05', '1e+300')],
      [7, 'forecast_lo', 'bad_value', 'interval [6.0, 7.0] does not contain forecast 5.0', rawOf('2024-05-06', '5.0', '6.0', '7.0')],
      [8, 'date', 'missing_value', 'date is empty', rawOf(null, '1.0')],
      [9, 'date', 'out_of_range', 'date "1980-01-01" is outside 1990–2100', rawOf('1980-01-01', '1.0')],
      [10, 'date', 'bad_date', 'date "infinity" is not a valid date (expected YYYY-MM-DD or dd/mm/yyyy)', rawOf('infinity', '1.0')],
      [11, 'item_id', 'unknown_item', 'item_id "C" is not in items', rawOf('2024-05-07', '1.0', null, null, 'C')],
      [12, 'item_id', 'duplicate_key', 'duplicate of item_id, site_id, source, date first seen at forecasts/native.parquet line 2',
        JSON.stringify({ item_id: 'A', site_id: 'default', source: 'ens', date: '2024-05-01' })],
      [13, 'forecast_lo', 'bad_value', 'interval [-1.0, 0.001] does not contain forecast 0.25', rawOf('2024-05-01', '0.25', '-1.0', '0.001', 'B')],
    ];
    for (const [line, column, code, reason, raw] of want) {
      const got = native(line);
      assert.ok(got, `line ${line} quarantined`);
      assert.deepEqual({ column: got.column, code: got.code, reason: got.reason, raw: got.raw }, { column, code, reason, raw }, `line ${line}`);
    }
    assert.equal(quarantine.filter((q) => q.file === 'forecasts/native.parquet').length, want.length);
  });

  it('statsforecast Parquet: one model rejected on its own line, the other kept', () => {
    const sf = quarantine.filter((q) => q.file === 'forecasts/sf.parquet');
    assert.deepEqual(sf.map((q) => [q.line, q.column, q.code, q.reason]), [[3, 'forecast', 'negative_value', 'forecast "-1.0" is negative']]);
    assert.equal(JSON.parse(sf[0].raw).forecast, '-1.0');
  });
});
