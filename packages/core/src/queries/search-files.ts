import type { Snapshot } from '../client/snapshot.js';
// No import from io/: the page's up-front code uses those modules, and a lazily loaded query that
// imports them too makes the bundler split them into one more up-front chunk (bundle-size test).
import { NovaError, raceAbort } from '../errors.js';
import type { FileRef } from '../io/parquet-reader.js';
import { TABLES } from '../contract/index.js';
import { endsBefore, parseSearchRecord, startsAtOrBefore, type SearchIndexRecord } from '../contract/search-index.js';

/**
 * Records fetched in one request (8 KB): the binary search probes one record at a time until the
 * first file lies within this many records (an index of ≤ 14 files: no probe), then fetches them
 * with the files after it that most prefixes need; further files are read this many at a time.
 */
export const BLOCK = 16;

/**
 * Records [from, to) of the `search_item` file index (nova-gold/1.3), fetched with one Range
 * request and kept for the snapshot (a picker's searches share the first probes), each checked.
 */
function records(snap: Snapshot, from: number, to: number): Promise<SearchIndexRecord[]> {
  const t = snap.spec('search_item');
  const ix = t.index!;
  const end = Math.min(to, t.placement!.buckets);
  return snap.memo(`search-index:${from}-${end}`, async () => {
    // The Range answer carries the index's size, checked against the manifest's.
    const text = new TextDecoder().decode(await snap.reader.source.range(ix.path, from * ix.record_bytes, end * ix.record_bytes, undefined, ix.bytes));
    const out: SearchIndexRecord[] = [];
    for (let i = from; i < end; i++) {
      const r = parseSearchRecord(text.slice((i - from) * ix.record_bytes, (i - from + 1) * ix.record_bytes), i, `snapshots/${snap.id}/search_item`);
      if (typeof r === 'string') throw searchCorrupt(snap, ix.path, r);
      out.push(r);
    }
    return out;
  });
}

/**
 * The `search_item` files (nova-gold/1.3) that may hold a token starting with `key`: the first file
 * whose last token is not before `key` (a binary search over the index records, ~log₂(files / 16)
 * Range requests of 512 bytes, then one of 16 records; one request in all for ≤ 14 files),
 * then the files after it while their first token is not past the prefix. The files are contiguous
 * in token order, so none is missed.
 */
export async function searchFiles(snap: Snapshot, key: string, signal?: AbortSignal): Promise<FileRef[]> {
  const count = snap.spec('search_item').placement!.buckets;
  const at = (from: number, to: number) => raceAbort(records(snap, from, to), signal);
  // Lower bound: the first file whose last token may be ≥ key lies in [lo, hi].
  let lo = 0;
  let hi = count;
  while (hi - lo > BLOCK - 2) {
    const mid = (lo + hi) >>> 1;
    if (endsBefore((await at(mid, mid + 1))[0], key)) lo = mid + 1;
    else hi = mid;
  }
  const out: SearchIndexRecord[] = [];
  let started = false;
  walk: for (let i = lo; i < count; i += BLOCK) {
    for (const r of await at(i, i + BLOCK)) {
      if (!started && endsBefore(r, key)) continue;
      started = true;
      if (!startsAtOrBefore(r, key)) break walk;
      out.push(r);
    }
  }
  // A run with no rows has nothing to read.
  // tail: the footer estimate of the reader's tailHint (~110 bytes per column chunk, plus slack).
  const columns = TABLES.search_item.columns.length;
  return out.filter((r) => r.rows > 0).map((r) => ({ path: r.path, bytes: r.bytes, rows: r.rows, sha256: r.sha256, tail: Math.min(65_536, Math.max(8_192, r.row_groups * columns * 110 + 4_096)) }));
}


/** `corrupt_snapshot` naming a file of the search index and what is wrong with it. */
export function searchCorrupt(snap: Snapshot, path: string, what: string): NovaError {
  return new NovaError('corrupt_snapshot', `${snap.reader.source.describe(path)} does not match its manifest entry (${what}): the published search index was changed or damaged; run \`nova-etl validate\` on the gold root and republish the snapshot`);
}
