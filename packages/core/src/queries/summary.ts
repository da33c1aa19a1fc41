import type { Snapshot } from '../client/snapshot.js';
import { NovaError } from '../errors.js';
import type { SummaryQuery, SummaryResult } from '../types.js';
import { dateFilter } from './timeseries.js';
import { checkDate, checkItemId, checkOptString, checkRange, checkSource, unknownItem } from './validate.js';

/** Running sums both paths produce. */
interface Totals {
  forecast: number;
  actual: number;
  forecastWithActual: number;
  absError: number;
  apeSum: number;
  apeCount: number;
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

/** Totals over `agg_daily` (site/source/date rows): no fact file is read. */
async function fromAggDaily(snap: Snapshot, source: string, start: string, end: string, siteId: string | undefined, signal?: AbortSignal): Promise<Totals> {
  const t: Totals = { forecast: 0, actual: 0, forecastWithActual: 0, absError: 0, apeSum: 0, apeCount: 0 };
  const rows = await snap.readFiles(snap.files('agg_daily'), {
    columns: ['site_id', 'source', 'date', 'forecast', 'actual', 'abs_error', 'ape_sum', 'ape_count'],
    filters: [...dateFilter(start, end)],
    signal,
  });
  for (const r of rows) {
    const date = r.date as string;
    if (r.source !== source || date < start || date > end || (siteId !== undefined && r.site_id !== siteId)) continue;
    t.forecast += r.forecast as number;
    if (r.actual !== null && r.actual !== undefined) {
      t.actual += r.actual as number;
      t.forecastWithActual += r.forecast as number;
      t.absError += (r.abs_error as number | null) ?? 0;
    }
    t.apeSum += (r.ape_sum as number | null) ?? 0;
    t.apeCount += (r.ape_count as number | null) ?? 0;
  }
  return t;
}

/** Totals over the fact rows of the given items. */
async function fromFacts(snap: Snapshot, itemIds: string[], source: string, start: string, end: string, siteId: string | undefined, signal?: AbortSignal): Promise<Totals> {
  const t: Totals = { forecast: 0, actual: 0, forecastWithActual: 0, absError: 0, apeSum: 0, apeCount: 0 };
  const perItem = await Promise.all(
    itemIds.map((id) =>
      snap.itemRows('fact_forecast', id, {
        columns: ['item_id', 'site_id', 'source', 'date', 'forecast', 'actual'],
        filters: [...dateFilter(start, end), { column: 'source', min: source, max: source }],
        signal,
      }),
    ),
  );
  for (const rows of perItem) {
    for (const r of rows) {
      const date = r.date as string;
      if (r.source !== source || date < start || date > end || (siteId !== undefined && r.site_id !== siteId)) continue;
      const f = r.forecast as number;
      const a = r.actual as number | null;
      t.forecast += f;
      if (a === null || a === undefined) continue;
      t.actual += a;
      t.forecastWithActual += f;
      t.absError += Math.abs(f - a);
      if (a !== 0) {
        t.apeSum += Math.abs(f - a) / Math.abs(a);
        t.apeCount++;
      }
    }
  }
  return t;
}

/**
 * `summary()`: totals and accuracy for a date range. Without `itemIds` it reads only `agg_daily`;
 * with `itemIds` it reads those items' fact rows. Default source: the manifest's first.
 */
export async function summary(snap: Snapshot, q: SummaryQuery, signal?: AbortSignal): Promise<SummaryResult> {
  const start = checkDate(q.start, 'start', true) as string;
  const end = checkDate(q.end, 'end', true) as string;
  checkRange(start, end);
  const siteId = checkOptString(q.siteId, 'siteId');
  const source = checkOptString(q.source, 'source') ?? snap.manifest.ml[0].source;
  checkSource(snap.manifest, source);
  if (q.itemIds !== undefined && !Array.isArray(q.itemIds)) throw new NovaError('invalid_argument', 'itemIds must be an array of item ids');
  const itemIds = q.itemIds ? [...new Set(q.itemIds.map((id) => checkItemId(id, 'itemIds[]')))] : undefined;
  // agg_item, dim_item and the totals are read in parallel (unknown ids are reported after).
  const totals = itemIds
    ? fromFacts(snap, itemIds, source, start, end, siteId, signal)
    : fromAggDaily(snap, source, start, end, siteId, signal);
  totals.catch(() => undefined); // awaited below; an earlier failure must not leave it unhandled
  const [positions, items] = await Promise.all([
    snap.table('agg_item', signal, ['item_id', 'site_id', 'risk', 'forecast_next_30d']) as Promise<unknown> as Promise<{ item_id: string; site_id: string; risk: string; forecast_next_30d: number }[]>,
    snap.table('dim_item', signal, ['item_id', 'unit_cost']) as Promise<unknown> as Promise<{ item_id: string; unit_cost: number }[]>,
  ]);
  if (itemIds) {
    const known = new Set(items.map((it) => it.item_id));
    const missing = itemIds.find((id) => !known.has(id));
    if (missing !== undefined) throw unknownItem(missing, snap.manifest);
  }
  const t = await totals;
  const scope = itemIds ? new Set(itemIds) : undefined;
  const cost = new Map(items.map((it) => [it.item_id, it.unit_cost]));
  const inScope = new Set<string>();
  const atRisk = new Set<string>();
  let stockValueAtRisk = 0;
  for (const p of positions) {
    if ((scope && !scope.has(p.item_id)) || (siteId !== undefined && p.site_id !== siteId)) continue;
    inScope.add(p.item_id);
    if (p.risk === 'stockout' || p.risk === 'below_reorder') {
      atRisk.add(p.item_id);
      stockValueAtRisk += p.forecast_next_30d * (cost.get(p.item_id) ?? 0);
    }
  }
  return {
    start,
    end,
    source,
    forecastTotal: t.forecast,
    actualTotal: t.actual,
    wape: ratio(t.absError, t.actual),
    mape: ratio(t.apeSum, t.apeCount),
    bias: ratio(t.forecastWithActual - t.actual, t.actual),
    items: itemIds ? itemIds.length : inScope.size,
    atRisk: atRisk.size,
    stockValueAtRisk,
  };
}
