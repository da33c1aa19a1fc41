/** Delimiters the sniffer considers, in tie-break order. */
const CANDIDATES = [';', ',', '\t', '|'] as const;

/** Counts `ch` in `line` outside double-quoted sections. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * Guesses the field delimiter from the first lines of a decoded CSV: the candidate that appears
 * most in the header line (outside quotes), ties broken by how consistently it appears in the
 * next lines, then by the order `;` `,` tab `|`. Defaults to `,` for single-column files.
 */
export function sniffDelimiter(text: string): string {
  const lines = text.slice(0, 64 * 1024).split('\n').filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length === 0) return ',';
  let best = ',';
  let bestScore = [0, 0];
  for (const d of CANDIDATES) {
    const head = countOutsideQuotes(lines[0], d);
    if (head === 0) continue;
    const consistent = lines.slice(1).filter((l) => countOutsideQuotes(l, d) === head).length;
    if (head > bestScore[0] || (head === bestScore[0] && consistent > bestScore[1])) {
      best = d;
      bestScore = [head, consistent];
    }
  }
  return best;
}

/** Excel's `sep=;` first line, which names the delimiter (the read blanks it, keeping line numbers). */
export const SEP_LINE = /^sep=(.)\n/i;

/** The delimiter of a decoded CSV named `file`: its `sep=` line's, a tab for `.tsv`, else {@link sniffDelimiter}'s. */
export function csvDelimiter(text: string, file: string): string {
  const hint = SEP_LINE.exec(text);
  return hint ? hint[1] : /\.tsv$/i.test(file) ? '\t' : sniffDelimiter(text);
}

const COMMA_GROUPED = /^[-+]?\d{1,3}(\.\d{3})+,\d*$/; // 1.234,56
const DOT_GROUPED = /^[-+]?\d{1,3}(,\d{3})+\.\d*$/; // 1,234.56
const COMMA_DEC = /^[-+]?(\d+),(\d+)$/;
const DOT_DEC = /^[-+]?(\d+)\.(\d+)$/;
const SLASH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:$|[ T])/;

/** 1 = decimal comma, -1 = decimal point, 0 = no evidence (integers, "1.234", "1,234"). */
export function decimalEvidence(value: string): 1 | -1 | 0 {
  if (COMMA_GROUPED.test(value)) return 1;
  if (DOT_GROUPED.test(value)) return -1;
  const c = COMMA_DEC.exec(value);
  if (c) return c[2].length === 3 && c[1].length <= 3 && c[1] !== '0' ? 0 : 1;
  const d = DOT_DEC.exec(value);
  if (d) return d[2].length === 3 && d[1].length <= 3 && d[1] !== '0' ? 0 : -1;
  return 0;
}

/** 1 = day first (a first part > 12), -1 = month first (a second part > 12), 0 = ambiguous or not a slash date. */
export function dateOrderEvidence(value: string): 1 | -1 | 0 {
  const m = SLASH_DATE.exec(value);
  if (!m) return 0;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > 12 && b <= 12) return 1;
  if (b > 12 && a <= 12) return -1;
  return 0;
}

/**
 * Accumulates evidence over a file's values for the decimal separator and the date order, and
 * stops looking once it has enough (so a large file costs a few regex tests per row at most).
 */
export class DialectSniffer {
  private comma = 0;
  private dot = 0;
  private dmy = 0;
  private mdy = 0;

  /** Observes a value of a numeric column. */
  number(value: string): void {
    if (this.comma + this.dot >= 500 || !(value.includes(',') || value.includes('.'))) return;
    const e = decimalEvidence(value);
    if (e === 1) this.comma++;
    else if (e === -1) this.dot++;
  }

  /** Observes a value of a date column. */
  date(value: string): void {
    if (this.dmy + this.mdy >= 500 || value.length < 6 || value.charCodeAt(4) === 45 /* ISO "yyyy-" */) return;
    const e = dateOrderEvidence(value);
    if (e === 1) this.dmy++;
    else if (e === -1) this.mdy++;
  }

  /** Decimal separator: the majority of unambiguous values, else `,` for `;`-delimited files, else `.`. */
  decimal(delimiter?: string): ',' | '.' {
    if (this.comma !== this.dot) return this.comma > this.dot ? ',' : '.';
    return delimiter === ';' ? ',' : '.';
  }

  /** Date order: `mdy` only when some value has a month-first shape and none a day-first one. */
  dateOrder(): 'dmy' | 'mdy' {
    return this.mdy > 0 && this.dmy === 0 ? 'mdy' : 'dmy';
  }

  /** Warnings about contradictory evidence, or none. */
  warnings(): string[] {
    const w: string[] = [];
    if (this.comma > 0 && this.dot > 0) w.push(`numbers use both decimal separators (${this.comma} with ",", ${this.dot} with "."); assuming "${this.decimal()}"`);
    if (this.dmy > 0 && this.mdy > 0) w.push(`dates are both day-first (${this.dmy}) and month-first (${this.mdy}); assuming dd/mm/yyyy`);
    return w;
  }
}
