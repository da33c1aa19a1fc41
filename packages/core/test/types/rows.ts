// Compiled (not run) by test/contract-types.test.ts: row types and column lists derive from the
// contract's TABLES, so a wrong column name or a wrong value type is a compile error. Each
// expect-error directive below must meet an error, or tsc fails the test (an unused directive).
import { columnsOf, type ColumnName, type RowOf } from '../../src/contract/rows.js';
import type { Item, ItemPosition, InventoryPoint, TimeseriesPoint, Site } from '../../src/types.js';

export const ok = columnsOf('fact_forecast', ['item_id', 'date', 'actual']);
// @ts-expect-error -- not a fact_forecast column
export const typo = columnsOf('fact_forecast', ['item_id', 'actuals']);
// @ts-expect-error -- a dim_item column, not an agg_item one
export const wrongTable: ColumnName<'agg_item'> = 'sku';

declare const f: RowOf<'fact_forecast'>;
export const actual: number | null = f.actual; // nullable in the contract
export const date: string = f.date; // DATE as YYYY-MM-DD
// @ts-expect-error -- actual may be null
export const notNull: number = f.actual;
// @ts-expect-error -- forecast is a number
export const forecastText: string = f.forecast;

declare const it: Item;
export const cost: number = it.unit_cost;
// @ts-expect-error -- dim_item has no such column
export const nope = it.price;
declare const p: ItemPosition;
export const rank: number | null = p.risk_rank;
// @ts-expect-error -- risk is narrowed to the risk classes
export const badRisk: ItemPosition['risk'] = 'fine';
declare const inv: InventoryPoint;
// @ts-expect-error -- the key's item is not part of a point
export const invItem = inv.item_id;
declare const tp: TimeseriesPoint;
export const lo: number | null = tp.forecast_lo;
declare const s: Site;
export const region: string = s.region;
