import type ExcelJS from 'exceljs';
import type { RecordSource, SourceRecord } from './table.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO text for an Excel date: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when it has a time of day. */
export function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const ms = ((d.getTime() % 86_400_000) + 86_400_000) % 86_400_000;
  if (ms === 0) return day;
  return `${day}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * Raw text of one cell: numbers as decimal text with Excel's 15 significant digits ("123.45", 0.1+0.2 → "0.3"), dates ISO, formulas → their cached
 * result, rich text and hyperlinks → their text, Excel errors → the error text ("#N/A"), empty → "".
 */
export function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(15))) : ''; // Excel shows 15 digits
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return isoDate(v);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('error' in v) return String(v.error);
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in v) return cellText((v as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  if ('text' in v) return String((v as { text: unknown }).text);
  return String(v);
}

/**
 * Reads the first worksheet of an `.xlsx`: the first non-empty row is the header, each later
 * non-empty row a record whose `line` is its sheet row number.
 */
export async function xlsxSource(path: string): Promise<RecordSource> {
  // Loaded when a workbook is read: ExcelJS takes ~0.3 s of CPU to load, which every build paid at
  // start-up, workbook or not (ADR 0006, session 14).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0];
  const rows: SourceRecord[] = [];
  ws?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const fields: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => { fields[col - 1] = cellText(cell.value).trim(); });
    for (let i = 0; i < fields.length; i++) fields[i] ??= '';
    rows.push({ line: rowNumber, fields });
  });
  const first = rows.findIndex((r) => r.fields.some((f) => f !== ''));
  const headers = first < 0 ? [] : rows[first].fields;
  const data = first < 0 ? [] : rows.slice(first + 1);
  return {
    headers,
    headerLine: first < 0 ? 0 : rows[first].line,
    delimiter: ',',
    shortIsRagged: false,
    mayHaveBadBytes: true,
    batches: (async function* () { if (data.length) yield data; })(),
  };
}
