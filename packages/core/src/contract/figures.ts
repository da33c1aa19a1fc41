/**
 * The one definition of every figure a person sees: accuracy ratios, the risk classes and the
 * at-risk rule, the urgency ranking and the stock projection. The ETL generates its SQL from the
 * `*Sql` functions here; the SDK and the components use the JavaScript twins on the components
 * the gold holds. docs/contract.md and docs/inventory.md describe the same rules in prose.
 */
import type { RiskKind } from './tables.js';

/**
 * The forecast a planner plans with: for each (item, site), the source `agg_item.source` selected.
 * `agg_daily` rows with this `source` hold that blend; `nova-etl` refuses input sources of this name.
 */
export const PLAN_SOURCE = 'plan' as const;

/**
 * Summable error components of a set of scored (item, site, period) cells: cells with both a
 * forecast and an actual. Gold columns: `scored_actual`, `forecast_with_actual`, `abs_error`,
 * `ape_sum`, `ape_count`.
 */
export interface ErrorSums {
  /** Σ actual over the scored cells. */
  actual: number;
  /** Σ forecast over the same cells (cells with an actual only). */
  forecast: number;
  /** Σ |forecast − actual|. */
  absError: number;
  /** Σ |forecast − actual| / actual over cells with actual > 0. */
  apeSum: number;
  /** Cells with actual > 0. */
  apeCount: number;
}

/** WAPE = Σ|forecast − actual| / Σ actual; null unless Σ actual > 0. */
export function wape(s: Pick<ErrorSums, 'absError' | 'actual'>): number | null {
  return s.actual > 0 ? s.absError / s.actual : null;
}

/** MAPE = mean of |forecast − actual| / actual over cells with actual > 0 (zero actuals excluded); null when none. */
export function mape(s: Pick<ErrorSums, 'apeSum' | 'apeCount'>): number | null {
  return s.apeCount > 0 ? s.apeSum / s.apeCount : null;
}

/** Bias = (Σ forecast − Σ actual) / Σ actual over cells with an actual; null unless Σ actual > 0. */
export function bias(s: Pick<ErrorSums, 'forecast' | 'actual'>): number | null {
  return s.actual > 0 ? (s.forecast - s.actual) / s.actual : null;
}

/** The error components of one scored cell (forecast `f`, actual `a`): the JS twin of {@link errorSumsSql} for one row. */
export function cellErrors(f: number, a: number): ErrorSums {
  return { actual: a, forecast: f, absError: Math.abs(f - a), apeSum: a > 0 ? Math.abs(f - a) / a : 0, apeCount: a > 0 ? 1 : 0 };
}

/** Adds error components (for totals over sites, periods or categories). */
export function addErrorSums(a: ErrorSums, b: ErrorSums): ErrorSums {
  return {
    actual: a.actual + b.actual,
    forecast: a.forecast + b.forecast,
    absError: a.absError + b.absError,
    apeSum: a.apeSum + b.apeSum,
    apeCount: a.apeCount + b.apeCount,
  };
}

/** Zero error components. */
export const NO_ERRORS: ErrorSums = Object.freeze({ actual: 0, forecast: 0, absError: 0, apeSum: 0, apeCount: 0 });

/**
 * SQL aggregates of the error components over rows with forecast `f` and actual `a`, named as the
 * gold columns that hold them. A cell is scored when both are present; other rows count for nothing.
 */
export function errorSumsSql(f: string, a: string): string {
  return [
    `sum(CASE WHEN ${f} IS NOT NULL THEN ${a} END) AS scored_actual`,
    `sum(CASE WHEN ${a} IS NOT NULL THEN ${f} END) AS forecast_with_actual`,
    `sum(abs(${f} - ${a})) AS abs_error`,
    `sum(CASE WHEN ${a} > 0 THEN abs(${f} - ${a}) / ${a} END) AS ape_sum`,
    `count(CASE WHEN ${a} > 0 AND ${f} IS NOT NULL THEN 1 END)::INTEGER AS ape_count`,
  ].join(', ');
}

/** `agg_totals.site_id` of the row that covers every site. */
export const ALL_SITES = '';

