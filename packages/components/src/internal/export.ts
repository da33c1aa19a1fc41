import { emit } from './events.js';
import type { CsvCell } from './csv.js';
import type { NovaLocale } from '../i18n/index.js';

/** Detail of `nova-export`. */
export interface ExportDetail {
  /** Suggested file name, e.g. `forecast-MAT-000001.csv`. */
  filename: string;
  /** The whole file as text (starts with the UTF-8 byte-order mark). */
  csv: string;
}

/** What an element exports: file name parts (sanitised later), header and rows. */
export interface CsvTable {
  file: string[];
  header: string[];
  rows: CsvCell[][];
}

/**
 * The file name and text of a table in a locale's CSV dialect. The writer (`csv.ts`) is loaded on
 * first use: a chunk of its own, so pages that never export never download it.
 */
export async function csvFile(table: CsvTable, locale: NovaLocale): Promise<ExportDetail> {
  const { csvDialect, csvFileName, toCsv } = await import('./csv.js');
  return { filename: csvFileName(...table.file), csv: toCsv(table.header, table.rows, csvDialect(locale)) };
}

/**
 * Fires `nova-export` (bubbling, composed, cancelable) with the CSV; unless a listener cancels it,
 * downloads the file through a Blob URL on a temporary link in the element's shadow root (no
 * server involved).
 */
export async function exportCsv(host: HTMLElement, table: CsvTable, locale: NovaLocale): Promise<void> {
  const detail = await csvFile(table, locale);
  if (!emit<ExportDetail>(host, 'nova-export', detail)) return;
  const url = URL.createObjectURL(new Blob([detail.csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = detail.filename;
  a.hidden = true;
  (host.shadowRoot ?? host).append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
