import { NovaError } from '../errors.js';
import type { Snapshot } from '../client/snapshot.js';
import { ITEM_LABEL, RISK_SEVERITY, WHOLE_ITEM_SITE, allSitesRows, daysOfCover, projectStock } from '../contract/index.js';
import { addDays } from '../dates.js';
import { columnsOf, type ColumnName } from '../contract/rows.js';
import type { InventoryPoint, InventoryPositionBase, InventoryQuery, InventoryResult, ItemPosition, OrderArrival } from '../types.js';
import { itemLeadTime } from './items.js';
import { hasItemLabel, itemExists, itemPositions } from './positions.js';
import { ITEM_FORECAST_COLUMNS } from './item-forecast-columns.js';
import { dateFilter } from './timeseries.js';
import { checkColumns, checkDate, checkItemId, checkOptString, checkRange, unknownItem } from './validate.js';

const COLUMNS = columnsOf('fact_inventory', ['item_id', 'site_id', 'date', 'on_hand', 'on_order', 'safety_stock', 'reorder_point', 'days_of_cover']);
const SUMMED = ['on_hand', 'on_order', 'safety_stock', 'reorder_point'] as const satisfies readonly ColumnName<'fact_inventory'>[];
const POSITION_SUMMED = ['on_hand', 'on_order', 'reorder_point', 'safety_stock', 'avg_daily_demand', 'forecast_next_30d', 'suggested_order_qty', 'stock_value', 'demand_value_30d'] as const satisfies readonly ColumnName<'agg_item'>[];