/**
 * `site_id` of a forecast without a site (the usual output of a national model). Its rows stand
 * for the item across all sites: their actual is the item's consumption summed over every site and
 * their position the sum of each site's stock (docs/inputs.md).
 */
export const WHOLE_ITEM_SITE = 'default';

/**
 * **All sites**, per item: of one item's per-site rows, those an all-sites figure adds up. An item
 * with rows at {@link WHOLE_ITEM_SITE} counts by those alone, whatever per-site rows it also has:
 * they already hold the whole item, so adding the per-site rows would count its demand and stock
 * twice. Any other item adds up all of its sites.
 */
export function allSitesRows<T>(rows: readonly T[], siteOf: (row: T) => string): T[] {
  const whole = rows.filter((r) => siteOf(r) === WHOLE_ITEM_SITE);
  return whole.length > 0 ? whole : [...rows];
}

/**
 * SQL twin of {@link allSitesRows}: true on the rows of `table` (columns `item_id`, `site_id`) that
 * an all-sites figure adds up. `table` is the relation the rule looks the item's sites up in.
 */
export function allSitesSql(table: string): string {
  return `(site_id = '${WHOLE_ITEM_SITE}' OR item_id NOT IN (SELECT item_id FROM ${table} WHERE site_id = '${WHOLE_ITEM_SITE}'))`;
}

/** Risk classes that count as "at risk" in headline figures. */
export const AT_RISK_KINDS = ['stockout', 'below_reorder'] as const satisfies readonly RiskKind[];
/** Risk classes a planner is alerted to (`risk()` kinds): every class but `ok`. */
export const ALERT_KINDS = ['stockout', 'below_reorder', 'overstock'] as const satisfies readonly RiskKind[];
/** One alert kind. */
export type AlertKind = (typeof ALERT_KINDS)[number];

/** True when a risk class counts as at risk. */
export function isAtRisk(kind: string): boolean {
  return (AT_RISK_KINDS as readonly string[]).includes(kind);
}

/** SQL twin of {@link isAtRisk} over a risk column. */
export function isAtRiskSql(risk: string): string {
  return `${risk} IN (${AT_RISK_KINDS.map((k) => `'${k}'`).join(', ')})`;
}

/** The measures the risk rule reads, per (item, site) at `as_of`. */
export interface RiskInputs {
  /** Stock on hand at `as_of`. */
  on_hand: number;
  /** Stock on order at `as_of`. */
  on_order: number;
  /** Mean plan forecast per day over the next 30 days. */
  avg_daily_demand: number;
  /** Supplier lead time in days. */
  lead_time_days: number;
  /** Reorder point (docs/inventory.md). */
  reorder_point: number;
}

/**
 * The risk rule, first match wins (docs/inventory.md):
 * 1. `stockout`: nothing on hand while there is demand, or on hand + on order below the demand
 *    of one lead time;
 * 2. `below_reorder`: on hand + on order below the reorder point;
 * 3. `overstock`: days of cover above `overstockDays`;
 * 4. `ok`.
 */
export function riskClass(p: RiskInputs, overstockDays: number): RiskKind {
  const cover = daysOfCover(p.on_hand, p.avg_daily_demand);
  if ((p.on_hand <= 0 && p.avg_daily_demand > 0) || p.on_hand + p.on_order < p.avg_daily_demand * p.lead_time_days) return 'stockout';
  if (p.on_hand + p.on_order < p.reorder_point) return 'below_reorder';
  if (cover !== null && cover > overstockDays) return 'overstock';
  return 'ok';
}

/** SQL twin of {@link riskClass} over columns named as {@link RiskInputs}, with prefix `t.`. */
export function riskClassSql(t: string, overstockDays: number): string {
  const n = Number(overstockDays);
  if (!Number.isFinite(n)) throw new Error(`overstock_days must be a number, got ${overstockDays}`);
  return `CASE
        WHEN (${t}.on_hand <= 0 AND ${t}.avg_daily_demand > 0) OR ${t}.on_hand + ${t}.on_order < ${t}.avg_daily_demand * ${t}.lead_time_days THEN 'stockout'
        WHEN ${t}.on_hand + ${t}.on_order < ${t}.reorder_point THEN 'below_reorder'
        WHEN ${t}.on_hand / nullif(${t}.avg_daily_demand, 0) > ${n} THEN 'overstock'
        ELSE 'ok' END`;
}

