/**
 * The layout of `search_item` from nova-gold/1.3 (docs/contract.md, "Item search"; ADR 0005,
 * "Session 9"): the rows, sorted by (token, item_id), are cut into files of at most
 * {@link SEARCH_ROWS_PER_FILE} rows (`search_item/part-NNNNN.parquet`, in token order), and
 * `search_item/index.jsonl` holds one fixed-size record per file, in file order, with the file's
 * first and last token. A reader finds the files of a token prefix by a binary search over the
 * records (one Range request each, or the whole index when it is small), then reads one small
 * footer and the row groups of the prefix: what a search costs does not grow with the catalogue.
 */
import { parseIndexRecord, type FileIndexRecord } from './placement.js';
export { SEARCH_SPLIT } from './placement.js';

/** Most rows of one `search_item` file (4 row groups of 2,048: a footer of ~2 KB). */
export const SEARCH_ROWS_PER_FILE = 8_192;

/** Bytes of one `search_item` index record (JSON padded with spaces, then `\n`). */
export const SEARCH_RECORD_BYTES = 512;

/** Longest `first`/`last` kept in a record, in code points (longer tokens are cut: a prefix still bounds the file). */
export const SEARCH_BOUND_CHARS = 64;

/** One record of the `search_item` file index: a file, its first and last token (possibly cut to a prefix). */
export interface SearchIndexRecord extends FileIndexRecord {
  /** The file's first token, or a prefix of it when `cut`. */
  first: string;
  /** The file's last token, or a prefix of it when `cut`. */
  last: string;
  /** True when `first` or `last` is a prefix of the token (a token too long for the record). */
  cut?: boolean;
}

/** Compares two tokens in code-point order (= UTF-8 byte order, the order the files are sorted in). */
export function compareTokens(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The first `n` code points of `s`. */
function cut(s: string, n: number): string {
  return [...s].slice(0, n).join('');
}

/** JSON with every character outside printable ASCII written `\uXXXX`: a record is ASCII, so its bytes are its characters. */
function asciiJson(v: unknown): string {
  return JSON.stringify(v).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The text of one record: `{bucket, path, rows, bytes, sha256, row_groups, first, last}` as ASCII
 * JSON (other characters `\uXXXX`-escaped), padded to {@link SEARCH_RECORD_BYTES} bytes, ending in a
 * newline. `first` and `last` are cut to {@link SEARCH_BOUND_CHARS} code points, and further until
 * the record fits.
 */
export function searchRecordText(r: SearchIndexRecord): string {
  for (let n = SEARCH_BOUND_CHARS; n >= 0; n--) {
    const first = cut(r.first, n);
    const last = cut(r.last, n);
    const wasCut = first !== r.first || last !== r.last;
    const json = asciiJson({ bucket: r.bucket, path: r.path, rows: r.rows, bytes: r.bytes, sha256: r.sha256, row_groups: r.row_groups, first, last, ...(wasCut ? { cut: true } : {}) });
    if (json.length <= SEARCH_RECORD_BYTES - 1) return `${json}${' '.repeat(SEARCH_RECORD_BYTES - 1 - json.length)}\n`;
  }
  throw new RangeError(`search index record of ${r.path} does not fit in ${SEARCH_RECORD_BYTES} bytes`);
}

/** Parses record `file` of the `search_item` index under `folder`; the problem as a string when it is not one. */
export function parseSearchRecord(text: string, file: number, folder: string): SearchIndexRecord | string {
  const r = parseIndexRecord(text, file, folder);
  if (typeof r === 'string') return r;
  const { first, last, cut: wasCut } = r as Partial<SearchIndexRecord>;
  if (typeof first !== 'string' || typeof last !== 'string') return `record ${file} has no first and last token`;
  if (wasCut !== undefined && typeof wasCut !== 'boolean') return `record ${file} has a cut that is not true or false`;
  return r as SearchIndexRecord;
}

/**
 * Whether a file of the index may hold a token that starts with `key`, from its record's bounds:
 * not when its first token comes after every token starting with `key`, nor when its last token
 * comes before `key`.
 */
export function mayHoldPrefix(r: Pick<SearchIndexRecord, 'first' | 'last' | 'cut'>, key: string): boolean {
  return startsAtOrBefore(r, key) && !endsBefore(r, key);
}

/** The file's first token is not after every token starting with `key` (a cut `first` is a lower bound, which the same test serves). */
export function startsAtOrBefore(r: Pick<SearchIndexRecord, 'first'>, key: string): boolean {
  return compareTokens(r.first, key) <= 0 || r.first.startsWith(key);
}

/**
 * The file's last token is before `key` (so are all its tokens). When `last` was cut, the real
 * last token starts with it, so it may still be ≥ a key that `last` is a prefix of.
 */
export function endsBefore(r: Pick<SearchIndexRecord, 'last' | 'cut'>, key: string): boolean {
  return compareTokens(r.last, key) < 0 && !(r.cut === true && key.startsWith(r.last));
}

/**
 * The smallest string after every string that starts with `key` (its last code point + 1): an
 * inclusive upper bound for the rows of a prefix, which row-group statistics use to skip the groups
 * after it (the Parquet reader prunes on ASCII bounds only). Undefined when there is none (empty
 * key, or one ending in U+10FFFF).
 */
export function prefixUpperBound(key: string): string | undefined {
  const points = [...key];
  const last = points.pop()?.codePointAt(0);
  if (last === undefined || last >= 0x10ffff) return undefined;
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  return points.join('') + String.fromCodePoint(next);
}
