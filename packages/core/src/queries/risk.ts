import type { Snapshot } from '../client/snapshot.js';
import { ALERT_KINDS } from '../contract/index.js';
import { NovaError } from '../errors.js';
import type { Item, ItemPosition, RiskQuery, RiskRowBase, RiskTop, RiskTopQuery } from '../types.js';
import { allItems } from './items.js';
import { checkColumns, checkCount, checkOptString } from './validate.js';


/** All of `agg_item`, read once per snapshot. */
export async function allPositions(snap: Snapshot, signal?: AbortSignal): Promise<ItemPosition[]> {
  return (await snap.table('agg_item', signal)) as unknown as ItemPosition[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


/** Columns every risk row carries: the key, the class, its rank and the ranking's reasons (docs/contract.md). */
export const RISK_ROW_COLUMNS = ['item_id', 'site_id', 'risk', 'risk_rank', 'days_of_cover', 'stock_value', 'projected_stockout_date', 'demand_value_30d'];

/** The `agg_item` columns to read for `fields`: the ranking columns, then the fields, in contract order. */
function riskColumns(snap: Snapshot, fields: unknown): string[] | undefined {
  const asked = checkColumns(snap.manifest, 'agg_item', fields);
  if (!asked) return undefined;
  const want = new Set([...RISK_ROW_COLUMNS, ...asked]);
  return snap.manifest.tables.agg_item.columns.map((c) => c.name).filter((c) => want.has(c));
}

/**
 * `risk()`: `agg_item` rows of one alert kind joined with `dim_item`, in the urgency order the
 * ETL wrote as `risk_rank` (contract `RISK_RANKING`: criticality, projected stockout date, value of
 * demand at risk; overstock by stock value). Gold older than nova-gold/1.1 has no rank: its rows
 * come by days of cover (overstock: stock value). With `fields`, only those `agg_item` columns are read.
 */
export async function risk(snap: Snapshot, q: RiskQuery, signal?: AbortSignal): Promise<RiskRowBase[]> {
  checkKind(q.kind);
  const limit = checkCount(q.limit, 'limit');
  const siteId = checkOptString(q.siteId, 'siteId');
  const columns = riskColumns(snap, q.fields);
  if (snap.manifest.tables.agg_risk) return topRisk(snap, q.kind, limit, siteId, columns, signal);
  // Only the dim_item columns a risk row carries (5 of 10: fewer bytes to fetch and decode).
  const [positions, items] = await Promise.all([
    columns ? (snap.table('agg_item', signal, columns) as Promise<unknown> as Promise<ItemPosition[]>) : allPositions(snap, signal),
    allItems(snap, signal, ['item_id', 'name', 'category', 'unit_cost', 'criticality']),
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
    rows.push({ ...pos, name: it.name, category: it.category, unit_cost: it.unit_cost, criticality: it.criticality });
  }
  const tie = (a: RiskRowBase, b: RiskRowBase) => cmp(a.item_id, b.item_id) || cmp(a.site_id, b.site_id);
  if (snap.manifest.tables.agg_item.columns.some((c) => c.name === 'risk_rank')) rows.sort((a, b) => (a.risk_rank ?? Infinity) - (b.risk_rank ?? Infinity) || tie(a, b));
  else if (q.kind === 'overstock') rows.sort((a, b) => b.stock_value - a.stock_value || tie(a, b));
  else rows.sort((a, b) => (a.days_of_cover ?? Infinity) - (b.days_of_cover ?? Infinity) || tie(a, b));
  return limit === undefined ? rows : rows.slice(0, limit);
}

function checkKind(kind: unknown): void {
  if (!(ALERT_KINDS as readonly unknown[]).includes(kind)) {
    throw new NovaError('invalid_argument', `kind must be one of ${ALERT_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
}

/**
 * `riskTop()`: the first row of `risk({ kind, siteId, limit: 1 })`, as (item, site). On
 * nova-gold/1.2+ gold it reads `agg_risk`'s key and ranking columns only (4 of 21: the item id,
 * site, kind and rank), so it answers long before a risk table's read of the same row group has
 * been decoded; older gold goes through `risk()`.
 */
export async function riskTop(snap: Snapshot, q: RiskTopQuery, signal?: AbortSignal): Promise<RiskTop | null> {
  checkKind(q.kind);
  const siteId = checkOptString(q.siteId, 'siteId');
  const [top] = snap.manifest.tables.agg_risk
    ? await topRisk(snap, q.kind, 1, siteId, ['item_id', 'site_id'], signal, [])
    : await risk(snap, { kind: q.kind, siteId, limit: 1, fields: [] }, signal);
  return top ? { item_id: top.item_id, site_id: top.site_id } : null;
}

const ITEM_FIELDS = ['name', 'category', 'unit_cost', 'criticality'];

/**
 * `risk()` on nova-gold/1.2 gold: `agg_risk` holds the alert rows sorted by kind and rank, with the
 * item's fields, so the top `limit` rows are the first row group(s) of the kind. Ranks of a kind are
 * 1…n, so rows up to rank R are exactly min(R, n): the read widens (R × 4) only when a site filter
 * leaves fewer than `limit` rows and the kind has more.
 */
async function topRisk(
  snap: Snapshot, kind: string, limit: number | undefined, siteId: string | undefined, columns: string[] | undefined, signal?: AbortSignal, itemFields = ITEM_FIELDS,
): Promise<RiskRowBase[]> {
  const files = snap.files('agg_risk');
  // From nova-gold/1.4 agg_item's columns include the item's name, which is also an item field.
  const keep = [...new Set([...(columns ?? snap.manifest.tables.agg_item.columns.map((c) => c.name)), ...itemFields])];
  const read = keep.includes('risk_rank') && keep.includes('site_id') ? keep : [...new Set([...keep, 'risk_rank', 'site_id', 'risk'])];
  let upTo = limit === undefined ? undefined : Math.max(1, limit);
  for (;;) {
    const rows = await snap.readFiles(files, {
      columns: read, signal,
      filters: [{ column: 'risk', min: kind, max: kind }, ...(upTo === undefined ? [] : [{ column: 'risk_rank', max: upTo }])],
    });
    const ofKind = rows.filter((r) => r.risk === kind && (upTo === undefined || (r.risk_rank as number) <= upTo));
    const mine = ofKind.filter((r) => siteId === undefined || r.site_id === siteId).sort((a, b) => (a.risk_rank as number) - (b.risk_rank as number));
    const exhausted = upTo === undefined || ofKind.length < upTo;
    if (exhausted || limit === undefined || mine.length >= limit) {
      const out = mine.map((r) => Object.fromEntries(keep.map((k) => [k, r[k]])) as unknown as RiskRowBase);
      return limit === undefined ? out : out.slice(0, limit);
    }
    upTo = (upTo ?? 0) * 4;
  }
}
