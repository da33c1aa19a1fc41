import type { Snapshot } from '../client/snapshot.js';
import { raceAbort } from '../errors.js';
import { corruptFile } from '../io/integrity.js';
import { tailHint, type FileRef } from '../io/parquet-reader.js';
import { endsBefore, parseSearchRecord, startsAtOrBefore, TABLES, type SearchIndexRecord } from '../contract/index.js';

/** A `search_item` index up to this size is fetched whole in one request (32 records of 512 B); a larger one is binary-searched record by record. */
export const WHOLE_SEARCH_INDEX_BYTES = 16_384;

/**
 * Records fetched in one request: the binary search stops probing one record at a time once the
 * first file lies within this many records, and fetches them (8 KB) — with the files after it that
 * most prefixes need — in one request; further files are walked this many at a time.
 */
const BLOCK = 16;

/**
 * Records [from, to) of the `search_item` file index (nova-gold/1.3), fetched with one Range
 * request and kept for the snapshot (a picker's searches share the first probes), each checked.
 */
function records(snap: Snapshot, from: number, to: number): Promise<SearchIndexRecord[]> {
  const t = snap.spec('search_item');
  const ix = t.index!;
  const count = t.placement!.buckets;
  const whole = ix.bytes <= WHOLE_SEARCH_INDEX_BYTES;
  const [a, b] = whole ? [0, count] : [from, Math.min(to, count)];
  const all = snap.memo(`search-index:${a}-${b}`, async () => {
    const where = snap.reader.source.describe(ix.path);
    // The first request checks the index's size against the manifest's (every Range answer carries it).
    const bytes = await snap.reader.source.range(ix.path, a * ix.record_bytes, b * ix.record_bytes, undefined, ix.bytes);
    const text = new TextDecoder().decode(bytes);
    const out: SearchIndexRecord[] = [];
    for (let i = a; i < b; i++) {
      const r = parseSearchRecord(text.slice((i - a) * ix.record_bytes, (i - a + 1) * ix.record_bytes), i, `snapshots/${snap.id}/search_item`);
      if (typeof r === 'string') throw corruptFile(where, r);
      out.push(r);
    }
    return out;
  });
  return all.then((rs) => rs.slice(from - a, Math.min(to, count) - a));
}

/**
 * The `search_item` files (nova-gold/1.3) that may hold a token starting with `key`: the first file
 * whose last token is not before `key` (a binary search over the index records, ~log₂(files / 16)
 * Range requests of 512 bytes, then one of 16 records; one request in all for an index ≤ 16 KB),
 * then the files after it while their first token is not past the prefix. The files are contiguous
 * in token order, so none is missed.
 */
export async function searchFiles(snap: Snapshot, key: string, signal?: AbortSignal): Promise<FileRef[]> {
  const count = snap.spec('search_item').placement!.buckets;
  // Lower bound: the first file whose last token may be ≥ key lies in [lo, hi].
  let lo = 0;
  let hi = count;
  while (hi - lo > BLOCK - 2) {
    const mid = (lo + hi) >>> 1;
    const [r] = await raceAbort(records(snap, mid, mid + 1), signal);
    if (endsBefore(r, key)) lo = mid + 1;
    else hi = mid;
  }
  const out: SearchIndexRecord[] = [];
  let started = false;
  for (let i = lo; i < count; i += BLOCK) {
    for (const r of await raceAbort(records(snap, i, i + BLOCK), signal)) {
      if (!started && endsBefore(r, key)) continue;
      started = true;
      if (!startsAtOrBefore(r, key)) return refs(out);
      out.push(r);
    }
  }
  return refs(out);
}

/** The readable files of some records (a run with no rows has nothing to read). */
function refs(records: SearchIndexRecord[]): FileRef[] {
  const columns = TABLES.search_item.columns.length;
  return records
    .filter((r) => r.rows > 0)
    .map((r) => ({ path: r.path, bytes: r.bytes, rows: r.rows, sha256: r.sha256, tail: tailHint(r.row_groups, columns) }));
}
