import type { RiskQuery } from '@nova-corrente/core';

/** Risk kinds the risk table lists (every `RiskKind` but `ok`). */
export const RISK_TABLE_KINDS = ['stockout', 'below_reorder', 'overstock'] as const;
/** One of {@link RISK_TABLE_KINDS}. */
export type RiskTableKind = (typeof RISK_TABLE_KINDS)[number];

/** The `agg_item` columns the risk table shows beyond those every risk row carries: all it reads. */
export const RISK_TABLE_FIELDS = ['forecast_next_30d', 'on_hand', 'on_order', 'reorder_point', 'projected_stockout_date', 'suggested_order_qty'] as const;

/** The `risk()` call of a risk table. */
export function riskTableQuery(kind: RiskTableKind, limit: number, siteId: string | undefined): RiskQuery & { fields: (typeof RISK_TABLE_FIELDS)[number][] } {
  return { kind, limit, siteId, fields: [...RISK_TABLE_FIELDS] };
}
