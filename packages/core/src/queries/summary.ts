import type { Snapshot } from '../client/snapshot.js';
import {
  ALL_SITES, GRAINS, NO_ERRORS, PLAN_SOURCE, addErrorSums, allSitesRows, bias, cellErrors, contractVersion, isAtRisk, mape, wape, type ErrorSums, type Grain,
} from '../contract/index.js';
import { columnsOf } from '../contract/rows.js';
import { periodStartOf } from '../dates.js';
import { NovaError } from '../errors.js';
import type { Row } from '../io/parquet-reader.js';
import type { SummaryQuery, SummaryResult } from '../types.js';
import { itemExists, itemPositions } from './positions.js';
import { dateFilter } from './timeseries.js';
import { checkDate, checkItemId, checkOptString, checkRange, checkSource, unknownItem } from './validate.js';

/** What both paths add up: actual demand, forecast split at `as_of`, and the scored cells' error components. */
interface Totals {
  actual: number;
  forecastFuture: number;
  forecastPast: number;
  errors: ErrorSums;
}

const emptyTotals = (): Totals => ({ actual: 0, forecastFuture: 0, forecastPast: 0, errors: { ...NO_ERRORS } });
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** The gold's error components of one rollup row (`scored_actual`, `forecast_with_actual`, …). */
function rowErrors(r: Row): ErrorSums {
  return {
    actual: num(r.scored_actual),
    forecast: num(r.forecast_with_actual),
    absError: num(r.abs_error),
    apeSum: num(r.ape_sum),
    apeCount: num(r.ape_count),
  };
}

/** Throws `contract_mismatch` unless the gold has the plan rollups (nova-gold/1.1). */
export function requirePlanRollups(snap: Snapshot, what: string): void {
  if (contractVersion(snap.manifest.contract) === '1.0') {
    throw new NovaError('contract_mismatch', `${what} needs the plan rollups of nova-gold/1.1, but snapshot ${snap.id} is ${snap.manifest.contract}: rebuild the gold with nova-etl ≥ 0.2`);
  }
}

/** What `agg_daily` gives every summary: demand and forecast per site, source and date. */
const DAILY_TOTALS = columnsOf('agg_daily', ['site_id', 'source', 'date', 'forecast', 'actual']);
/** `agg_daily`'s error components (read when accuracy is scored at the gold's grain). */
const DAILY_ERRORS = columnsOf('agg_daily', ['scored_actual', 'forecast_with_actual', 'abs_error', 'ape_sum', 'ape_count']);

/**
 * Totals from the rollups: demand from `agg_daily`'s plan rows, forecasts from the scored source's
 * rows, errors from `agg_daily` (the gold's grain) or `agg_accuracy` (a coarser grain). No fact file is read.
 */
async function fromRollups(snap: Snapshot, source: string, grain: Grain, start: string, end: string, siteId: string | undefined, signal?: AbortSignal): Promise<Totals> {
  const t = emptyTotals();
  const asOf = snap.manifest.as_of;
  const coarse = grain !== snap.manifest.grain;
  const site = siteId === undefined ? [] : [{ column: 'site_id', min: siteId, max: siteId }];
  const [daily, accuracy] = await Promise.all([
    snap.readFiles(snap.files('agg_daily'), {
      // The error components only when they are scored at the gold's grain: a coarser grain takes
      // them from agg_accuracy, and agg_daily's would be fetched and decoded for nothing (most of its bytes).
      columns: coarse ? DAILY_TOTALS : [...DAILY_TOTALS, ...DAILY_ERRORS],
      filters: [...site, ...dateFilter(start, end)],
      signal,
    }),
    coarse
      ? snap.readFiles(snap.files('agg_accuracy'), {
          columns: columnsOf('agg_accuracy', ['grain', 'site_id', 'source', 'date', 'scored_actual', 'forecast_with_actual', 'abs_error', 'ape_sum', 'ape_count']),
          filters: [{ column: 'grain', min: grain, max: grain }, ...site, ...dateFilter(start, end)],
          signal,
        })
      : Promise.resolve([] as Row[]),
  ]);
  // All sites: the all-sites rows (site_id '') when the gold has them (nova-gold/1.5, written when
  // the sum of the sites' rows would count an item twice: the contract's all-sites rule), else every site's.
  const scope = (rows: Row[]) => {
    const site = siteId ?? (rows.some((r) => r.site_id === ALL_SITES) ? ALL_SITES : undefined);
    return (r: Row) => site === undefined || r.site_id === site;
  };
  const inDaily = scope(daily);
  const inAccuracy = scope(accuracy);
  for (const r of daily) {
    const date = r.date as string;
    if (date < start || date > end || !inDaily(r)) continue;
    if (r.source === PLAN_SOURCE && date <= asOf) t.actual += num(r.actual);
    if (r.source !== source) continue;
    if (date > asOf) t.forecastFuture += num(r.forecast);
    else t.forecastPast += num(r.forecast);
    if (!coarse) t.errors = addErrorSums(t.errors, rowErrors(r));
  }
  for (const r of accuracy) {
    const date = r.date as string;
    if (r.grain !== grain || r.source !== source || date < start || date > end || !inAccuracy(r)) continue;
    t.errors = addErrorSums(t.errors, rowErrors(r));
  }
  return t;
}

