import type { Snapshot } from '../client/snapshot.js';
import { Lru } from '../lru.js';

/**
 * Per-item values kept per snapshot: the most recent {@link ITEMS_KEPT} (a page that visits
 * thousands of items does not keep them all; the snapshot's own memo is unbounded, meant for
 * whole tables). Goes with the snapshot after `refresh()`.
 */
export const ITEMS_KEPT = 2_048;

const memos = new WeakMap<Snapshot, Lru<Promise<unknown>>>();

/** Memoizes `fn` under `key` for `snap`, bounded by {@link ITEMS_KEPT} entries; failures are not kept. */
export function itemMemo<T>(snap: Snapshot, key: string, fn: () => Promise<T>): Promise<T> {
  let lru = memos.get(snap);
  if (!lru) memos.set(snap, (lru = new Lru({ maxEntries: ITEMS_KEPT, maxBytes: Infinity })));
  const kept = lru;
  let p = kept.get(key) as Promise<T> | undefined;
  if (!p) {
    const made = fn();
    p = made;
    kept.set(key, made, 0);
    made.catch(() => {
      if (kept.peek(key) === made) kept.delete(key);
    });
  }
  return p;
}
