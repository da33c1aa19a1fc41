import type { Snapshot } from '../client/snapshot.js';
import { columnsOf } from '../contract/rows.js';
import { raceAbort } from '../errors.js';
import { itemMemo } from './item-memo.js';
import type { Row } from '../io/parquet-reader.js';
import type { ItemPosition } from '../types.js';

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

/** An item's sites and selected forecast source (the first three `agg_item` columns), sorted by site. */
export async function itemSites(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<{ site_id: string; source: string }[]> {
  const rows = await raceAbort(itemMemo(snap, `sites:${itemId}`, () => aggItemRows(snap, itemId, columnsOf('agg_item', ['item_id', 'site_id', 'source']))), signal);
  return rows.map((r) => ({ site_id: r.site_id as string, source: r.source as string })).sort(bySite);
}

/** True when `dim_item` has the item. */
export async function itemExists(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<boolean> {
  const rows = await raceAbort(itemMemo(snap, `exists:${itemId}`, () => snap.readFiles(snap.files('dim_item'), {
    columns: columnsOf('dim_item', ['item_id']),
    filters: [{ column: 'item_id', min: itemId, max: itemId }],
  })), signal);
  return rows.some((r) => r.item_id === itemId);
}
