import { ITEM_LABEL, itemLabelMismatchSql } from '@nova-corrente/core/contract';
import type { Db } from '../db.js';

/**
 * nova-gold/1.4's label rule: every `agg_item` row's `name` and `unit` equal its item's `dim_item`
 * values (contract `ITEM_LABEL`, `itemLabelMismatchSql`). `agg` and `dim` are relations (a table, a
 * view or a `read_parquet(...)`). Returns the problem naming the rows that break it, or null.
 */
export async function itemLabelProblem(db: Db, agg: string, dim: string): Promise<string | null> {
  const r = await db.one<{ n: number; item_id: string; site_id: string; column: string; got: string | null; want: string | null }>(
    `SELECT count(*) OVER ()::BIGINT AS n, item_id, site_id, "column", got, want FROM (${itemLabelMismatchSql(agg, dim)}) ORDER BY item_id, site_id LIMIT 1`,
  );
  if (!r || Number(r.n) === 0) return null;
  const what = r.column === 'item_id'
    ? `item ${JSON.stringify(r.item_id)} is not in dim_item`
    : `${r.column} is ${JSON.stringify(r.got)} where dim_item says ${JSON.stringify(r.want)}`;
  return `agg_item has ${r.n} row(s) whose label (${ITEM_LABEL.join(', ')}) is not the item's dim_item one: e.g. item ${JSON.stringify(r.item_id)} at site ${JSON.stringify(r.site_id)}: ${what}`;
}
