import type { Snapshot } from '../client/snapshot.js';
import type { Item, ItemsQuery, ItemsResult } from '../types.js';
import { checkCount, checkOptString } from './validate.js';

/** Lower case without accents, for search. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** All of `dim_item`, read once per snapshot. */
export async function allItems(snap: Snapshot, signal?: AbortSignal): Promise<Item[]> {
  return (await snap.table('dim_item', signal)) as unknown as Item[];
}

/** `items()`: search over id, SKU and name (case- and accent-insensitive), category, paging. */
export async function items(snap: Snapshot, q: ItemsQuery, signal?: AbortSignal): Promise<ItemsResult> {
  const search = checkOptString(q.search, 'search');
  const category = checkOptString(q.category, 'category');
  const limit = checkCount(q.limit, 'limit');
  const offset = checkCount(q.offset, 'offset') ?? 0;
  const all = await allItems(snap, signal);
  const needle = search ? fold(search.trim()) : '';
  const matches = all.filter(
    (it) => (!category || it.category === category) && (!needle || [it.item_id, it.sku, it.name].some((f) => fold(String(f)).includes(needle))),
  );
  const page = matches.slice(offset, limit === undefined ? undefined : offset + limit);
  return { items: page.map((it) => ({ ...it })), total: matches.length };
}
