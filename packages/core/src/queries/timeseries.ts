import type { Snapshot } from '../client/snapshot.js';
import { allSitesRows } from '../contract/figures.js';
import type { RangeFilter } from '../io/row-groups.js';
import type { TimeseriesPoint, TimeseriesQuery, TimeseriesResult, TimeseriesSite } from '../types.js';
import { ITEM_FORECAST_COLUMNS } from './item-forecast-columns.js';
import { itemExists, itemSites } from './positions.js';
import { checkDate, checkItemId, checkOptString, checkRange, checkSource, unknownItem } from './validate.js';

/** Date-range row-group filter (undefined bounds are open). */
export function dateFilter(start?: string, end?: string): RangeFilter[] {
  return start || end ? [{ column: 'date', min: start, max: end }] : [];
}

const byDate = (a: { date: string }, b: { date: string }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
const plus = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

/** Points of several sites summed per date (bounds summed too; an actual is null only when every site's is). */
function sumSites(sites: TimeseriesSite[]): TimeseriesPoint[] {
  const byDay = new Map<string, TimeseriesPoint>();
  for (const s of sites) {
    for (const p of s.points) {
      const q = byDay.get(p.date);
      if (!q) byDay.set(p.date, { ...p });
      else {
        q.forecast += p.forecast;
        q.forecast_lo = plus(q.forecast_lo, p.forecast_lo);
        q.forecast_hi = plus(q.forecast_hi, p.forecast_hi);
        q.actual = plus(q.actual, p.actual);
      }
    }
  }
  return [...byDay.values()].sort(byDate);
}

/**
 * `timeseries()`: one item's forecast vs actual. Default forecast: the plan (each site's selected
 * source, `agg_item.source`); default site: all of the item's sites, summed by the contract's
 * all-sites rule (`allSitesRows`: a forecast without a site alone when the item has one), each
 * site's own series in `sites`.
 */
export async function timeseries(snap: Snapshot, q: TimeseriesQuery, signal?: AbortSignal): Promise<TimeseriesResult> {
  const itemId = checkItemId(q.itemId);
  const start = checkDate(q.start, 'start');
  const end = checkDate(q.end, 'end');
  checkRange(start, end);
  const siteArg = checkOptString(q.siteId, 'siteId');
  const sourceArg = checkOptString(q.source, 'source');
  if (sourceArg !== undefined) checkSource(snap.manifest, sourceArg);
  // The item's sites/sources (agg_item) and its fact rows are read in parallel: one round trip less.
  const filters: RangeFilter[] = [...dateFilter(start, end)];
  if (sourceArg !== undefined) filters.push({ column: 'source', min: sourceArg, max: sourceArg });
  if (siteArg !== undefined) filters.push({ column: 'site_id', min: siteArg, max: siteArg });
  const [positions, rows] = await Promise.all([
    itemSites(snap, itemId, signal),
    snap.itemRows('fact_forecast', itemId, { columns: ITEM_FORECAST_COLUMNS, filters, signal }),
  ]);
  if (rows.length === 0 && positions.length === 0 && !(await itemExists(snap, itemId, signal))) throw unknownItem(itemId, snap.manifest);
  // Each site with its source: the given one, else the site's selected source (sites without a
  // position, e.g. forecasts with no stock record, fall back to the manifest's first source).
  const plan = new Map(positions.map((p) => [p.site_id, p.source]));
  const siteIds = siteArg !== undefined ? [siteArg] : [...new Set([...plan.keys(), ...rows.map((r) => r.site_id as string)])].sort();
  const sites: TimeseriesSite[] = siteIds.map((siteId) => ({ siteId, source: sourceArg ?? plan.get(siteId) ?? snap.manifest.ml[0].source, points: [] }));
  const bySite = new Map(sites.map((s) => [s.siteId, s]));
  for (const r of rows) {
    const date = r.date as string;
    const s = bySite.get(r.site_id as string);
    if (!s || r.source !== s.source || (start && date < start) || (end && date > end)) continue;
    s.points.push({
      date,
      forecast: r.forecast as number,
      forecast_lo: (r.forecast_lo as number | null) ?? null,
      forecast_hi: (r.forecast_hi as number | null) ?? null,
      actual: (r.actual as number | null) ?? null,
    });
  }
  for (const s of sites) s.points.sort(byDate);
  const used = sites.filter((s) => s.points.length > 0);
  // All sites: the contract's rule (`allSitesRows`): a forecast without a site already covers the
  // whole item, so the item's per-site series are not added to it.
  const summed = allSitesRows(used, (s) => s.siteId);
  const sources = [...new Set((used.length ? used : sites).map((s) => s.source))];
  const metas = sources.length ? sources.map((src) => { const { rows: _r, ...m } = checkSource(snap.manifest, src); return m; }) : [(({ rows: _r, ...m }) => m)(snap.manifest.ml[0])];
  return {
    itemId,
    siteId: siteArg ?? (sites.length === 1 ? sites[0].siteId : null),
    meta: metas[0],
    metas,
    sites,
    asOf: snap.manifest.as_of,
    points: sites.length === 1 ? sites[0].points : sumSites(summed),
  };
}
