import type { Snapshot } from '../client/snapshot.js';
import type { Item, ItemsQuery, ItemsResult } from '../types.js';
import { NovaError } from '../errors.js';
import { searchFold } from '../text.js';
import { ITEM_LABEL, searchKeys, searchMatches, TABLES } from '../contract/index.js';
import { prefixUpperBound } from '../contract/search-index.js';
import type { Row } from '../io/parquet-reader.js';
import { searchCorrupt, searchFiles } from './search-files.js';
import { checkColumns, checkCount, checkItemId, checkOptString } from './validate.js';
import { hasItemLabel, itemLabel } from './positions.js';

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
  // Up to a page of ids: one pruned read each (ids far apart never pull the row groups between
  // them; the reader decodes a shared row group once).
  const bounds = ids.length <= 64 ? ids.map((id) => [id, id]) : [[ids[0], ids[ids.length - 1]]];
  const files = snap.files('dim_item');
  const parts = await Promise.all(bounds.map(([min, max]) => snap.readFiles(files, { columns, filters: [{ column: 'item_id', min, max }], signal })));
  const seen = new Set<string>();
  return (parts.flat() as unknown as Item[])
    .filter((it) => wanted.has(it.item_id) && !seen.has(it.item_id) && seen.add(it.item_id))
    .sort((a, b) => (a.item_id < b.item_id ? -1 : a.item_id > b.item_id ? 1 : 0));
}

/** Most ids whose labels come from their `agg_item` rows (one small read each) rather than one `dim_item` read. */
const LABEL_IDS = 8;

/** True when `items({ ids, fields })` (no search, no category) asks only for labels (`ITEM_LABEL` ⊇ fields) of a few ids of nova-gold/1.4+ gold. */
function labelOnly(snap: Snapshot, ids: string[], fields: string[] | undefined): boolean {
  return fields !== undefined && ids.length <= LABEL_IDS && fields.every((f) => (ITEM_LABEL as readonly string[]).includes(f)) && hasItemLabel(snap);
}

/**
 * The labels of these ids (sorted) on nova-gold/1.4+ gold: each from the item's `agg_item` rows —
 * the read a chart's `timeseries()` makes for the item's sites anyway ({@link itemLabel}) — and,
 * for an id `agg_item` has no row of (an item without forecasts, or an unknown id), from `dim_item`
 * as before. The answer is dim_item's: the contract makes the copies equal.
 */
