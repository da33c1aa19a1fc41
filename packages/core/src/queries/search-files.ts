import type { Snapshot } from '../client/snapshot.js';
import { raceAbort } from '../errors.js';
import { corruptFile } from '../io/integrity.js';
import { tailHint, type FileRef } from '../io/parquet-reader.js';
import { endsBefore, parseSearchRecord, startsAtOrBefore, TABLES, type SearchIndexRecord } from '../contract/index.js';

/** A `search_item` index up to this size is fetched whole in one request (32 records of 512 B); a larger one is binary-searched record by record. */
export const WHOLE_SEARCH_INDEX_BYTES = 16_384;

/** Records fetched at once when walking forward from the first file of a prefix: 2 first (most prefixes end there), then 16. */
const WALK = [2, 16] as const;

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
 * whose last token is not before `key` (a binary search over the index records, ~log₂(files)
 * Range requests of 512 bytes, or one request for a small index), then the files after it while
 * their first token is not past the prefix. The files are contiguous in token order, so none is missed.
 */
export async function searchFiles(snap: Snapshot, key: string, signal?: AbortSignal): Promise<FileRef[]> {
  const count = snap.spec('search_item').placement!.buckets;
  const one = async (i: number) => (await raceAbort(records(snap, i, i + 1), signal))[0];
  // Lower bound: the first file whose last token may be ≥ key.
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (endsBefore(await one(mid), key)) lo = mid + 1;
    else hi = mid;
  }
  const out: SearchIndexRecord[] = [];
  for (let i = lo, step: number = WALK[0]; i < count; i += step, step = WALK[1]) {
    const batch = await raceAbort(records(snap, i, i + step), signal);
    const stop = batch.findIndex((r) => !startsAtOrBefore(r, key));
    out.push(...(stop < 0 ? batch : batch.slice(0, stop)));
    if (stop >= 0) break;
  }
  const columns = TABLES.search_item.columns.length;
  return out
    .filter((r) => r.rows > 0)
    .map((r) => ({ path: r.path, bytes: r.bytes, rows: r.rows, sha256: r.sha256, tail: tailHint(r.row_groups, columns) }));
}
