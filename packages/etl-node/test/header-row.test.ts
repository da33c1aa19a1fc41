// Reports with a title or parameter lines above the header (as Brazilian ERPs export to Excel and
// CSV), through the real CLI: the header row is found, rows above it are skipped and recorded in
// quality.json; `header_row` in nova.config.json pins it.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { query, runCli, tempDir, tableFiles } from './helpers.ts';
import { writeRaw } from './raw-fixture.ts';

async function buildJson(raw: string, gold: string) {
  const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet', '--json']);
  return { ...r, out: r.code === 0 ? JSON.parse(r.stdout) : null };
}

describe('header row detection', () => {
  it('an .xlsx consumption report with a title and parameter rows above the header reads every row', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw, { items: 3, days: 4 });
    const lines = readFileSync(join(raw, 'consumption.csv'), 'utf8').trim().split('\n').slice(1);
    rmSync(join(raw, 'consumption.csv'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Relatório');
    ws.addRow(['RELATÓRIO DE CONSUMO DE MATERIAIS']);
    ws.addRow(['Período:', '01/03/2026 a 04/03/2026']);
    ws.addRow([]);
    ws.addRow(['Emitido por:', 'ERP Nova', 'Página 1']);
    ws.addRow(['Data', 'Código', 'Quantidade']);
    for (const l of lines) {
      const [d, item, q] = l.split(',');
      ws.addRow([d, item, Number(q)]);
    }
    await wb.xlsx.writeFile(join(raw, 'consumption.xlsx'));
    const gold = join(dir, 'gold');
    const r = await buildJson(raw, gold);
    assert.equal(r.code, 0, r.stderr);
    const q = r.out.quality;
    assert.deepEqual(q.by_code, {});
    assert.deepEqual(q.skipped_rows, [
      { file: 'consumption.xlsx', line: 1, text: 'RELATÓRIO DE CONSUMO DE MATERIAIS' },
      { file: 'consumption.xlsx', line: 2, text: 'Período:,01/03/2026 a 04/03/2026' },
      { file: 'consumption.xlsx', line: 4, text: 'Emitido por:,ERP Nova,Página 1' },
    ]);
    const input = r.out.manifest.quality.inputs.find((i: { file: string }) => i.file === 'consumption.xlsx');
    assert.deepEqual([input.rows_read, input.rows_kept], [12, 12]);
    // 4 days × (1 + 2 + 3)
    const [s] = await query<{ a: number }>(`SELECT sum(actual)::INTEGER AS a FROM read_parquet('${join(gold, tableFiles(gold, r.out.manifest, 'fact_forecast')[0].path)}')`);
    assert.equal(s.a, 24);
  });

  it('a CSV report with title lines; header_row in nova.config.json pins the header when it is ambiguous', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw, { items: 3, days: 4 });
    const csv = readFileSync(join(raw, 'inventory.csv'), 'utf8');
    writeFileSync(join(raw, 'inventory.csv'), `Posição de estoque\nFilial: Salvador\n${csv}`);
    const r = await buildJson(raw, join(dir, 'gold'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.out.quality.skipped_rows.map((s: { line: number }) => s.line), [1, 2]);
    // Two header-like rows: the first qualifying one wins unless header_row says otherwise.
    writeFileSync(join(raw, 'inventory.csv'), `date,item_id,on_hand\nLista anterior (não usar)\n${csv}`);
    writeFileSync(join(raw, 'nova.config.json'), JSON.stringify({ header_row: { 'inventory.csv': 3 } }));
    const pinned = await buildJson(raw, join(dir, 'gold'));
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.deepEqual(pinned.out.quality.skipped_rows.map((s: { line: number }) => s.line), [1, 2]);
    writeFileSync(join(raw, 'nova.config.json'), JSON.stringify({ header_row: { 'inventory.csv': 99 } }));
    const past = await runCli(['build', '--input', raw, '--out', join(dir, 'gold'), '--quiet']);
    assert.equal(past.code, 1);
    assert.match(past.stderr, /inventory\.csv is unreadable: header_row 99 is not a non-empty row of the file/);
  });

  it('no qualifying row in the first 20: the first row stays the header and every row is missing_column', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    writeRaw(raw, { items: 3, days: 4 });
    writeFileSync(join(raw, 'inventory.csv'), 'dia,codigo_x,saldo_y\n2026-03-04,I1,5\n');
    const r = await runCli(['build', '--input', raw, '--out', join(dir, 'gold'), '--quiet', '--allow-partial', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).quality.by_code, { missing_column: 1 });
  });
});