/** Days of cover = on hand / mean daily demand; null when there is no demand. */
export function daysOfCover(onHand: number, avgDailyDemand: number): number | null {
  return avgDailyDemand > 0 ? onHand / avgDailyDemand : null;
}

/** Severity order used when one figure stands for several sites: the first class any site has. */
export const RISK_SEVERITY = ['stockout', 'below_reorder', 'overstock', 'ok'] as const satisfies readonly RiskKind[];

/** One key of an urgency ranking. */
export interface RankKey {
  /** `agg_item` column (or `criticality` of `dim_item`). */
  column: string;
  /** Ascending or descending. */
  dir: 'asc' | 'desc';
  /** Why this key ranks: shown to planners as the rank's reason. */
  reason: string;
}

/**
 * How `agg_item.risk_rank` orders the rows of each alert kind (1 = most urgent). Nulls sort last
 * in every key; ties end on item id, then site id.
 * - `stockout` and `below_reorder`: criticality (A first), then the projected stockout date
 *   (earliest first), then the value of the next 30 days of demand (highest first);
 * - `overstock`: the value of the stock on hand (highest first).
 */
export const RISK_RANKING: Record<AlertKind, readonly RankKey[]> = {
  stockout: [
    { column: 'criticality', dir: 'asc', reason: 'criticality' },
    { column: 'projected_stockout_date', dir: 'asc', reason: 'stockout date' },
    { column: 'demand_value_30d', dir: 'desc', reason: 'value of demand at risk' },
  ],
  below_reorder: [
    { column: 'criticality', dir: 'asc', reason: 'criticality' },
    { column: 'projected_stockout_date', dir: 'asc', reason: 'stockout date' },
    { column: 'demand_value_30d', dir: 'desc', reason: 'value of demand at risk' },
  ],
  overstock: [{ column: 'stock_value', dir: 'desc', reason: 'value of stock on hand' }],
};

/** SQL of `agg_item.risk_rank`: the row's place in its alert kind's ranking; null for `ok`. */
export function riskRankSql(t: string): string {
  // One window for every kind: partitioned by kind, each kind's keys apply and the others are NULL (inert).
  const keys = ALERT_KINDS.flatMap((k) =>
    RISK_RANKING[k].map((key) => `CASE WHEN ${t}.risk = '${k}' THEN ${t}.${key.column} END ${key.dir.toUpperCase()} NULLS LAST`),
  );
  return `CASE WHEN ${t}.risk IN (${ALERT_KINDS.map((k) => `'${k}'`).join(', ')})
      THEN (row_number() OVER (PARTITION BY ${t}.risk ORDER BY ${keys.join(', ')}, ${t}.item_id, ${t}.site_id))::INTEGER END`;
}

/** One future period of plan forecast. */
export interface PlanPeriod {
  /** Period start, YYYY-MM-DD. */
  date: string;
  /** Plan forecast demand of the period. */
  forecast: number;
}

/** Projected stock at the end of one period. */
export interface StockPoint {
  /** Period start, YYYY-MM-DD. */
  date: string;
  /** Stock left (negative once demand exceeds it). */
  on_hand: number;
}

/**
 * Projected stock after `as_of`: the on-hand count at `as_of` minus the cumulative plan forecast,
 * one point per future period, up to and including the first period where it turns negative (the
 * projected stockout, `agg_item.projected_stockout_date`).
 */
export function projectStock(onHand: number, future: readonly PlanPeriod[]): StockPoint[] {
  const out: StockPoint[] = [];
  let left = onHand;
  for (const p of future) {
    left -= p.forecast;
    out.push({ date: p.date, on_hand: left });
    if (left < 0) break;
  }
  return out;
}

/** SQL twin of the stockout date of {@link projectStock}: first future period whose cumulative forecast exceeds on hand. */
export function stockLeftSql(onHand: string, forecast: string, partition: string, order: string): string {
  return `${onHand} - sum(${forecast}) OVER (PARTITION BY ${partition} ORDER BY ${order})`;
}
