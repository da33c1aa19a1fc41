/**
 * CSV for spreadsheets, pure (no DOM). pt-BR: `;` between fields and a decimal comma, which is what
 * Excel set to Portuguese (Brazil) reads; en: `,` and a decimal point. Both: UTF-8 with a byte-order
 * mark (so Excel reads accents as UTF-8), CRLF line ends, RFC 4180 quoting, ISO dates (YYYY-MM-DD,
 * which Excel reads as a date in every locale) and no thousands separators. Text cells are hostile:
 * one that a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading
 * apostrophe, so it shows as text. Numbers are written as numbers (a negative stock stays a number).
 */
import type { NovaLocale } from '../i18n/index.js';

/** One cell: text, a number (`null`, `undefined`, NaN and ±Infinity are empty). */
export type CsvCell = string | number | null | undefined;

/** Field separator and decimal mark of a locale's spreadsheets. */
export interface CsvDialect {
  separator: ';' | ',';
  decimal: ',' | '.';
}

/** The UTF-8 byte-order mark every file starts with. */
export const BOM = '\uFEFF';

/** pt-BR: `;` and `,`; en: `,` and `.`. */
export function csvDialect(locale: NovaLocale): CsvDialect {
  return locale === 'en' ? { separator: ',', decimal: '.' } : { separator: ';', decimal: ',' };
}

/**
 * Text a spreadsheet may run as a formula: a leading tab or CR (OWASP's list), or = + - @ (also
 * their full-width forms) after optional spaces.
 */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** Plain decimal digits, no exponent, at most 15 significant digits (no float noise like 0.30000000000000004). */
function numberText(v: number, decimal: string): string {
  if (!Number.isFinite(v)) return '';
  let s = String(Number(v.toPrecision(15)));
  if (/e/i.test(s)) s = Math.abs(v) < 1 ? v.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : BigInt(Math.round(v)).toString();
  if (s === '-0') s = '0';
  return decimal === '.' ? s : s.replace('.', decimal);
}

/** One field, quoted when it holds the separator, a quote or a line break. */
export function csvField(v: CsvCell, d: CsvDialect): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? numberText(v, d.decimal) : String(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return s.includes(d.separator) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole file: BOM, header line, one line per row, CRLF after every line. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], d: CsvDialect): string {
  const line = (cells: readonly CsvCell[]) => `${cells.map((c) => csvField(c, d)).join(d.separator)}\r\n`;
  return BOM + line(header) + rows.map(line).join('');
}

/** A file name from hostile parts: letters, digits, `.`, `_` and `-` only. */
export function csvFileName(...parts: string[]): string {
  return `${parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_')).join('-')}.csv`;
}
