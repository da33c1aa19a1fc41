import type { Snapshot } from '../client/snapshot.js';
import type { Item, ItemsQuery, ItemsResult } from '../types.js';
import { NovaError } from '../errors.js';
import { searchFold } from '../text.js';
import { checkColumns, checkCount, checkItemId, checkOptString } from './validate.js';

/** Most ids one `items({ ids })` call takes. */
const MAX_IDS = 1_000;

/** The search form of a text (see {@link searchFold}), on both sides of the comparison. */
export const fold = searchFold;

/** `dim_item` (the given columns, or all), read once per snapshot. */
export async function allItems(snap: Snapshot, signal?: AbortSignal, columns?: string[]): Promise<Item[]> {
  return (await snap.table('dim_item', signal, columns)) as unknown as Item[];
}

/** Throws `invalid_argument` unless `v` is undefined or an array of item ids; returns them sorted, unique. */
function checkIds(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > MAX_IDS) {
    throw new NovaError('invalid_argument', `ids must be an array of at most ${MAX_IDS} item ids, got ${Array.isArray(v) ? `${v.length} ids` : JSON.stringify(v)}`);
  }
  return [...new Set(v.map((id) => checkItemId(id, 'ids[]')))].sort();
}

/** The `dim_item` rows of exactly these ids (sorted), read from the row groups whose statistics can hold them. */
async function itemsById(snap: Snapshot, ids: string[], columns: string[] | undefined, signal?: AbortSignal): Promise<Item[]> {
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  // A few ids: one pruned read each (ids far apart never pull the row groups between them).
  const bounds = ids.length <= 8 ? ids.map((id) => [id, id]) : [[ids[0], ids[ids.length - 1]]];
  const files = snap.files('dim_item');
  const parts = await Promise.all(bounds.map(([min, max]) => snap.readFiles(files, { columns, filters: [{ column: 'item_id', min, max }], signal })));
  const seen = new Set<string>();
  return (parts.flat() as unknown as Item[])
    .filter((it) => wanted.has(it.item_id) && !seen.has(it.item_id) && seen.add(it.item_id))
    .sort((a, b) => (a.item_id < b.item_id ? -1 : a.item_id > b.item_id ? 1 : 0));
}

/** Folded id + SKU + name of each item, for search; computed once per snapshot and column set. */
function searchIndex(snap: Snapshot, rows: Item[], key: string): Promise<string[]> {
  return snap.memo(`items-folded:${key}`, async () => rows.map((it) => fold(`${it.item_id}\u0000${it.sku}\u0000${it.name}`)));
}

/** `items()`: exact ids, search over id, SKU and name (case- and accent-insensitive), category, fields, paging. */
export async function items(snap: Snapshot, q: ItemsQuery, signal?: AbortSignal): Promise<ItemsResult<Partial<Item>>> {
  const search = checkOptString(q.search, 'search');
  const category = checkOptString(q.category, 'category');
  const limit = checkCount(q.limit, 'limit');
  const offset = checkCount(q.offset, 'offset') ?? 0;
  const ids = checkIds(q.ids);
  const fields = checkColumns(snap.manifest, 'dim_item', q.fields);
  // Read only what the answer and its filters need.
  const columns = fields && [...new Set(['item_id', ...fields, ...(search ? ['sku', 'name'] : []), ...(category ? ['category'] : [])])];
  const all = ids ? await itemsById(snap, ids, columns, signal) : await allItems(snap, signal, columns);
  const needle = search ? fold(search.trim()) : '';
  const folded = needle && !ids ? await searchIndex(snap, all, columns?.join(',') ?? '*') : undefined;
  const matches = all.filter(
    (it, i) =>
      (!category || it.category === category) &&
      (!needle || (folded ? folded[i] : fold(`${it.item_id}\u0000${it.sku}\u0000${it.name}`)).includes(needle)),
  );
  const page = matches.slice(offset, limit === undefined ? undefined : offset + limit);
  const project = fields
    ? (it: Item): Partial<Item> => Object.fromEntries(['item_id', ...fields].map((f) => [f, it[f as keyof Item]]))
    : (it: Item): Partial<Item> => ({ ...it });
  return { items: page.map(project), total: matches.length };
}

/** One item's `lead_time_days` (null when the item is unknown), from the row group that holds it. */
export async function itemLeadTime(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<number | null> {
  const [it] = await itemsById(snap, [itemId], ['item_id', 'lead_time_days'], signal);
  return it ? it.lead_time_days : null;
}