const byDate = (a: { date: string }, b: { date: string }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/**
 * The item's position over several sites: quantities summed, days of cover recomputed from the
 * sums, the earliest projected stockout, and the most severe risk class any site has
 * (`RISK_SEVERITY`). Accuracy figures and ranks are per site, so they are null here.
 */
function sumPositions(ps: ItemPosition[]): ItemPosition {
  const out = { ...ps[0] } as ItemPosition & Record<string, unknown>;
  // Only the columns read (`fields`): a column the positions lack stays out of the sum too.
  const has = (k: string) => k in out;
  for (const k of POSITION_SUMMED) if (has(k)) (out as Record<string, unknown>)[k] = ps.reduce((s, p) => s + ((p[k as keyof ItemPosition] as number | null) ?? 0), 0);
  if (has('days_of_cover')) out.days_of_cover = daysOfCover(out.on_hand, out.avg_daily_demand);
  if (has('projected_stockout_date')) out.projected_stockout_date = ps.map((p) => p.projected_stockout_date).filter((d): d is string => d !== null).sort()[0] ?? null;
  if (has('risk')) out.risk = RISK_SEVERITY.find((k) => ps.some((p) => p.risk === k)) ?? ps[0].risk;
  out.source = [...new Set(ps.map((p) => p.source))].join(', ');
  if (has('model_version')) out.model_version = [...new Set(ps.map((p) => p.model_version))].join(', ');
  for (const k of ['wape', 'mape', 'bias', 'risk_rank'] as const) if (has(k)) out[k] = null;
  out.site_id = '*';
  return out;
}

/** What `inventory()` computes with ({@link InventoryPositionBase}): read whatever `fields` asks. */
const POSITION_BASE = ['item_id', 'site_id', 'source', 'on_hand', 'avg_daily_demand', 'suggested_order_qty'] as const satisfies readonly InventoryPositionBase[];

/** The `agg_item` columns to read for `fields` (undefined: all), in the table's order. */
function positionColumns(snap: Snapshot, fields: unknown): string[] | undefined {
  const asked = checkColumns(snap.manifest, 'agg_item', fields);
  if (!asked) return undefined;
  const want = new Set<string>([...POSITION_BASE, ...asked]);
  return snap.manifest.tables.agg_item.columns.map((c) => c.name).filter((c) => want.has(c));
}

/**
 * `inventory()`: one item's stock series and as-of position at one site, or summed over all of its
 * sites when `siteId` is omitted, with the projected stock after `as_of` (on hand minus the
 * cumulative plan forecast, `projectStock` of the contract) and the suggested order's arrival.
 * With `fields`, the position's `agg_item` read is those columns and {@link POSITION_BASE} only.
 */
export async function inventory(snap: Snapshot, q: InventoryQuery, signal?: AbortSignal): Promise<InventoryResult> {
  const itemId = checkItemId(q.itemId);
  const start = checkDate(q.start, 'start');
  const end = checkDate(q.end, 'end');
  checkRange(start, end);
  const siteArg = checkOptString(q.siteId, 'siteId');
  const columns = positionColumns(snap, q.fields);
  // The stock series, the future plan forecast and the lead time depend on the arguments only, not
  // on the position: they are read beside it (one dependent round of reads fewer; traced on the
  // dashboard, they used to leave only after the agg_item row group had been read and decoded).
  // An unknown item or site still fails on the position below; those reads are then dropped.
  const filters = [...dateFilter(start, end)];
  // The whole-item site's stock is every site's (its position sums them): no site filter for it.
  if (siteArg !== undefined && siteArg !== WHOLE_ITEM_SITE) filters.push({ column: 'site_id', min: siteArg, max: siteArg });
  const asOf = snap.manifest.as_of;
  const reads = Promise.all([
    snap.itemRows('fact_inventory', itemId, { columns: COLUMNS, filters, signal }),
    // The projection covers the periods after as_of: a window ending before them reads nothing.
    end !== undefined && end <= asOf
      ? Promise.resolve([])
      : snap.itemRows('fact_forecast', itemId, {
          // The forecast chart's list (a superset): one decode of the item's row group serves both charts.
          columns: ITEM_FORECAST_COLUMNS,
          filters: [{ column: 'date', min: addDays(asOf, 1), max: end }],
          signal,
        }),
    itemLeadTime(snap, itemId, signal),
  ]);
  reads.catch(() => undefined); // awaited below unless the position check throws first
  // nova-gold/1.4: the item's label sits between `source` and the stock columns; read with them it
  // keeps the position's column chunks one byte run (one request, not two), and is dropped below.
  const read = columns && hasItemLabel(snap) ? snap.manifest.tables.agg_item.columns.map((c) => c.name).filter((c) => columns.includes(c) || (ITEM_LABEL as readonly string[]).includes(c)) : columns;
  const positions = await itemPositions(snap, itemId, signal, read);
  if (positions.length === 0) {
    if (!(await itemExists(snap, itemId, signal))) throw unknownItem(itemId, snap.manifest);
    throw new NovaError('not_found', `item ${JSON.stringify(itemId)} has no stock position in agg_item of snapshot ${snap.id}`);
  }
  // All sites: the contract's rule (a forecast without a site's position alone when the item has one).
  const chosen = siteArg === undefined ? allSitesRows(positions, (p) => p.site_id) : positions.filter((p) => p.site_id === siteArg);
  if (chosen.length === 0) {
    throw new NovaError('not_found', `item ${JSON.stringify(itemId)} has no stock at site ${JSON.stringify(siteArg)}; its sites are ${positions.map((p) => p.site_id).join(', ')}`);
  }
  // The stock series of the sites chosen; a forecast without a site's position (WHOLE_ITEM_SITE)
  // holds the item's stock over every site, so its series sums every site's counts.
  const sites = chosen.some((p) => p.site_id === WHOLE_ITEM_SITE) ? undefined : new Set(chosen.map((p) => p.site_id));
  const [rows, future, leadTime] = await reads;
  const position = chosen.length === 1 ? { ...chosen[0] } : sumPositions(chosen);
  if (columns && read !== columns) for (const c of ITEM_LABEL) if (!columns.includes(c)) delete (position as Partial<ItemPosition>)[c];
  const series = sumByDate(rows, sites, position.avg_daily_demand, start, end);
  // The plan forecast: each site's selected source, summed over the chosen sites.
  const plan = new Map(chosen.map((p) => [p.site_id, p.source]));
  const fut = new Map<string, number>();
  for (const r of future) {
    const date = r.date as string;
    if (date <= asOf || plan.get(r.site_id as string) !== r.source) continue;
    fut.set(date, (fut.get(date) ?? 0) + (r.forecast as number));
  }
  const projection = projectStock(position.on_hand, [...fut].map(([date, forecast]) => ({ date, forecast })).sort(byDate))
    .filter((p) => end === undefined || p.date <= end);
  const orderArrival: OrderArrival | null =
    position.suggested_order_qty > 0 ? { date: addDays(asOf, leadTime ?? 0), qty: position.suggested_order_qty } : null;
  return { itemId, siteId: siteArg ?? (chosen.length === 1 ? chosen[0].site_id : null), series, position, projection, orderArrival };
}

/**
 * Stock counts per date, summed over `sites` (undefined: every site). `fact_inventory.days_of_cover` is on hand over the
 * position's mean daily demand, so over several sites it is Σ on hand / Σ demand.
 */
function sumByDate(rows: Record<string, unknown>[], sites: Set<string> | undefined, demand: number, start?: string, end?: string): InventoryPoint[] {
  const byDay = new Map<string, InventoryPoint>();
  for (const r of rows) {
    const date = r.date as string;
    if ((sites && !sites.has(r.site_id as string)) || (start && date < start) || (end && date > end)) continue;
    const p = byDay.get(date);
    if (!p) {
      byDay.set(date, { date, on_hand: r.on_hand as number, on_order: r.on_order as number, safety_stock: r.safety_stock as number, reorder_point: r.reorder_point as number, days_of_cover: (r.days_of_cover as number | null) ?? null });
      continue;
    }
    for (const k of SUMMED) p[k] += r[k] as number;
    p.days_of_cover = daysOfCover(p.on_hand, demand);
  }
  return [...byDay.values()].sort(byDate);
}
