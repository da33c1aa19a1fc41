import type { Snapshot } from '../client/snapshot.js';
import { raceAbort } from '../client/cache.js';
import type { ItemPosition } from '../types.js';

/** The `agg_item` rows (one per site) of one item, sorted by site; read once per snapshot. */
export function itemPositions(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<ItemPosition[]> {
  const p = snap.memo(`positions:${itemId}`, async () => {
    const rows = (await snap.itemRows('agg_item', itemId, {})) as unknown as ItemPosition[];
    return rows.sort((a, b) => (a.site_id < b.site_id ? -1 : a.site_id > b.site_id ? 1 : 0));
  });
  return raceAbort(p, signal);
}

/** True when `dim_item` has the item. */
export async function itemExists(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<boolean> {
  const rows = await raceAbort(snap.memo(`exists:${itemId}`, () => snap.readFiles(snap.files('dim_item'), {
    columns: ['item_id'],
    filters: [{ column: 'item_id', min: itemId, max: itemId }],
  })), signal);
  return rows.some((r) => r.item_id === itemId);
}
