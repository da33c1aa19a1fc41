import { sqlString } from './plan.js';

const WS = /\s/;

/** What {@link directCsvScan} found in a file DuckDB can read as it is. */
export interface DirectCsv {
  /** Data lines (records): data line k is physical line k + 1. */
  rows: number;
  /**
   * Some field may start or end with a character DuckDB's `trim` removes (the space, or any
   * non-ASCII character: the other Unicode space separators are multi-byte). When false, every
   * non-empty field is its own trimmed text and an empty field is NULL, so the relation can take
   * the columns as they are, without `NULLIF(TRIM(…), '')` (ADR 0006, session 13).
   */
  padded: boolean;
}

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
  return directCsvScan(bytes, text, delimiter, width)?.rows ?? null;
}

/** A byte that may start or end a value DuckDB's `trim` changes: the space, or any non-ASCII byte. */
const edge = (b: number) => b === 0x20 || b >= 0x80;

/** {@link directCsvRows}, and whether any field may be padded ({@link DirectCsv}). */
export function directCsvScan(bytes: Uint8Array, text: string, delimiter: string, width: number): DirectCsv | null {
  if (delimiter.length !== 1 || width < 1) return null;
  if (bytes.indexOf(0x22) >= 0 || bytes.indexOf(0x0d) >= 0 || text.includes('\uFFFD')) return null;
  const d = delimiter.charCodeAt(0);
  // The lines are scanned in the bytes: in UTF-8 an ASCII byte is always that character (every
  // byte of a multi-byte sequence is ≥ 0x80), so lines and ASCII delimiters are counted exactly as
  // in the text, ~10× faster than reading the string's characters (ADR 0006, session 12).
  if (d >= 0x80) {
    const rows = directCsvRowsInText(text, delimiter, width);
    return rows === null ? null : { rows, padded: true };
  }
  const n = bytes.length;
  let at = bytes.indexOf(0x0a);
  if (at < 0) return { rows: 0, padded: false }; // header only
  at++;
  let rows = 0;
  let padded = false;
  while (at < n) {
    let seps = 0;
    let end = at;
    for (; end < n; end++) {
      const b = bytes[end];
      if (b === 0x0a) break;
      if (b === d) {
        seps++;
        // The field before the delimiter ends here, the next one starts after it (an empty
        // field's neighbours are a delimiter or a newline: not an edge byte).
        if (edge(bytes[end - 1]) || (end + 1 < n && edge(bytes[end + 1]))) padded = true;
      }
    }
    if (end === at) return null; // an empty line (the record pass skips it, DuckDB may not)
    if (seps !== width - 1) return null;
    // A line starting with the delimiter, ASCII whitespace or a non-ASCII character may be a blank
    // row: decoded and tested as the text pass does.
    const first = bytes[at];
    if (first === d || first === 0x20 || (first >= 0x09 && first <= 0x0d) || first >= 0x80) {
      if (blankLine(Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at).toString('utf8'), delimiter)) return null;
    }
    if (edge(first) || edge(bytes[end - 1])) padded = true; // the line's first and last fields
    rows++;
    at = end + 1;
  }
  return { rows, padded };
}

/** A line of only delimiters and whitespace: a blank row the record pass skips. */
function blankLine(line: string, delimiter: string): boolean {
  const first = line[0];
  return (first === delimiter || WS.test(first)) && line.split(delimiter).every((f) => f.trim() === '');
}

/** {@link directCsvRows} over the text's characters (a non-ASCII delimiter). */
function directCsvRowsInText(text: string, delimiter: string, width: number): number | null {
  const d = delimiter.charCodeAt(0);
  let at = text.indexOf('\n');
  if (at < 0) return 0;
  at++;
  let rows = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end === at) return null;
    let seps = 0;
    for (let i = at; i < end; i++) if (text.charCodeAt(i) === d) seps++;
    if (seps !== width - 1) return null;
    const first = text[at];
    if ((first === delimiter || WS.test(first)) && blankLine(text.slice(at, end), delimiter)) return null;
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
