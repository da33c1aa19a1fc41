import { NovaError } from '../errors.js';
import type { Snapshot } from '../client/snapshot.js';
import type { InventoryPoint, InventoryQuery, InventoryResult } from '../types.js';
import { itemExists, itemPositions } from './positions.js';
import { dateFilter } from './timeseries.js';
import { checkDate, checkItemId, checkOptString, checkRange, unknownItem } from './validate.js';

const COLUMNS = ['item_id', 'site_id', 'date', 'on_hand', 'on_order', 'safety_stock', 'reorder_point', 'days_of_cover'];

/** `inventory()`: one item's stock series at a site (default: its first site) and its as-of position. */
export async function inventory(snap: Snapshot, q: InventoryQuery, signal?: AbortSignal): Promise<InventoryResult> {
  const itemId = checkItemId(q.itemId);
  const start = checkDate(q.start, 'start');
  const end = checkDate(q.end, 'end');
  checkRange(start, end);
  const siteArg = checkOptString(q.siteId, 'siteId');
  for (const f of snap.filesForItems('fact_inventory', itemId, itemId)) snap.reader.metadata(f).catch(() => undefined);
  const positions = await itemPositions(snap, itemId, signal);
  if (positions.length === 0) {
    if (!(await itemExists(snap, itemId, signal))) throw unknownItem(itemId, snap.manifest);
    throw new NovaError('not_found', `item ${JSON.stringify(itemId)} has no stock position in agg_item of snapshot ${snap.id}`);
  }
  const siteId = siteArg ?? positions[0].site_id;
  const position = positions.find((p) => p.site_id === siteId);
  if (!position) {
    throw new NovaError('not_found', `item ${JSON.stringify(itemId)} has no stock at site ${JSON.stringify(siteId)}; its sites are ${positions.map((p) => p.site_id).join(', ')}`);
  }
  const rows = await snap.itemRows('fact_inventory', itemId, {
    columns: COLUMNS,
    filters: [...dateFilter(start, end), { column: 'site_id', min: siteId, max: siteId }],
    signal,
  });
  const series: InventoryPoint[] = [];
  for (const r of rows) {
    const date = r.date as string;
    if (r.site_id !== siteId || (start && date < start) || (end && date > end)) continue;
    series.push({
      date,
      on_hand: r.on_hand as number,
      on_order: r.on_order as number,
      safety_stock: r.safety_stock as number,
      reorder_point: r.reorder_point as number,
      days_of_cover: (r.days_of_cover as number | null) ?? null,
    });
  }
  series.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { itemId, siteId, series, position: { ...position } };
}
