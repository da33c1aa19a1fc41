/**
 * Duplicate keys of inventory and forecasts (build/duplicates.ts): the candidates are found per
 * key and window of 512 days by the set of dates seen (ADR 0006, session 11), then ranked by the
 * key itself. Hostile layouts: a repeat in another file of the same source, a third occurrence,
 * dates exactly 512 days apart (the same bit of two windows), the same date at another site or
 * for another source, and a repeat whose first occurrence was rejected for another reason. The
 * expected quarantine rows are written by hand from docs/inputs.md (first occurrence by file and
 * line is kept; later ones are `duplicate_key` on column `item_id`); the real CLI builds.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { query, runCli, tempDir } from './helpers.ts';

interface Q { file: string; line: number; column: string | null; code: string; reason: string; raw: string }

let quarantine: Q[];
let kept: Record<string, number>;

const meta = (source: string) => JSON.stringify({ source, model_version: 'v1', generated_at: '2024-01-01T00:00:00Z', dataset_id: 'ds' });

before(async () => {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  const fc = join(raw, 'forecasts');
  mkdirSync(fc, { recursive: true });
  writeFileSync(join(raw, 'items.csv'), 'item_id,name\nI1,Cabo\nI2,Conector\n');
  writeFileSync(join(raw, 'consumption.csv'), 'date,item_id,quantity\n2024-01-01,I1,1\n');
  // 2025-05-27 is 512 days after 2024-01-01.
  writeFileSync(join(raw, 'inventory.csv'), [
    'date,item_id,on_hand',
    '2024-01-01,I1,10', // 2: kept
    '2025-05-27,I1,10', // 3: kept (512 days later)
    '2024-01-01,I1,11', // 4: repeats line 2
    '2024-01-01,I2,5', // 5: kept
    '2024-01-01,I1,12', // 6: repeats line 2 again
  ].join('\n') + '\n');
  writeFileSync(join(fc, 'a.csv'), [
    'item_id,site_id,date,forecast',
    'I1,,2024-01-01,1', // 2: kept
    'I1,,2025-05-27,1', // 3: kept (512 days later)
    'I1,,2024-01-02,1', // 4: kept
    'I1,,2024-01-01,2', // 5: repeats line 2
    'I2,,2024-01-01,x', // 6: bad_number
    'I2,,2024-01-01,3', // 7: kept (the row before it was rejected)
    'I1,S1,2024-01-01,1', // 8: kept (another site)
  ].join('\n') + '\n');
  writeFileSync(join(fc, 'a.meta.json'), meta('ens'));
  writeFileSync(join(fc, 'b.csv'), [
    'item_id,date,forecast',
    'I1,2024-01-02,5', // 2: repeats a.csv line 4 (same source, another file)
    'I1,2024-01-01,6', // 3: repeats a.csv line 2 (a third occurrence)
    'I2,2025-05-27,1', // 4: kept
  ].join('\n') + '\n');
  writeFileSync(join(fc, 'b.meta.json'), meta('ens'));
  writeFileSync(join(fc, 'c.csv'), 'item_id,date,forecast\nI1,2024-01-01,1\nI1,2025-05-27,1\n'); // kept: another source
  writeFileSync(join(fc, 'c.meta.json'), meta('other'));
  const gold = join(dir, 'gold');
  const r = await runCli(['build', '--input', raw, '--out', gold, '--as-of', '2025-06-30', '--allow-partial', '--quiet', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout).manifest;
  const sq = (p: string) => `'${p.replaceAll("'", "''")}'`;
  quarantine = (await query<Q>(`SELECT * FROM read_csv(${sq(join(gold, m.quality.quarantine_path))}, header = true, all_varchar = true)`))
    .map((x) => ({ ...x, line: Number(x.line) }));
  kept = Object.fromEntries(m.quality.inputs.map((i: { file: string; rows_kept: number }) => [i.file, i.rows_kept]));
});

const dup = (file: string, line: number, key: string, first: string, raw: Record<string, string>): Q => ({
  file, line, column: 'item_id', code: 'duplicate_key', reason: `duplicate of ${key} first seen at ${first}`, raw: JSON.stringify(raw),
});
const fcKey = 'item_id, site_id, source, date';
const fcRaw = (item: string, date: string) => ({ item_id: item, site_id: 'default', source: 'ens', date });

describe('duplicate keys of inventory and forecasts', () => {
  it('quarantines every later occurrence of a key, across files, and nothing else', () => {
    const got = quarantine.filter((q) => q.code === 'duplicate_key').sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    assert.deepEqual(got, [
      dup('forecasts/a.csv', 5, fcKey, 'forecasts/a.csv line 2', fcRaw('I1', '2024-01-01')),
      dup('forecasts/b.csv', 2, fcKey, 'forecasts/a.csv line 4', fcRaw('I1', '2024-01-02')),
      dup('forecasts/b.csv', 3, fcKey, 'forecasts/a.csv line 2', fcRaw('I1', '2024-01-01')),
      dup('inventory.csv', 4, 'item_id, site_id, date', 'inventory.csv line 2', { item_id: 'I1', site_id: 'default', date: '2024-01-01' }),
      dup('inventory.csv', 6, 'item_id, site_id, date', 'inventory.csv line 2', { item_id: 'I1', site_id: 'default', date: '2024-01-01' }),
    ]);
  });

  it('keeps the first occurrences, dates 512 days apart, other sites and sources, and a row whose twin was rejected', () => {
    assert.deepEqual(quarantine.filter((q) => q.code !== 'duplicate_key').map((q) => [q.file, q.line, q.code]), [['forecasts/a.csv', 6, 'bad_number']]);
    assert.deepEqual(kept, { 'items.csv': 2, 'consumption.csv': 1, 'inventory.csv': 3, 'forecasts/a.csv': 5, 'forecasts/b.csv': 1, 'forecasts/c.csv': 2 });
  });
});
