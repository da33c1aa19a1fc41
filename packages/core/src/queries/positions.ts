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

/** An item's sites and selected forecast source, from three narrow `agg_item` columns read once per snapshot. */
export async function itemSites(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<{ site_id: string; source: string }[]> {
  const index = await raceAbort(
    snap.memo('sites-index', async () => {
      const rows = await snap.table('agg_item', undefined, ['item_id', 'site_id', 'source']);
      const map = new Map<string, { site_id: string; source: string }[]>();
      for (const r of rows) {
        const list = map.get(r.item_id as string) ?? [];
        list.push({ site_id: r.site_id as string, source: r.source as string });
        map.set(r.item_id as string, list);
      }
      for (const list of map.values()) list.sort((a, b) => (a.site_id < b.site_id ? -1 : a.site_id > b.site_id ? 1 : 0));
      return map;
    }),
    signal,
  );
  return index.get(itemId) ?? [];
}

/** True when `dim_item` has the item. */
export async function itemExists(snap: Snapshot, itemId: string, signal?: AbortSignal): Promise<boolean> {
  const rows = await raceAbort(snap.memo(`exists:${itemId}`, () => snap.readFiles(snap.files('dim_item'), {
    columns: ['item_id'],
    filters: [{ column: 'item_id', min: itemId, max: itemId }],
  })), signal);
  return rows.some((r) => r.item_id === itemId);
}