async function labelsById(snap: Snapshot, ids: string[], columns: string[], signal?: AbortSignal): Promise<Item[]> {
  const labels = await Promise.all(ids.map((id) => itemLabel(snap, id, signal)));
  const rest = ids.filter((_, i) => labels[i] === null);
  const fromDim = rest.length ? await itemsById(snap, rest, columns, signal) : [];
  return [...(labels.filter((l) => l !== null) as unknown as Item[]), ...fromDim]
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
  // nova-gold/1.2+: a search reads its prefix of search_item, a plain page the first row groups of dim_item.
  if (!ids && snap.manifest.tables.search_item && search !== undefined && searchKeys(search).length > 0) {
    return searchByPrefix(snap, search, category, fields, offset, limit, signal);
  }
  if (!ids && !category && limit !== undefined && (search === undefined || search.trim() === '') && snap.manifest.tables.search_item) {
    return firstPage(snap, fields, offset, limit, signal);
  }
  const all = ids
    ? await (!search && !category && labelOnly(snap, ids, fields) ? labelsById(snap, ids, columns!, signal) : itemsById(snap, ids, columns, signal))
    : await allItems(snap, signal, columns);
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

const projector = (fields: string[] | undefined) =>
  fields
    ? (it: Item): Partial<Item> => Object.fromEntries(['item_id', ...fields].map((f) => [f, it[f as keyof Item]]))
    : (it: Item): Partial<Item> => ({ ...it });

/** The dim_item columns besides item_id: nova-gold/1.3's `search_item` carries them all. */
const ITEM_FIELDS = TABLES.dim_item.columns.map((c) => c.name).filter((c) => c !== 'item_id');

/**
 * `items({ search })` on nova-gold/1.2 and 1.3 gold: the rows of `search_item` whose token starts
 * with one of the search's keys (contract `searchKeys`; on 1.3 in the few small files whose token
 * range may hold it, found in the file index; then row-group statistics on the sorted tokens pick
 * the groups), kept when the item's id, SKU or name contains the whole search (`searchMatches`). On 1.3 the page's fields come from the same files (the row groups of the page's ids); on
 * 1.2 from `dim_item` by id (its `search_item` has five columns). Cost grows with the matches, not
 * the catalogue.
 */
async function searchByPrefix(
  snap: Snapshot, search: string, category: string | undefined, fields: string[] | undefined, offset: number, limit: number | undefined, signal?: AbortSignal,
): Promise<ItemsResult<Partial<Item>>> {
  const keys = searchKeys(search);
  const needle = fold(search).trim();
  const split = snap.spec('search_item').index !== undefined;
  // nova-gold/1.3: the few small files whose token range may hold the prefix; 1.2: the one file.
  const files = await Promise.all(keys.map((key) => (split ? searchFiles(snap, key, signal) : snap.files('search_item'))));
  const read = (i: number, columns: string[], ids?: string[]) =>
    snap.readFiles(files[i], { columns, signal, filters: [{ column: 'token', min: keys[i], max: prefixUpperBound(keys[i]) }, ...(ids ? [{ column: 'item_id', min: ids[0], max: ids[ids.length - 1] }] : [])] });
  // A token that starts with the whole search contains it: that match needs no SKU and name.
  const rows = await Promise.all(keys.map((key, i) => read(i, ['token', 'item_id', ...(key === needle ? [] : ['sku', 'name']), ...(category ? ['category'] : [])])));
  const byId = new Map<string, number>();
  keys.forEach((key, i) => {
    for (const r of rows[i]) {
      const id = r.item_id as string;
      if (!byId.has(id) && (r.token as string).startsWith(key) && (!category || r.category === category) && (key === needle || searchMatches(search, id, r.sku as string, r.name as string))) byId.set(id, i);
    }
  });
  const ids = [...byId.keys()].sort();
  const pageIds = ids.slice(offset, limit === undefined ? undefined : offset + limit);
  const project = projector(fields);
  if (!split) return { items: (await itemsById(snap, pageIds, fields && [...new Set(['item_id', ...fields])], signal)).map(project), total: ids.length };
  // 1.3 rows carry the item's dim_item row (any row of an id will do): per key, the row groups of
  // its prefix that can hold its page ids — sorted by (token, item_id), usually one.
  const found = new Map<string, Row>();
  await Promise.all(keys.map(async (_, i) => {
    const mine = pageIds.filter((id) => byId.get(id) === i);
    if (mine.length) for (const r of await read(i, ['item_id', ...(fields ?? ITEM_FIELDS)], mine)) found.set(r.item_id as string, r);
  }));
  const missing = pageIds.find((id) => !found.has(id));
  if (missing !== undefined) throw searchCorrupt(snap, files[byId.get(missing)!][0].path, `no row of item ${JSON.stringify(missing)} on a second read`);
  return { items: pageIds.map((id) => project(found.get(id) as unknown as Item)), total: ids.length };
}

/**
 * A page of all items (no search, no category) on nova-gold/1.2 gold: `dim_item` is sorted by id,
 * so the page is the rows [offset, offset + limit) — read from the row groups that hold them (their
 * `item_id` statistics bound the read); the total is the table's row count from the manifest.
 */
async function firstPage(snap: Snapshot, fields: string[] | undefined, offset: number, limit: number, signal?: AbortSignal): Promise<ItemsResult<Partial<Item>>> {
  const total = snap.manifest.tables.dim_item.rows;
  if (limit === 0 || offset >= total) return { items: [], total };
  const [file] = snap.files('dim_item');
  const md = await snap.reader.metadata(file, signal);
  // The id range of the row groups that overlap [offset, offset + limit).
  let start = 0;
  let min: string | undefined;
  let max: string | undefined;
  let before = 0;
  for (const rg of md.row_groups) {
    const n = Number(rg.num_rows);
    if (start + n > offset && start < offset + limit) {
      const st = rg.columns.find((c) => c.meta_data?.path_in_schema[0] === 'item_id')?.meta_data?.statistics;
      const lo = st?.min_value ?? st?.min;
      const hi = st?.max_value ?? st?.max;
      if (typeof lo !== 'string' || typeof hi !== 'string') return { items: (await allItems(snap, signal, fields && ['item_id', ...fields])).slice(offset, offset + limit).map(projector(fields)), total };
      if (min === undefined) {
        min = lo;
        before = start;
      }
      max = hi;
    }
    start += n;
  }
  const rows = (await snap.readFiles([file], { columns: fields && [...new Set(['item_id', ...fields])], filters: [{ column: 'item_id', min, max }], signal })) as unknown as Item[];
  return { items: rows.slice(offset - before, offset - before + limit).map(projector(fields)), total };
}
