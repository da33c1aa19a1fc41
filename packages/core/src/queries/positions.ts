import type { Snapshot } from '../client/snapshot.js';
import { columnsOf } from '../contract/rows.js';
import { ITEM_LABEL } from '../contract/tables.js';
import { raceAbort } from '../errors.js';
import { itemMemo } from './item-memo.js';
import type { Row } from '../io/parquet-reader.js';
import type { Item, ItemPosition } from '../types.js';

const bySite = (a: { site_id: string }, b: { site_id: string }) => (a.site_id < b.site_id ? -1 : a.site_id > b.site_id ? 1 : 0);

/**
 * One item's `agg_item` rows (given columns): from the whole table when a call (risk) already read
 * it, else from the row group that holds the item (the reader keeps recent row groups decoded, so
 * the next item of the same group costs no read).
 */
async function aggItemRows(snap: Snapshot, itemId: string, columns?: string[]): Promise<Row[]> {
  const whole = snap.loadedTable('agg_item', columns);
  if (whole) return (await whole).filter((r) => r.item_id === itemId);
  return snap.itemRows('agg_item', itemId, { columns });
}

/**
 * The `agg_item` rows (one per site) of one item, sorted by site, with the given columns (default:
 * all); kept for the most recent items of the snapshot (item-memo.ts).
 */
export function itemPositions(snap: Snapshot, itemId: string, signal?: AbortSignal, columns?: string[]): Promise<ItemPosition[]> {
  const key = columns ? `positions:${itemId}:${columns.join(',')}` : `positions:${itemId}`;
  const p = itemMemo(snap, key, async () => ((await aggItemRows(snap, itemId, columns)) as unknown as ItemPosition[]).sort(bySite));
  return raceAbort(p, signal);
}

/** The item's key and selected source: the first three `agg_item` columns. */
const SITES = columnsOf('agg_item', ['item_id', 'site_id', 'source']);
/** …and, from nova-gold/1.4, the item's label (`ITEM_LABEL`), the next columns: the same request. */
const SITES_LABEL = columnsOf('agg_item', ['item_id', 'site_id', 'source', ...ITEM_LABEL]);

/** True when the snapshot's `agg_item` carries the item's label (nova-gold/1.4+, contract `ITEM_LABEL`). */
export function hasItemLabel(snap: Snapshot): boolean {
  const cols = snap.manifest.tables.agg_item?.columns ?? [];
  return ITEM_LABEL.every((l) => cols.some((c) => c.name === l));
}

/**
 * One item's `agg_item` rows with its sites and sources and, from nova-gold/1.4, its label: one
 * read shared by a chart's `timeseries()` and its title's `items({ ids })`, kept for the most
 * recent items of the snapshot.
 */
function siteRows(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<Row[]> {
  const columns = hasItemLabel(snap) ? SITES_LABEL : SITES;
  return raceAbort(itemMemo(snap, `sites:${itemId}`, () => aggItemRows(snap, itemId, columns)), signal);
}

/** An item's sites and selected forecast source (the first three `agg_item` columns), sorted by site. */
export async function itemSites(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<{ site_id: string; source: string }[]> {
  const rows = await siteRows(snap, itemId, signal);
  return rows.map((r) => ({ site_id: r.site_id as string, source: r.source as string })).sort(bySite);
}

/**
 * An item's label (`item_id` and `ITEM_LABEL`: name, unit) from its `agg_item` rows, read with its
 * sites ({@link itemSites}); null when `agg_item` has no row of the item (an item without
 * forecasts) or the gold predates nova-gold/1.4 — then it is dim_item's to answer. On every row the
 * label equals the item's `dim_item` values (the contract's rule, checked by seal and validate).
 */
export async function itemLabel(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<Pick<Item, 'item_id' | (typeof ITEM_LABEL)[number]> | null> {
  if (!hasItemLabel(snap)) return null;
  const [r] = await siteRows(snap, itemId, signal);
  return r ? { item_id: itemId, name: r.name as string, unit: r.unit as string } : null;
}

/** True when `dim_item` has the item. */
export async function itemExists(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<boolean> {
  const rows = await raceAbort(itemMemo(snap, `exists:${itemId}`, () => snap.readFiles(snap.files('dim_item'), {
    columns: columnsOf('dim_item', ['item_id']),
    filters: [{ column: 'item_id', min: itemId, max: itemId }],
  })), signal);
  return rows.some((r) => r.item_id === itemId);
}
