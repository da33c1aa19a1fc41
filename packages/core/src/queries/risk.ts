import type { Snapshot } from '../client/snapshot.js';
import { NovaError } from '../errors.js';
import type { Item, ItemPosition, RiskQuery, RiskRowBase } from '../types.js';
import { allItems } from './items.js';
import { checkColumns, checkCount, checkOptString } from './validate.js';

const KINDS = ['stockout', 'below_reorder', 'overstock'] as const;

/** All of `agg_item`, read once per snapshot. */
export async function allPositions(snap: Snapshot, signal?: AbortSignal): Promise<ItemPosition[]> {
  return (await snap.table('agg_item', signal)) as unknown as ItemPosition[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


/** Columns every risk row carries: the key, the class and the two ranking measures. */
export const RISK_RANKING = ['item_id', 'site_id', 'risk', 'days_of_cover', 'stock_value'];

/** The `agg_item` columns to read for `fields`: the ranking columns, then the fields, in contract order. */
function riskColumns(snap: Snapshot, fields: unknown): string[] | undefined {
  const asked = checkColumns(snap.manifest, 'agg_item', fields);
  if (!asked) return undefined;
  const want = new Set([...RISK_RANKING, ...asked]);
  return snap.manifest.tables.agg_item.columns.map((c) => c.name).filter((c) => want.has(c));
}

/**
 * `risk()`: `agg_item` rows of one risk class joined with `dim_item`. Order: stockout and
 * below_reorder by days of cover (ascending, unknown last); overstock by stock value (descending);
 * ties by item then site. With `fields`, only those `agg_item` columns are read.
 */
export async function risk(snap: Snapshot, q: RiskQuery, signal?: AbortSignal): Promise<RiskRowBase[]> {
  if (!KINDS.includes(q.kind as (typeof KINDS)[number])) {
    throw new NovaError('invalid_argument', `kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(q.kind)}`);
  }
  const limit = checkCount(q.limit, 'limit');
  const siteId = checkOptString(q.siteId, 'siteId');
  const columns = riskColumns(snap, q.fields);
  // Only the dim_item columns a risk row carries (4 of 10: fewer bytes to fetch and decode).
  const [positions, items] = await Promise.all([
    columns ? (snap.table('agg_item', signal, columns) as Promise<unknown> as Promise<ItemPosition[]>) : allPositions(snap, signal),
    allItems(snap, signal, ['item_id', 'name', 'category', 'unit_cost']),
  ]);
  const byId = new Map<string, Item>(items.map((it) => [it.item_id, it]));
  const keep = columns ? [...columns] : undefined;
  const rows: RiskRowBase[] = [];
  for (const p of positions) {
    if (p.risk !== q.kind || (siteId !== undefined && p.site_id !== siteId)) continue;
    const it = byId.get(p.item_id);
    if (!it) continue;
    // Rows may come from a wider read (a whole-table read answers a narrow one): project to `fields`.
    const pos = keep ? (Object.fromEntries(keep.map((k) => [k, p[k as keyof ItemPosition]])) as unknown as ItemPosition) : p;
    rows.push({ ...pos, name: it.name, category: it.category, unit_cost: it.unit_cost });
  }
  const tie = (a: RiskRowBase, b: RiskRowBase) => cmp(a.item_id, b.item_id) || cmp(a.site_id, b.site_id);
  if (q.kind === 'overstock') rows.sort((a, b) => b.stock_value - a.stock_value || tie(a, b));
  else rows.sort((a, b) => (a.days_of_cover ?? Infinity) - (b.days_of_cover ?? Infinity) || tie(a, b));
  return limit === undefined ? rows : rows.slice(0, limit);
}