/** Totals over the fact rows of the given items (the same definitions, applied to their cells). */
async function fromFacts(snap: Snapshot, itemIds: string[], source: string, grain: Grain, start: string, end: string, siteId: string | undefined, signal?: AbortSignal): Promise<Totals> {
  const t = emptyTotals();
  const asOf = snap.manifest.as_of;
  const [perItem, positions] = await Promise.all([
    Promise.all(itemIds.map((id) => snap.itemRows('fact_forecast', id, {
      columns: columnsOf('fact_forecast', ['item_id', 'site_id', 'source', 'date', 'forecast', 'actual']),
      filters: [...dateFilter(start, end)],
      signal,
    }))),
    Promise.all(itemIds.map((id) => itemPositions(snap, id, signal))),
  ]);
  const selected = new Map(positions.flat().map((p) => [`${p.item_id}\u0000${p.site_id}`, p.source]));
  const demand = new Map<string, number>(); // each (item, site, period) once
  // Cells at the accuracy grain: forecast over the days with an actual, and the actual.
  const cells = new Map<string, { f: number; a: number }>();
  const site = (r: Row) => r.site_id as string;
  for (const all of perItem) {
    const inRange = all.filter((r) => (r.date as string) >= start && (r.date as string) <= end && (siteId === undefined || r.site_id === siteId));
    const isScored = (r: Row) => r.source === (source === PLAN_SOURCE ? selected.get(`${r.item_id as string}\u0000${site(r)}`) : source);
    // All sites: the contract's rule (`allSitesRows`), for the demand (any source's rows: each
    // cell's actual) and for the forecast scored, each on its own rows.
    const demandRows = siteId === undefined ? allSitesRows(inRange, site) : inRange;
    const scoredRows = siteId === undefined ? allSitesRows(inRange.filter(isScored), site) : inRange.filter(isScored);
    for (const r of demandRows) {
      const a = r.actual as number | null;
      if (a !== null && a !== undefined) demand.set(`${r.item_id as string}\u0000${site(r)}\u0000${r.date as string}`, a);
    }
    for (const r of scoredRows) {
      const date = r.date as string;
      const pair = `${r.item_id as string}\u0000${site(r)}`;
      const a = r.actual as number | null;
      const f = r.forecast as number;
      if (date > asOf) t.forecastFuture += f;
      else t.forecastPast += f;
      if (a === null || a === undefined) continue;
      const period = periodStartOf(grain, date);
      if (grain !== snap.manifest.grain && (period < start || period > end)) continue;
      const key = `${pair}\u0000${period}`;
      const c = cells.get(key) ?? { f: 0, a: 0 };
      c.f += f;
      c.a += a;
      cells.set(key, c);
    }
  }
  for (const a of demand.values()) t.actual += a;
  for (const { f, a } of cells.values()) t.errors = addErrorSums(t.errors, cellErrors(f, a));
  return t;
}

