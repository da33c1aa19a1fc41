import { Readable } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import type { RecordSource, SourceRecord } from './table.js';

const CHUNK = 1 << 20;

function* chunks(text: string, from: number): Generator<string> {
  for (let i = from; i < text.length; i += CHUNK) yield text.slice(i, i + CHUNK);
}

/** Character offset where 1-based line `line` starts, scanning from `offset` (which starts line `base + 1`). */
function lineStart(text: string, offset: number, base: number, line: number): number {
  let at = offset;
  for (let l = base + 1; l < line && at >= 0; l++) at = text.indexOf('\n', at) + 1 || -1;
  return at < 0 ? text.length : at;
}

function newlines(fields: string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

const BATCH = 2_000;

/**
 * Whether a quoted field is still open at `to`, scanning one line from `from` (open or not at its
 * start). Mirrors csv-parse with `relax_quotes`: a quote opens a field only at its start, `""` is a
 * literal quote inside, any other quote closes it; quotes inside unquoted fields are literal.
 */
function openAfter(text: string, from: number, to: number, delimiter: string, open: boolean): boolean {
  let fieldStart = !open;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (open) {
      if (c !== '"') continue;
      if (i + 1 < to && text[i + 1] === '"') { i++; continue; }
      open = false;
      fieldStart = false;
    } else if (text.startsWith(delimiter, i)) {
      fieldStart = true;
      i += delimiter.length - 1;
    } else {
      if (c === '"' && fieldStart) open = true;
      fieldStart = false;
    }
  }
  return open;
}

/**
 * Parses decoded CSV text (line endings already `\n`) into batches of records with their physical
 * start line. Lines without a quote character are split directly (RFC 4180 parsing reduces to that,
 * ~10× faster than csv-parse on multi-million-row ERP logs); each run of lines holding quotes —
 * extended while a quoted field is open — goes through csv-parse, so quoted fields may hold
 * delimiters and newlines. A quote never closed swallows the rest of its run in csv-parse; here the
 * line that opened it becomes one `ragged_row` record and parsing resumes on the next line.
 */
export async function* parseCsvBatches(text: string, delimiter: string): AsyncGenerator<SourceRecord[]> {
  let batch: SourceRecord[] = [];
  let line = 0; // physical lines before `at`
  let nextQuote = text.indexOf('"');
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (nextQuote < 0 || nextQuote >= end) {
      line++;
      if (end > at) batch.push({ line, fields: text.slice(at, end).split(delimiter) });
      at = end + 1;
    } else {
      // A run of quoted lines: grow while a quoted field is open or the next line has a quote too.
      let run = grow(text, delimiter, end, openAfter(text, at, end, delimiter, false));
      // Runs a few lines apart are parsed together (one csv-parse per run is what made a catalogue
      // with a quoted name every few lines slow): with no field open at the end of a run, the
      // unquoted lines up to the next run parse in csv-parse as here — split on the delimiter,
      // empty lines skipped, the same line numbers.
      while (!run.open && run.end < text.length && run.end - at < MERGE_BYTES) {
        const q = text.indexOf('"', run.end + 1);
        const from = q < 0 ? -1 : lineWithin(text, run.end + 1, q, MERGE_LINES);
        if (from < 0) break;
        const nl = text.indexOf('\n', q);
        const next = nl < 0 ? text.length : nl;
        run = grow(text, delimiter, next, openAfter(text, from, next, delimiter, false));
      }
      end = run.end;
      const region = text.slice(at, end);
      for await (const r of parseQuoted(region, delimiter)) batch.push({ ...r, line: line + r.line });
      line += newlineCount(region) + 1;
      at = end + 1;
      nextQuote = text.indexOf('"', at);
    }
    if (batch.length >= BATCH) { yield batch; batch = []; }
  }
  if (batch.length) yield batch;
}

/** Unquoted lines between two quoted runs that still join them into one csv-parse region, and the region's size past which none is joined. */
const MERGE_LINES = 64;
const MERGE_BYTES = 1 << 20;

/** Extends a run of quoted lines ending at `end` while a quoted field is open or the next line holds a quote. */
function grow(text: string, delimiter: string, end: number, open: boolean): { end: number; open: boolean } {
  while (end < text.length) {
    const nl = text.indexOf('\n', end + 1);
    const next = nl < 0 ? text.length : nl;
    const q = text.indexOf('"', end + 1);
    if (!open && (q < 0 || q >= next)) break;
    open = openAfter(text, end + 1, next, delimiter, open);
    end = next;
  }
  return { end, open };
}

/** Start of the line holding offset `q` when it is at most `lines` lines after the line starting at `from`; -1 otherwise. */
function lineWithin(text: string, from: number, q: number, lines: number): number {
  let start = from;
  for (let k = 0; k <= lines; k++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0 || nl >= q) return start;
    start = nl + 1;
  }
  return -1;
}

function newlineCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Record by record through csv-parse (see {@link parseCsvBatches}). */
export async function* parseQuoted(text: string, delimiter: string): AsyncGenerator<SourceRecord> {
  let offset = 0;
  let base = 0; // physical lines before `offset`
  while (offset < text.length) {
    const skipped: CsvError[] = [];
    const parser = parse({
      delimiter, quote: '"', escape: '"', record_delimiter: '\n', relax_column_count: true, relax_quotes: true,
      skip_empty_lines: true, skip_records_with_error: true, info: true,
      on_skip: (err) => { if (err) skipped.push(err); return undefined; },
    });
    Readable.from(chunks(text, offset)).pipe(parser);
    let lastEnd = base;
    for await (const r of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const end = base + r.info.lines;
      lastEnd = end;
      yield { line: end - newlines(r.record), fields: r.record };
    }
    const open = skipped.find((e) => e.code === 'CSV_QUOTE_NOT_CLOSED');
    for (const e of skipped) {
      if (e === open) continue;
      yield { line: base + Number(e.lines ?? 0), fields: [], problem: { code: 'ragged_row', reason: `unparseable record (${e.message})` } };
    }
    if (!open) return;
    // Find the first non-blank line after the last good record: that is where the quote opened.
    let line = lastEnd + 1;
    let at = lineStart(text, offset, base, line);
    while (at < text.length && text[at] === '\n') { at++; line++; }
    if (at >= text.length) return;
    const next = text.indexOf('\n', at);
    const raw = text.slice(at, next < 0 ? text.length : next);
    yield { line, fields: raw.split(delimiter), problem: { code: 'ragged_row', reason: 'a quote opened on this line is never closed' } };
    if (next < 0) return;
    offset = next + 1;
    base = line;
  }
}

/** A {@link RecordSource} over decoded CSV text: first record = header. */
export async function csvSource(text: string, delimiter: string): Promise<RecordSource> {
  const it = parseCsvBatches(text, delimiter);
  const first = await it.next();
  const head = first.done ? undefined : first.value.shift();
  if (head?.problem) throw new Error(`header line ${head.line}: ${head.problem.reason}`);
  const rest = first.done ? [] : first.value;
  return {
    headers: head ? head.fields.map((h) => h.trim()) : [],
    headerLine: head?.line ?? 0,
    delimiter,
    shortIsRagged: true,
    mayHaveBadBytes: text.includes('\uFFFD'),
    batches: (async function* () { if (rest.length) yield rest; yield* it; })(),
  };
}
