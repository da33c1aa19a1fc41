/**
 * Gold contract v1 (`nova-gold/1`): table names, columns, types and sort keys.
 * This module is the single source of truth shared by the ETL (writer) and the SDK (reader).
 */

/** The contract identifier written into every manifest. */
export const CONTRACT = 'nova-gold/1' as const;

/** Column types as DuckDB names them; Parquet physical types follow DuckDB's mapping. */
export type ColumnType = 'VARCHAR' | 'DATE' | 'DOUBLE' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'TIMESTAMP';

/** One column of a gold table. */
export interface ColumnSpec {
  /** Column name. */
  name: string;
  /** DuckDB type name. */
  type: ColumnType;
  /** True when the column is part of the table's key (never null in gold). */
  key?: boolean;
  /** True when nulls are expected (e.g. `actual` in the future); exempt from the 1 % null rule. */
  nullable?: boolean;
}

/** Names of the gold tables. */
export type TableName =
  | 'dim_item'
  | 'dim_site'
  | 'dim_time'
  | 'fact_forecast'
  | 'fact_inventory'
  | 'agg_item'
  | 'agg_daily';

/** Static description of one gold table. */
export interface TableSpec {
  /** Table name. */
  name: TableName;
  /** Sort key, which is also the key of the table. */
  sortKey: string[];
  /** Columns in file order. */
  columns: ColumnSpec[];
  /** True when the table is split into several files by `item_id` range (see docs/gold-layout.md). */
  partitionedByItem?: boolean;
}

const k = (name: string, type: ColumnType): ColumnSpec => ({ name, type, key: true });
const c = (name: string, type: ColumnType, nullable = false): ColumnSpec =>
  nullable ? { name, type, nullable } : { name, type };

/** Every table of contract v1, in the order the manifest lists them. */
export const TABLES: Record<TableName, TableSpec> = {
  dim_item: {
    name: 'dim_item',
    sortKey: ['item_id'],
    columns: [
      k('item_id', 'VARCHAR'),
      c('sku', 'VARCHAR'),
      c('name', 'VARCHAR'),
      c('category', 'VARCHAR'),
      c('unit', 'VARCHAR'),
      c('unit_cost', 'DOUBLE'),
      c('currency', 'VARCHAR'),
      c('lead_time_days', 'INTEGER'),
      c('min_order_qty', 'DOUBLE'),
      c('criticality', 'VARCHAR'),
    ],
  },
  dim_site: {
    name: 'dim_site',
    sortKey: ['site_id'],
    columns: [k('site_id', 'VARCHAR'), c('name', 'VARCHAR'), c('state', 'VARCHAR'), c('region', 'VARCHAR')],
  },
  dim_time: {
    name: 'dim_time',
    sortKey: ['date'],
    columns: [
      k('date', 'DATE'),
      c('year', 'INTEGER'),
      c('quarter', 'INTEGER'),
      c('month', 'INTEGER'),
      c('iso_week', 'INTEGER'),
      c('day_of_week', 'INTEGER'),
      c('is_weekend', 'BOOLEAN'),
      c('is_holiday', 'BOOLEAN'),
      c('holiday_name', 'VARCHAR', true),
    ],
  },
  fact_forecast: {
    name: 'fact_forecast',
    // date before source: a date window of one item is one contiguous run of rows, so row-group
    // date statistics prune the rest of the item's history (docs/gold-layout.md).
    sortKey: ['item_id', 'site_id', 'date', 'source'],
    partitionedByItem: true,
    columns: [
      k('item_id', 'VARCHAR'),
      k('site_id', 'VARCHAR'),
      k('date', 'DATE'),
      k('source', 'VARCHAR'),
      c('forecast', 'DOUBLE'),
      c('forecast_lo', 'DOUBLE', true),
      c('forecast_hi', 'DOUBLE', true),
      c('actual', 'DOUBLE', true),
      c('model_version', 'VARCHAR'),
      c('generated_at', 'TIMESTAMP'),
      c('dataset_id', 'VARCHAR'),
    ],
  },
  fact_inventory: {
    name: 'fact_inventory',
    sortKey: ['item_id', 'site_id', 'date'],
    partitionedByItem: true,
    columns: [
      k('item_id', 'VARCHAR'),
      k('site_id', 'VARCHAR'),
      k('date', 'DATE'),
      c('on_hand', 'DOUBLE'),
      c('on_order', 'DOUBLE'),
      c('safety_stock', 'DOUBLE'),
      c('reorder_point', 'DOUBLE'),
      c('days_of_cover', 'DOUBLE', true),
    ],
  },
  agg_item: {
    name: 'agg_item',
    sortKey: ['item_id', 'site_id'],
    // The columns readers use as an index (selected source, risk class and its ranking measures,
    // 30-day forecast) come first: in each row group they are adjacent bytes, so a narrow read of
    // them is one request.
    columns: [
      k('item_id', 'VARCHAR'),
      k('site_id', 'VARCHAR'),
      c('source', 'VARCHAR'),
      c('risk', 'VARCHAR'),
      c('days_of_cover', 'DOUBLE', true),
      c('stock_value', 'DOUBLE'),
      c('forecast_next_30d', 'DOUBLE'),
      c('as_of', 'DATE'),
      c('on_hand', 'DOUBLE'),
      c('on_order', 'DOUBLE'),
      c('reorder_point', 'DOUBLE'),
      c('safety_stock', 'DOUBLE'),
      c('avg_daily_demand', 'DOUBLE'),
      c('projected_stockout_date', 'DATE', true),
      c('suggested_order_qty', 'DOUBLE'),
      c('wape', 'DOUBLE', true),
      c('mape', 'DOUBLE', true),
      c('bias', 'DOUBLE', true),
      c('model_version', 'VARCHAR'),
    ],
  },
  agg_daily: {
    name: 'agg_daily',
    sortKey: ['site_id', 'source', 'date'],
    columns: [
      k('site_id', 'VARCHAR'),
      k('source', 'VARCHAR'),
      k('date', 'DATE'),
      c('forecast', 'DOUBLE'),
      c('actual', 'DOUBLE', true),
      c('abs_error', 'DOUBLE', true),
      c('ape_sum', 'DOUBLE', true),
      c('ape_count', 'INTEGER'),
      c('items', 'INTEGER'),
      c('forecast_ma7', 'DOUBLE'),
      c('actual_ma7', 'DOUBLE', true),
      c('forecast_30', 'DOUBLE'),
      c('actual_30', 'DOUBLE', true),
    ],
  },
};

/** Table names in manifest order. */
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** Risk classes of `agg_item.risk`. */
export const RISK_KINDS = ['stockout', 'below_reorder', 'ok', 'overstock'] as const;
/** One risk class. */
export type RiskKind = (typeof RISK_KINDS)[number];

/** Time grains a gold snapshot can have. */
export const GRAINS = ['day', 'week', 'month'] as const;
/** One grain. */
export type Grain = (typeof GRAINS)[number];

/** Metadata every precomputed forecast carries; input without all four is rejected. */
export const ML_METADATA_FIELDS = ['source', 'model_version', 'generated_at', 'dataset_id'] as const;
