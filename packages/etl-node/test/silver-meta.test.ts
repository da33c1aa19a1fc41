/**
 * The forecasts' per-file metadata in silver (ADR 0006, session 14; docs/cli.md "Layers"): the
 * rows hold a number `_meta` into one row per input file and combination of source, model_version,
 * generated_at and dataset_id. Hostile layouts: one file carrying several combinations in its
 * columns (two sources, two model versions of one source), a sidecar file of the same source,
 * a repeat of a key across them (the key has `source`, not `_meta`), rejected rows with a source,
 * a reserved one and none. Every expected value is written by hand from docs/inputs.md and
 * docs/cli.md; the real CLI builds, plain DuckDB reads the files.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { query, runCli, tempDir } from './helpers.ts';

const sq = (p: string) => `'${p.replaceAll("'", "''")}'`;
let gold: string;
let silver: string;
let manifest: { snapshot_id: string; ml: { source: string; model_version: string; generated_at: string; dataset_id: string; rows: number }[]; quality: { quarantine_path: string; report_path: string; inputs: { file: string; rows_read: number; rows_kept: number; rows_quarantined: number }[] } };

before(async () => {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  mkdirSync(join(raw, 'forecasts'), { recursive: true });
  writeFileSync(join(raw, 'items.csv'), 'item_id,name\nI1,Cabo\nI2,Conector\n');
  writeFileSync(join(raw, 'consumption.csv'), 'date,item_id,quantity\n2024-01-01,I1,1\n2024-01-02,I2,2\n');
  writeFileSync(join(raw, 'forecasts', 'cols.csv'), [
    'item_id,date,forecast,source,model_version,generated_at,dataset_id',
    'I1,2024-01-01,1,ens,v1,2023-12-31T00:00:00Z,ds', // 2: kept
    'I1,2024-01-02,2,ens,v2,2023-12-31T06:00:00Z,ds', // 3: kept (another model version of ens)
    'I2,2024-01-01,3,naive,n1,2023-12-30T00:00:00Z,ds', // 4: kept (another source)
    'I1,2024-01-01,9,naive,n1,2023-12-30T00:00:00Z,ds', // 5: kept (line 2's item and date, another source)
    'I2,2024-01-02,x,naive,n1,2023-12-30T00:00:00Z,ds', // 6: bad_number, source naive
    'I1,2024-01-03,1,Plan,p1,2023-12-30T00:00:00Z,ds', // 7: reserved_source, source Plan
    'I2,2024-01-03,1,,n1,2023-12-30T00:00:00Z,ds', // 8: missing_metadata, no source
  ].join('\n') + '\n');
  writeFileSync(join(raw, 'forecasts', 'side.csv'), [
    'item_id,date,forecast',
    'I2,2024-01-02,4', // 2: kept
    'I1,2024-01-02,5', // 3: repeats cols.csv line 3 (source ens, another model version)
  ].join('\n') + '\n');
  writeFileSync(join(raw, 'forecasts', 'side.meta.json'), JSON.stringify({ source: 'ens', model_version: 'v1', generated_at: '2023-12-31T00:00:00Z', dataset_id: 'ds' }));
  gold = join(dir, 'gold');
  const r = await runCli(['build', '--input', raw, '--out', gold, '--as-of', '2024-01-02', '--allow-partial', '--quiet', '--json']);
  assert.equal(r.code, 0, r.stderr);
  manifest = JSON.parse(r.stdout).manifest;
  silver = join(`${gold}.work`, 'silver');
});

describe('the forecasts\' metadata in silver', () => {
  it('silver/forecasts.parquet holds the rows with `_meta`, forecasts_meta.parquet one row per file and kept combination', async () => {
    assert.deepEqual(readdirSync(silver).filter((f) => f.startsWith('forecasts')).sort(), ['forecasts.parquet', 'forecasts_meta.parquet']);
    const cols = await query<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${sq(join(silver, 'forecasts.parquet'))}))`);
    assert.deepEqual(cols.map((c) => c.column_name), ['item_id', 'site_id', 'date', 'forecast', 'forecast_lo', 'forecast_hi', '_meta', '_line']);
    const meta = await query<{ _file: string; source: string; model_version: string; generated_at: string; dataset_id: string }>(
      `SELECT _file, source, model_version, strftime(generated_at, '%Y-%m-%dT%H:%M:%SZ') AS generated_at, dataset_id
       FROM read_parquet(${sq(join(silver, 'forecasts_meta.parquet'))}) ORDER BY ALL`);
    // Rejected rows' combinations (Plan, no source) are not there: the file holds what silver keeps.
    assert.deepEqual(meta.map((m) => Object.values(m).join(' ')), [
      'forecasts/cols.csv ens v1 2023-12-31T00:00:00Z ds',
      'forecasts/cols.csv ens v2 2023-12-31T06:00:00Z ds',
      'forecasts/cols.csv naive n1 2023-12-30T00:00:00Z ds',
      'forecasts/side.csv ens v1 2023-12-31T00:00:00Z ds',
    ]);
    const [u] = await query<{ n: number; d: number }>(`SELECT count(*)::INTEGER AS n, count(DISTINCT _meta)::INTEGER AS d FROM read_parquet(${sq(join(silver, 'forecasts_meta.parquet'))})`);
    assert.deepEqual([u.n, u.d], [4, 4], '_meta numbers its rows');
    // The documented join gives every kept row its file, line and metadata.
    const rows = await query<{ r: string }>(
      `SELECT concat_ws(' ', m._file, f._line, f.item_id, f.site_id, f.date, f.forecast, m.source, m.model_version) AS r
       FROM read_parquet(${sq(join(silver, 'forecasts.parquet'))}) f JOIN read_parquet(${sq(join(silver, 'forecasts_meta.parquet'))}) m USING (_meta) ORDER BY m._file, f._line`);
    assert.deepEqual(rows.map((x) => x.r), [
      'forecasts/cols.csv 2 I1 default 2024-01-01 1.0 ens v1',
      'forecasts/cols.csv 3 I1 default 2024-01-02 2.0 ens v2',
      'forecasts/cols.csv 4 I2 default 2024-01-01 3.0 naive n1',
      'forecasts/cols.csv 5 I1 default 2024-01-01 9.0 naive n1',
      'forecasts/side.csv 2 I2 default 2024-01-02 4.0 ens v1',
    ]);
  });

  it('quarantines by source: the repeat across files of one source, the rejected rows with the codes of docs/inputs.md', async () => {
    const q = await query<{ r: string }>(
      `SELECT concat_ws(' | ', file, line, "column", code, reason) AS r FROM read_csv(${sq(join(gold, manifest.quality.quarantine_path))}, header = true, all_varchar = true) ORDER BY file, line::INTEGER`);
    assert.deepEqual(q.map((x) => x.r), [
      'forecasts/cols.csv | 6 | forecast | bad_number | forecast "x" is not a number',
      'forecasts/cols.csv | 7 | source | reserved_source | source "Plan" is reserved for the plan blend: rename the model',
      'forecasts/cols.csv | 8 | source | missing_metadata | source is empty: forecasts must carry source, model_version, generated_at and dataset_id',
      'forecasts/side.csv | 3 | item_id | duplicate_key | duplicate of item_id, site_id, source, date first seen at forecasts/cols.csv line 3',
    ]);
    const [dup] = await query<{ raw: string }>(`SELECT raw FROM read_csv(${sq(join(gold, manifest.quality.quarantine_path))}, header = true, all_varchar = true) WHERE code = 'duplicate_key'`);
    assert.deepEqual(JSON.parse(dup.raw), { item_id: 'I1', site_id: 'default', source: 'ens', date: '2024-01-02' });
  });

  it('the quality gate counts each quarantined row against its source (none: against its file), kept rows per file', () => {
    const quality = JSON.parse(readFileSync(join(gold, manifest.quality.report_path), 'utf8'));
    const unit = (input: string) => {
      const u = quality.gate.inputs.find((x: { input: string }) => x.input === input);
      return u && [u.rows_read, u.rows_quarantined, [...u.files].sort().join(',')];
    };
    assert.deepEqual(unit('forecast source ens'), [4, 1, 'forecasts/cols.csv,forecasts/side.csv']);
    assert.deepEqual(unit('forecast source naive'), [3, 1, 'forecasts/cols.csv']);
    assert.deepEqual(unit('forecast source Plan'), [1, 1, 'forecasts/cols.csv']);
    assert.deepEqual(unit('forecasts/cols.csv'), [7, 1, 'forecasts/cols.csv']);
    const inputs = Object.fromEntries(manifest.quality.inputs.map((i) => [i.file, [i.rows_read, i.rows_kept, i.rows_quarantined]]));
    assert.deepEqual(inputs['forecasts/cols.csv'], [7, 4, 3]);
    assert.deepEqual(inputs['forecasts/side.csv'], [2, 1, 1]);
  });

  it('gold carries each row\'s source and metadata, the manifest each source\'s model versions', async () => {
    const files = join(gold, 'snapshots', manifest.snapshot_id, 'fact_forecast', '*.parquet');
    const rows = await query<{ r: string }>(
      `SELECT concat_ws(' ', item_id, site_id, source, date, forecast, model_version, strftime(generated_at, '%Y-%m-%dT%H:%M:%SZ'), dataset_id, actual) AS r
       FROM read_parquet(${sq(files)}) ORDER BY item_id, source, date`);
    assert.deepEqual(rows.map((x) => x.r), [
      'I1 default ens 2024-01-01 1.0 v1 2023-12-31T00:00:00Z ds 1.0',
      'I1 default ens 2024-01-02 2.0 v2 2023-12-31T06:00:00Z ds 0.0',
      'I1 default naive 2024-01-01 9.0 n1 2023-12-30T00:00:00Z ds 1.0',
      'I2 default ens 2024-01-02 4.0 v1 2023-12-31T00:00:00Z ds 2.0',
      'I2 default naive 2024-01-01 3.0 n1 2023-12-30T00:00:00Z ds 0.0',
    ]);
    assert.deepEqual(manifest.ml.map((m) => `${m.source} ${m.model_version} ${m.generated_at} ${m.dataset_id} ${m.rows}`), [
      'ens v1 2023-12-31T00:00:00Z ds 2',
      'ens v2 2023-12-31T06:00:00Z ds 1',
      'naive n1 2023-12-30T00:00:00Z ds 2',
    ]);
  });

  it('a weekly build sums each period with the latest generation\'s metadata', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    mkdirSync(join(raw, 'forecasts'), { recursive: true });
    writeFileSync(join(raw, 'items.csv'), 'item_id,name\nI1,Cabo\n');
    writeFileSync(join(raw, 'consumption.csv'), 'date,item_id,quantity\n2024-01-01,I1,1\n');
    // 2024-01-01 is a Monday: both rows fall in its week; v2 was generated later.
    writeFileSync(join(raw, 'forecasts', 'cols.csv'), [
      'item_id,date,forecast,source,model_version,generated_at,dataset_id',
      'I1,2024-01-01,1,ens,v1,2023-12-31T00:00:00Z,d1',
      'I1,2024-01-02,2,ens,v2,2023-12-31T06:00:00Z,d2',
    ].join('\n') + '\n');
    const out = join(dir, 'gold');
    const r = await runCli(['build', '--input', raw, '--out', out, '--grain', 'week', '--as-of', '2024-01-07', '--quiet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(r.stdout).manifest;
    const rows = await query<{ r: string }>(
      `SELECT concat_ws(' ', item_id, source, date, forecast, model_version, strftime(generated_at, '%Y-%m-%dT%H:%M:%SZ'), dataset_id) AS r
       FROM read_parquet(${sq(join(out, 'snapshots', m.snapshot_id, 'fact_forecast', '*.parquet'))})`);
    assert.deepEqual(rows.map((x) => x.r), ['I1 ens 2024-01-01 3.0 v2 2023-12-31T06:00:00Z d2']);
  });

  it('a file with more combinations than a byte numbers (300 dataset ids) keeps each row\'s own', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    mkdirSync(join(raw, 'forecasts'), { recursive: true });
    writeFileSync(join(raw, 'items.csv'), 'item_id,name\nI1,Cabo\n');
    writeFileSync(join(raw, 'consumption.csv'), 'date,item_id,quantity\n2024-01-01,I1,1\n');
    // Row k (k = 0…299): date 2024-01-01 + k days, forecast k, dataset d<k>.
    const day = (k: number) => new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(0, 10);
    writeFileSync(join(raw, 'forecasts', 'many.csv'), ['item_id,date,forecast,source,model_version,generated_at,dataset_id',
      ...Array.from({ length: 300 }, (_, k) => `I1,${day(k)},${k},ens,v1,2023-12-31T00:00:00Z,d${k}`)].join('\n') + '\n');
    const out = join(dir, 'gold');
    const r = await runCli(['build', '--input', raw, '--out', out, '--as-of', '2024-01-01', '--quiet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(r.stdout).manifest;
    const silverDir = join(`${out}.work`, 'silver');
    const [t] = await query<{ t: string; n: number }>(`SELECT any_value(typeof(_meta)) AS t, count(DISTINCT _meta)::INTEGER AS n FROM read_parquet(${sq(join(silverDir, 'forecasts.parquet'))})`);
    assert.deepEqual([t.t, t.n], ['USMALLINT', 300]);
    const [bad] = await query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM read_parquet(${sq(join(out, 'snapshots', m.snapshot_id, 'fact_forecast', '*.parquet'))})
       WHERE dataset_id <> 'd' || (date - DATE '2024-01-01') OR forecast <> (date - DATE '2024-01-01')`);
    assert.equal(bad.n, 0, 'every gold row has the dataset of its own line');
    assert.equal(m.ml.reduce((s: number, x: { rows: number }) => s + x.rows, 0), 300);
  });
});

