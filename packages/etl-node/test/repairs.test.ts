// Repairable item attributes through the real CLI: a malformed non-key attribute keeps the item
// (and so its consumption and forecasts) with the documented default, recorded in quality.json.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { query, runCli, tempDir, tableFiles } from './helpers.ts';

const CORPUS = new URL('./corpus/', import.meta.url).pathname;

describe('repairable item attributes', () => {
  it('decimal-comma file: 0.02 is a decimal, 1.234,20 keeps the dialect; no item lost', async () => {
    const dir = tempDir();
    cpSync(join(CORPUS, '50-decimal-comma-point-decimal', 'raw'), join(dir, 'raw'), { recursive: true });
    const gold = join(dir, 'gold');
    const r = await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--quiet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(r.stdout).manifest;
    const rows = await query<{ item_id: string; min_order_qty: number; unit_cost: number }>(
      `SELECT item_id, min_order_qty, unit_cost FROM read_parquet('${join(gold, m.tables.dim_item.files[0].path)}') ORDER BY item_id`,
    );
    assert.deepEqual(rows, [
      { item_id: 'I1', min_order_qty: 0.02, unit_cost: 12.5 },
      { item_id: 'I2', min_order_qty: 50, unit_cost: 1234.2 },
      { item_id: 'I3', min_order_qty: 100, unit_cost: 0.35 },
    ]);
  });

  it('every malformed attribute takes its default (config item_defaults), the item keeps its history', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    cpSync(join(CORPUS, '15-bad-criticality', 'raw'), raw, { recursive: true });
    writeFileSync(
      join(raw, 'items.csv'),
      [
        'item_id,sku,name,category,unit,unit_cost,currency,lead_time_days,min_order_qty,criticality',
        'I1,SKU-1,Conector N,RF,UN,-4,BRL,7.5,0,Z',
        'I2,SKU-2,Cabo coaxial,RF,M,3.20,BRL,14,50,B',
        'I3,SKU-3,Parafuso M16,FERRAGENS,UN,abc,BRL,,-1,c',
      ].join('\n') + '\n',
    );
    writeFileSync(join(raw, 'nova.config.json'), JSON.stringify({ item_defaults: { lead_time_days: 21, criticality: 'B' } }));
    const gold = join(dir, 'gold');
    const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { manifest: m, quality: q } = JSON.parse(r.stdout);
    assert.deepEqual(q.by_code, {});
    assert.deepEqual(
      q.defaulted.map((d: { line: number; column: string; value: string; default: string }) => `${d.line} ${d.column} ${JSON.stringify(d.value)} → ${d.default}`),
      [
        '2 criticality "Z" → B', '2 lead_time_days "7.5" → 21', '2 min_order_qty "0" → 1.0', '2 unit_cost "-4" → 0.0',
        '4 lead_time_days "" → 21', '4 min_order_qty "-1" → 1.0', '4 unit_cost "abc" → 0.0',
      ],
    );
    assert.equal(q.defaulted_cells, 7);
    const items = await query<{ item_id: string; unit_cost: number; lead_time_days: number; min_order_qty: number; criticality: string }>(
      `SELECT item_id, unit_cost, lead_time_days, min_order_qty, criticality FROM read_parquet('${join(gold, m.tables.dim_item.files[0].path)}') ORDER BY item_id`,
    );
    assert.deepEqual(items, [
      { item_id: 'I1', unit_cost: 0, lead_time_days: 21, min_order_qty: 1, criticality: 'B' },
      { item_id: 'I2', unit_cost: 3.2, lead_time_days: 14, min_order_qty: 50, criticality: 'B' },
      { item_id: 'I3', unit_cost: 0, lead_time_days: 21, min_order_qty: 1, criticality: 'C' },
    ]);
    // Their consumption is still there: I1 2 + 1, I3 40 + 20 (consumption.csv of the case).
    const [a] = await query<{ i1: number; i3: number }>(
      `SELECT sum(actual) FILTER (WHERE item_id = 'I1')::INTEGER AS i1, sum(actual) FILTER (WHERE item_id = 'I3')::INTEGER AS i3
       FROM read_parquet('${join(gold, tableFiles(gold, m, 'fact_forecast')[0].path)}')`,
    );
    assert.deepEqual(a, { i1: 3, i3: 60 });
    assert.ok(q.warnings.some((w: string) => /7 malformed item attribute\(s\) replaced by their default/.test(w)), q.warnings.join('\n'));
    assert.ok(readFileSync(join(gold, m.quality.report_path), 'utf8').includes('"defaulted_cells": 7'));
  });
});
