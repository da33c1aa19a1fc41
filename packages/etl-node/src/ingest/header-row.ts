import type { RecordSource, SourceRecord } from './table.js';

/** How far down a report the header is looked for. */
export const HEADER_SEARCH_ROWS = 20;

/** A row above the header (report title, parameters), skipped and recorded in quality.json. */
export interface SkippedRow {
  line: number;
  text: string;
}

/**
 * Finds the header row of an ERP report exported with a title or parameter lines above it: the
 * first of the first {@link HEADER_SEARCH_ROWS} non-empty rows whose cells map to the kind's
 * required columns (`accepts`), or the row `fixedLine` (`header_row` in nova.config.json). When no
 * row qualifies the first row stays the header (and its missing columns are reported as before).
 * Returns the source re-headed and the rows skipped above the header.
 */
export async function findHeaderRow(
  source: RecordSource,
  accepts: (headers: string[]) => boolean | Promise<boolean>,
  fixedLine?: number,
): Promise<{ source: RecordSource; skipped: SkippedRow[]; error?: string }> {
  if (!source.headerLine) return { source, skipped: [] };
  const it = source.batches[Symbol.asyncIterator]();
  const buffered: SourceRecord[] = [];
  const want = (recs: SourceRecord[]) => (fixedLine === undefined ? recs.length >= HEADER_SEARCH_ROWS - 1 : recs.some((r) => r.line >= fixedLine));
  let done = false;
  while (!want(buffered)) {
    const n = await it.next();
    if (n.done) { done = true; break; }
    buffered.push(...n.value);
  }
  const candidates: SourceRecord[] = [{ line: source.headerLine, fields: source.headers }, ...buffered];
  let at = -1;
  let error: string | undefined;
  if (fixedLine !== undefined) {
    at = candidates.findIndex((r) => r.line === fixedLine);
    if (at < 0) error = `header_row ${fixedLine} is not a non-empty row of the file`;
  } else {
    for (let i = 0; i < Math.min(candidates.length, HEADER_SEARCH_ROWS); i++) {
      const r = candidates[i];
      if (!r.problem && (await accepts(r.fields.map((f) => f.trim())))) { at = i; break; }
    }
  }
  const rest = async function* (from: SourceRecord[]) {
    if (from.length) yield from;
    if (!done) for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  };
  if (at <= 0) return { source: { ...source, batches: rest(buffered) }, skipped: [], error };
  const header = candidates[at];
  return {
    source: { ...source, headers: header.fields.map((f) => f.trim()), headerLine: header.line, batches: rest(buffered.slice(at)) },
    skipped: candidates.slice(0, at).map((r) => ({ line: r.line, text: r.fields.join(source.delimiter).trim().slice(0, 200) })),
  };
}
