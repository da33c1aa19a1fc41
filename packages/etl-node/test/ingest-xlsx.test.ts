/**
 * `.xlsx` inputs: workbooks written with exceljs into a temporary raw folder, read with
 * `ingestRaw`, relations run in a real DuckDB.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG } from '../src/config.js';
import { ingestRaw } from '../src/ingest/index.js';
import type { IngestedFile } from '../src/ingest/types.js';
import { cellText } from '../src/ingest/xlsx.js';

let dir: string;
let inst: DuckDBInstance;
let con: DuckDBConnection;
let files: IngestedFile[];
/** Runs a relation and returns its rows with `_line` as a number. */
async function relationRows(c: DuckDBConnection, relation: string | null): Promise<Record<string, unknown>[]> {
  if (relation === null) return [];
  const r = await c.runAndReadAll(`SELECT * FROM (${relation}) ORDER BY _line`);
  return r.getRowObjects().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}
const utc = (y: number, m: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, m - 1, d, h, mi));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nova-xlsx-'));
  const raw = join(dir, 'raw');
  await mkdir(join(raw, 'forecasts'), { recursive: true });

  const items = new ExcelJS.Workbook();
  const s = items.addWorksheet('Itens');
  s.addRow(['Código', 'Descrição', 'Custo Unitário', 'Lote Mínimo', 'Curva']);
  s.addRow(['A1', { richText: [{ text: 'Cabo ' }, { font: { bold: true }, text: 'coaxial' }] }, 12.5, 10, 'A']);
  s.addRow([1002, 'Conector', 0.1 + 0.2, { formula: 'D2*2', result: 20 }, { formula: 'E2', result: 'A' }]);
  s.addRow(['A3', { text: 'Manual', hyperlink: 'https://example.invalid' }, { error: '#N/A' }, null, 'C']);
  items.addWorksheet('Ignored').addRow(['not', 'read']);
  await items.xlsx.writeFile(join(raw, 'items.xlsx'));

  const cons = new ExcelJS.Workbook();
  const c = cons.addWorksheet('Consumo');
  c.getCell('A3').value = 'Data';
  c.getCell('B3').value = 'Material';
  c.getCell('C3').value = 'Qtd';
  c.addRow([utc(2024, 3, 15), 'A1', 2]);
  c.addRow([]);
  c.addRow([utc(2024, 3, 16), 'A1', 1.5, 'stray']);
  c.addRow(['17/03/2024', 'A1', 3]);
  await cons.xlsx.writeFile(join(raw, 'consumption.xlsx'));

  const fc = new ExcelJS.Workbook();
  fc.addWorksheet('fc').addRows([
    ['item_id', 'date', 'forecast', 'generated_at'],
    ['A1', utc(2024, 5, 1), 4, utc(2024, 4, 30, 12, 30)],
  ]);
  await fc.xlsx.writeFile(join(raw, 'forecasts', 'fc.xlsx'));
  await writeFile(join(raw, 'forecasts', 'fc.meta.json'), JSON.stringify({ source: 'xl', model_version: '1', dataset_id: 'd' }));

  inst = await DuckDBInstance.create(':memory:');
  con = await inst.connect();
  files = await ingestRaw(raw, structuredClone(DEFAULT_CONFIG), join(dir, 'staging'));
});
after(async () => {
  con.closeSync();
  inst.closeSync();
  await rm(dir, { recursive: true, force: true });
});

test('xlsx: first sheet, Portuguese headers, numbers as "123.45", formulas as their result, rich text and links as text', async () => {
  const f = files.find((x) => x.file === 'items.xlsx')!;
  assert.equal(f.format, 'xlsx');
  assert.equal(f.decimal, '.');
  assert.equal(f.rowsRead, 3);
  assert.deepEqual(f.rejects, []);
  const rows = await relationRows(con, f.relation);
  const pick = (r: Record<string, unknown>) => [r._line, r.item_id, r.name, r.unit_cost, r.min_order_qty, r.criticality];
  assert.deepEqual(rows.map(pick), [
    [2, 'A1', 'Cabo coaxial', '12.5', '10', 'A'],
    [3, '1002', 'Conector', '0.3', '20', 'A'],
    [4, 'A3', 'Manual', '#N/A', null, 'C'],
  ]);
});

test('xlsx: header found below empty rows, dates as ISO, lines are sheet rows, a value beyond the header is ragged', async () => {
  const f = files.find((x) => x.file === 'consumption.xlsx')!;
  assert.equal(f.rowsRead, 3, 'blank sheet row not counted');
  assert.deepEqual(f.rejects.map((r) => [r.line, r.column, r.code]), [[6, null, 'ragged_row']]);
  assert.match(f.rejects[0].reason, /consumption\.xlsx line 6: ragged row, a value in column 4/);
  const rows = await relationRows(con, f.relation);
  assert.deepEqual(rows.map((r) => [r._line, r.date, r.item_id, r.quantity]), [
    [4, '2024-03-15', 'A1', '2'],
    [7, '17/03/2024', 'A1', '3'],
  ]);
});

test('xlsx forecasts: a date-time cell keeps its time; the sidecar fills the rest', async () => {
  const f = files.find((x) => x.file === 'forecasts/fc.xlsx')!;
  const rows = await relationRows(con, f.relation);
  assert.deepEqual(rows, [{
    _line: 2, item_id: 'A1', site_id: null, date: '2024-05-01', forecast: '4', forecast_lo: null, forecast_hi: null,
    source: 'xl', model_version: '1', generated_at: '2024-04-30T12:30:00', dataset_id: 'd',
  }]);
});

test('cellText converts every exceljs value kind', () => {
  assert.equal(cellText(null), '');
  assert.equal(cellText(true), 'true');
  assert.equal(cellText(utc(1960, 2, 29)), '1960-02-29');
  assert.equal(cellText({ formula: 'A1', result: utc(2024, 1, 2) } as ExcelJS.CellFormulaValue), '2024-01-02');
  assert.equal(cellText({ sharedFormula: 'A1', result: 7 } as ExcelJS.CellSharedFormulaValue), '7');
  assert.equal(cellText({ error: '#DIV/0!' } as ExcelJS.CellErrorValue), '#DIV/0!');
});
