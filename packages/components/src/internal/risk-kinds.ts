/** Risk kinds the risk table lists (every `RiskKind` but `ok`). */
export const RISK_TABLE_KINDS = ['stockout', 'below_reorder', 'overstock'] as const;
/** One of {@link RISK_TABLE_KINDS}. */
export type RiskTableKind = (typeof RISK_TABLE_KINDS)[number];
