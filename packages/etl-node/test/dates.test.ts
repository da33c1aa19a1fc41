// Dates from the future and the as_of date, through the real CLI. The fixture (raw-fixture.ts):
// items I1..I40, I<k> consumes k units a day 2026-03-01..10, counts 100·k on 2026-03-10,
// forecasts k a day 2026-03-01..20 generated 2026-03-10T06:00Z.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { query, runCli, tempDir, tableFiles } from './helpers.ts';
import { writeRaw } from './raw-fixture.ts';

async function build(raw: string, gold: string, args: string[] = []) {
  const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet', '--json', ...args]);
  return { ...r, out: r.code === 0 ? JSON.parse(r.stdout) : null };
}

const quarantine = (gold: string, m: { quality: { quarantine_path: string } }) =>
  query<{ file: string; line: number; column: string; code: string; raw: string }>(
    `SELECT file, line::INTEGER AS line, "column", code, raw FROM read_csv('${join(gold, m.quality.quarantine_path)}', header=true, all_varchar=true) ORDER BY file, line`,
  );
const table = (gold: string, m: { tables: Record<string, any> }, t: string) => join(gold, tableFiles(gold, m, t)[0].path);

describe('dates after the build or --as-of', () => {
  it('one consumption row dated 31/12/2099 is quarantined as future_date; as_of stays at the last real day', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw);
    appendFileSync(join(raw, 'consumption.csv'), '31/12/2099,I3,7\n');
    const gold = join(dir, 'gold');
    const r = await build(raw, gold);
    assert.equal(r.code, 0, r.stderr);
    const m = r.out.manifest;
    assert.equal(m.as_of, '2026-03-10');
    const q = await quarantine(gold, m);
    assert.deepEqual(q.map((x) => [x.file, x.line, x.column, x.code]), [['consumption.csv', 402, 'date', 'future_date']]);
    // Future forecast rows have no actual; past ones have the real consumption.
    const [f] = await query<{ future_null: number; past: number }>(
      `SELECT count(*) FILTER (WHERE date > DATE '2026-03-10' AND actual IS NULL)::INTEGER AS future_null,
              sum(actual) FILTER (WHERE date <= DATE '2026-03-10')::INTEGER AS past
       FROM read_parquet('${table(gold, m, 'fact_forecast')}')`,
    );
    assert.equal(f.future_null, 40 * 10);
    assert.equal(f.past, 10 * 820);
    const [risk] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${table(gold, m, 'agg_item')}')`);
    assert.equal(risk.n, 40);
  });

  it('with --as-of, consumption and stock counts after it are future_date; the forecasts of the morning after are kept', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw);
    appendFileSync(join(raw, 'consumption.csv'), '2026-03-11,I1,1\n');
    appendFileSync(join(raw, 'inventory.csv'), '2026-03-12,I2,5,0\n');
    const gold = join(dir, 'gold');
    const r = await build(raw, gold, ['--as-of', '2026-03-10']);
    assert.equal(r.code, 0, r.stderr);
    const q = await quarantine(gold, r.out.manifest);
    assert.deepEqual(q.map((x) => [x.file, x.line, x.code]), [['consumption.csv', 402, 'future_date'], ['inventory.csv', 42, 'future_date']]);
    assert.equal(r.out.manifest.as_of, '2026-03-10');
  });

  it('forecasts generated after the build time are future_generated_at (the whole file here, so the gate stops it)', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw);
    writeFileSync(join(raw, 'forecasts', 'f.meta.json'), JSON.stringify({ source: 'ens', model_version: 'ens-1', generated_at: '2099-01-01T00:00:00Z', dataset_id: 'ds-1' }));
    const r = await build(raw, join(dir, 'gold'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /forecasts\/f\.csv: future_generated_at × 800 \(first, line 2: generated_at "2099-01-01T00:00:00Z" is after the build time/);
  });

  it('a stock count dated the day after the last movement is used: as_of moves to it, that day is zero demand', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw);
    // Counts on 2026-03-11, one day after the last consumption row; I5 holds 500.
    const inv = readFileSync(join(raw, 'inventory.csv'), 'utf8').replaceAll('2026-03-10', '2026-03-11');
    writeFileSync(join(raw, 'inventory.csv'), inv);
    const gold = join(dir, 'gold');
    const r = await build(raw, gold);
    assert.equal(r.code, 0, r.stderr);
    const m = r.out.manifest;
    assert.equal(m.as_of, '2026-03-11');
    const items = await query<{ item_id: string; on_hand: number; risk: string }>(
      `SELECT item_id, on_hand::INTEGER AS on_hand, risk FROM read_parquet('${table(gold, m, 'agg_item')}') ORDER BY item_id`,
    );
    assert.equal(items.length, 40);
    for (const it of items) assert.equal(it.on_hand, 100 * Number(it.item_id.slice(1)), it.item_id);
    assert.equal(items.find((i) => i.item_id === 'I5')!.on_hand, 500);
    assert.deepEqual(items.filter((i) => i.risk === 'stockout'), []);
    const [d11] = await query<{ a: number; n: number }>(
      `SELECT sum(actual)::INTEGER AS a, count(actual)::INTEGER AS n FROM read_parquet('${table(gold, m, 'fact_forecast')}') WHERE date = DATE '2026-03-11'`,
    );
    assert.deepEqual(d11, { a: 0, n: 40 });
  });
});
