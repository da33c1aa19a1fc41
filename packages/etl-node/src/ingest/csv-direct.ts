import { sqlString } from './plan.js';

const WS = /\s/;

/**
 * Counts the data lines of a decoded CSV when DuckDB's own reader can take the file as it is and
 * give exactly what the record pass would (see {@link directCsvRelation}); null otherwise, and the
 * file goes through the record pass. The file must be UTF-8 (with or without a BOM) without a
 * damaged byte, its header on line 1, and hold no quote, no carriage return, no empty or blank
 * line and no row whose field count differs from the header's: then records are lines, nothing is
 * ragged, quarantined or skipped, and data line k is physical line k + 1. The check is one pass
 * over the text (no record objects), which is what makes a multi-million-row ERP log cheap.
 */
export function directCsvRows(bytes: Uint8Array, text: string, delimiter: string, width: number): number | null {
  if (delimiter.length !== 1 || width < 1) return null;
  if (bytes.indexOf(0x22) >= 0 || bytes.indexOf(0x0d) >= 0 || text.includes('\uFFFD')) return null;
  const d = delimiter.charCodeAt(0);
  let at = text.indexOf('\n');
  if (at < 0) return 0; // header only
  at++;
  let rows = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end === at) return null; // an empty line (the record pass skips it, DuckDB may not)
    let seps = 0;
    for (let i = at; i < end; i++) if (text.charCodeAt(i) === d) seps++;
    if (seps !== width - 1) return null;
    const first = text[at];
    // A line of only delimiters and whitespace is a blank row the record pass skips.
    if ((first === delimiter || WS.test(first)) && text.slice(at, end).split(delimiter).every((f) => f.trim() === '')) return null;
    rows++;
    at = end + 1;
  }
  return rows;
}

/**
 * The SELECT over a CSV that {@link directCsvRows} accepted: DuckDB reads the raw file in parallel,
 * one VARCHAR column `c0…cN` per header column (an empty field is NULL), with `_line` = the row's
 * position + 1 (the header is line 1) — the same relation as a staging CSV's.
 */
export function directCsvRelation(path: string, delimiter: string, width: number): string {
  const cols = Array.from({ length: width }, (_, i) => `c${i}`);
  const types = cols.map((c) => `'${c}': 'VARCHAR'`).join(', ');
  return `SELECT (row_number() OVER () + 1)::BIGINT AS _line, ${cols.join(', ')} FROM read_csv(${sqlString(path)}, header = true, auto_detect = false,
    delim = ${sqlString(delimiter)}, quote = '"', escape = '"', new_line = '\\n', columns = {${types}})`;
}