/** Throws `invalid_argument` unless `v` is undefined or a grain at least as coarse as the gold's. */
function checkAccuracyGrain(v: unknown, gold: Grain): Grain {
  if (v === undefined) return gold;
  const allowed = GRAINS.slice(GRAINS.indexOf(gold));
  if (!allowed.includes(v as Grain)) {
    throw new NovaError('invalid_argument', `accuracyGrain must be one of ${allowed.join(', ')} on ${gold} gold, got ${JSON.stringify(v)}`);
  }
  return v as Grain;
}

/**
 * `summary()`: actual demand, forecast (scored cells, future, next 30 days), accuracy and risk over
 * a date range. Default forecast: the plan. Without `itemIds` it reads only the rollups
 * (`agg_daily`, `agg_accuracy`, `agg_totals`); with `itemIds`, those items' fact and `agg_item` rows.
 */
export async function summary(snap: Snapshot, q: SummaryQuery, signal?: AbortSignal): Promise<SummaryResult> {
  const start = checkDate(q.start, 'start', true) as string;
  const end = checkDate(q.end, 'end', true) as string;
  checkRange(start, end);
  const siteId = checkOptString(q.siteId, 'siteId');
  const source = checkOptString(q.source, 'source') ?? PLAN_SOURCE;
  if (source !== PLAN_SOURCE) checkSource(snap.manifest, source);
  const grain = checkAccuracyGrain(q.accuracyGrain, snap.manifest.grain);
  requirePlanRollups(snap, 'summary()');
  if (q.itemIds !== undefined && !Array.isArray(q.itemIds)) throw new NovaError('invalid_argument', 'itemIds must be an array of item ids');
  const itemIds = q.itemIds ? [...new Set(q.itemIds.map((id) => checkItemId(id, 'itemIds[]')))] : undefined;
  const totals = itemIds
    ? fromFacts(snap, itemIds, source, grain, start, end, siteId, signal)
    : fromRollups(snap, source, grain, start, end, siteId, signal);
  totals.catch(() => undefined); // awaited below; an earlier failure must not leave it unhandled
  // Without itemIds the headline counts are agg_totals' row for the scope (a few rows); with
  // itemIds, those items' agg_item rows.
  const [totalsRow, positions] = await Promise.all([
    itemIds ? Promise.resolve(undefined) : snap.table('agg_totals', signal).then((rows) => rows.find((r) => r.site_id === (siteId ?? ALL_SITES))),
    itemIds ? Promise.all(itemIds.map((id) => itemPositions(snap, id, signal))) : Promise.resolve([]),
  ]);
  let items = 0;
  let atRisk = 0;
  let demandValueAtRisk30d = 0;
  let forecastNext30d = 0;
  if (itemIds) {
    for (const [i, ps] of positions.entries()) {
      if (ps.length === 0 && !(await itemExists(snap, itemIds[i], signal))) throw unknownItem(itemIds[i], snap.manifest);
    }
    let risky = 0;
    for (const ps of positions) {
      const scoped = ps.filter((p) => siteId === undefined || p.site_id === siteId);
      if (scoped.some((p) => isAtRisk(p.risk))) risky++;
      // The sums over all sites follow the contract's all-sites rule, as agg_totals' do.
      for (const p of siteId === undefined ? allSitesRows(scoped, (q) => q.site_id) : scoped) {
        forecastNext30d += num(p.forecast_next_30d);
        if (isAtRisk(p.risk)) demandValueAtRisk30d += num(p.demand_value_30d);
      }
    }
    items = itemIds.length;
    atRisk = risky;
  } else if (totalsRow) {
    items = num(totalsRow.items);
    atRisk = num(totalsRow.at_risk);
    forecastNext30d = num(totalsRow.forecast_next_30d);
    demandValueAtRisk30d = num(totalsRow.demand_value_at_risk_30d);
  }
  const t = await totals;
  return {
    start,
    end,
    asOf: snap.manifest.as_of,
    source,
    accuracyGrain: grain,
    actualTotal: t.actual,
    forecastWithActual: t.errors.forecast,
    forecastFuture: t.forecastFuture,
    forecastTotal: t.forecastPast + t.forecastFuture,
    forecastNext30d,
    wape: wape(t.errors),
    mape: mape(t.errors),
    bias: bias(t.errors),
    items,
    atRisk,
    demandValueAtRisk30d,
  };
}
