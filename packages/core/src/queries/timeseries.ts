import type { Snapshot } from '../client/snapshot.js';
import type { RangeFilter } from '../io/row-groups.js';
import type { TimeseriesPoint, TimeseriesQuery, TimeseriesResult } from '../types.js';
import { itemExists, itemSites } from './positions.js';
import { checkDate, checkItemId, checkOptString, checkRange, checkSource, unknownItem } from './validate.js';

const COLUMNS = ['item_id', 'site_id', 'source', 'date', 'forecast', 'forecast_lo', 'forecast_hi', 'actual'];

/** Date-range row-group filter (undefined bounds are open). */
export function dateFilter(start?: string, end?: string): RangeFilter[] {
  return start || end ? [{ column: 'date', min: start, max: end }] : [];
}

/**
 * `timeseries()`: one item's forecast vs actual at one site for one source. Defaults: the item's
 * first site in `agg_item`, and the source `agg_item` selected for it (else the manifest's first).
 */
export async function timeseries(snap: Snapshot, q: TimeseriesQuery, signal?: AbortSignal): Promise<TimeseriesResult> {
  const itemId = checkItemId(q.itemId);
  const start = checkDate(q.start, 'start');
  const end = checkDate(q.end, 'end');
  checkRange(start, end);
  const siteArg = checkOptString(q.siteId, 'siteId');
  const sourceArg = checkOptString(q.source, 'source');
  if (sourceArg !== undefined) checkSource(snap.manifest, sourceArg);
  // Fetch the fact footers while the item's position is looked up.
  for (const f of snap.filesForItems('fact_forecast', itemId, itemId)) snap.reader.metadata(f).catch(() => undefined);
  const positions = await itemSites(snap, itemId, signal);
  const siteId = siteArg ?? positions[0]?.site_id;
  const source = sourceArg ?? positions.find((p) => p.site_id === siteId)?.source ?? snap.manifest.ml[0].source;
  const filters: RangeFilter[] = [...dateFilter(start, end), { column: 'source', min: source, max: source }];
  if (siteId !== undefined) filters.push({ column: 'site_id', min: siteId, max: siteId });
  const rows = await snap.itemRows('fact_forecast', itemId, { columns: COLUMNS, filters, signal });
  const site = siteId ?? (rows[0]?.site_id as string | undefined);
  if (rows.length === 0 && positions.length === 0 && !(await itemExists(snap, itemId, signal))) throw unknownItem(itemId, snap.manifest);
  const points: TimeseriesPoint[] = [];
  for (const r of rows) {
    const date = r.date as string;
    if (r.site_id !== site || r.source !== source || (start && date < start) || (end && date > end)) continue;
    points.push({
      date,
      forecast: r.forecast as number,
      forecast_lo: (r.forecast_lo as number | null) ?? null,
      forecast_hi: (r.forecast_hi as number | null) ?? null,
      actual: (r.actual as number | null) ?? null,
    });
  }
  points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const { rows: _rows, ...meta } = checkSource(snap.manifest, source);
  return { itemId, siteId: site ?? '', meta, asOf: snap.manifest.as_of, points };
}
