import { emit } from './events.js';

/** Detail of `nova-export`. */
export interface ExportDetail {
  /** Suggested file name, e.g. `forecast-MAT-000001.csv`. */
  filename: string;
  /** The whole file as text (starts with the UTF-8 byte-order mark). */
  csv: string;
}

/**
 * Fires `nova-export` (bubbling, composed, cancelable) with the CSV; unless a listener cancels it,
 * downloads the file through a Blob URL on a temporary link in `root` (no server involved).
 */
export function exportCsv(host: HTMLElement, root: ShadowRoot | HTMLElement, filename: string, csv: string): void {
  if (!emit<ExportDetail>(host, 'nova-export', { filename, csv })) return;
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  root.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
