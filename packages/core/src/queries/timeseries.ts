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
  // The item's sites/source (agg_item) and its fact rows are read in parallel: one round trip less.
  const filters: RangeFilter[] = [...dateFilter(start, end)];
  if (sourceArg !== undefined) filters.push({ column: 'source', min: sourceArg, max: sourceArg });
  if (siteArg !== undefined) filters.push({ column: 'site_id', min: siteArg, max: siteArg });
  const [positions, rows] = await Promise.all([
    itemSites(snap, itemId, signal),
    snap.itemRows('fact_forecast', itemId, { columns: COLUMNS, filters, signal }),
  ]);
  const siteId = siteArg ?? positions[0]?.site_id;
  const source = sourceArg ?? positions.find((p) => p.site_id === siteId)?.source ?? snap.manifest.ml[0].source;
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
