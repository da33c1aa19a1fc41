/**
 * Gold contract v1 (`nova-gold/1`): table names, columns, types and sort keys.
 * This module is the single source of truth shared by the ETL (writer) and the SDK (reader).
 */

/**
 * The contract identifier written into every manifest. `nova-gold/1.1` adds, to `nova-gold/1`,
 * the plan rollups and figures (columns and tables marked `since: '1.1'`); `nova-gold/1.2` keeps
 * the manifest's size independent of the catalogue (item-partitioned tables are placed by a hash of
 * the item id and listed in a file index, see `placement.ts`) and adds the overview tables
 * `agg_risk` and `search_item`; `nova-gold/1.3` splits `search_item` into files by token range,
 * listed in a file index (`search-index.ts`); `nova-gold/1.4` adds the item's label (`name`, `unit`,
 * copies of dim_item's: {@link ITEM_LABEL}) to `agg_item`, so a chart's title comes with the row
 * group it reads anyway; `nova-gold/1.5` writes the all-sites figures by the all-sites rule
 * (`allSitesRows` in figures.ts): `agg_totals`' all-sites sums count an item with a forecast
 * without a site by that row alone, and when some item has both such a forecast and per-site ones,
 * `agg_daily` and `agg_accuracy` carry all-sites rows (`site_id` '', `ALL_SITES`), which readers use
 * instead of summing the sites' rows. Readers and `validate` accept every identifier of {@link CONTRACTS}.
 */
export const CONTRACT = 'nova-gold/1.5' as const;

/** Every contract identifier this module reads, oldest first. */
export const CONTRACTS = ['nova-gold/1', 'nova-gold/1.1', 'nova-gold/1.2', 'nova-gold/1.3', 'nova-gold/1.4', 'nova-gold/1.5'] as const;
/** One contract identifier. */
export type ContractId = (typeof CONTRACTS)[number];

/** A contract's minor version. */
export type ContractVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4' | '1.5';

/** The minor version (`'1.0'` … `'1.5'`) of a contract identifier; null when it is not one of {@link CONTRACTS}. */
export function contractVersion(id: unknown): ContractVersion | null {
  if (id === 'nova-gold/1') return '1.0';
  return (CONTRACTS as readonly unknown[]).includes(id) ? ((id as string).slice('nova-gold/'.length) as ContractVersion) : null;
}

/**
 * True when contract version `version` (`'1.0'`, `'1.4'` …) is `since` or later, comparing the
 * major and minor numbers (a string comparison would put a future `'1.10'` before `'1.4'`).
 */
export function versionAtLeast(version: ContractVersion, since: ContractVersion): boolean {
  const [a, b] = [version, since].map((v) => v.split('.').map(Number));
  return a[0] !== b[0] ? a[0] > b[0] : a[1] >= b[1];
}

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
  /** Contract version that added the column (absent: `1.0`); older gold does not have it. */
  since?: '1.1' | '1.2' | '1.3' | '1.4';
}

/** Names of the gold tables. */
export type TableName =
  | 'dim_item'
  | 'dim_site'
  | 'dim_time'
  | 'fact_forecast'
  | 'fact_inventory'
  | 'agg_item'
  | 'agg_daily'
  | 'agg_accuracy'
  | 'agg_model'
  | 'agg_totals'
  | 'agg_risk'
  | 'search_item';

/** Static description of one gold table. */
export interface TableSpec {
  /** Table name. */
  name: TableName;
  /** Sort key, which is also the key of the table. */
  sortKey: string[];
  /** Columns in file order. */
  columns: ColumnSpec[];
  /**
   * True when the table is split into several files listed in a file index (from nova-gold/1.2 on;
   * before, listed in the manifest): by item — by `item_id` range before nova-gold/1.2, by a hash
   * of `item_id` from 1.2 on (`placement.ts`, docs/gold-layout.md) — or, when `splitBy` is
   * `token`, by token range (`search_item` from 1.3, `search-index.ts`).
   */
  partitionedByItem?: boolean;
  /** Split only from this contract version on (`agg_item`: 1.2, `search_item`: 1.3); absent: always when `partitionedByItem`. */
  partitionedSince?: '1.2' | '1.3';
  /** `token`: the files are cut by ranges of the sort key's first column, not placed by item (`search_item`, 1.3). */
  splitBy?: 'token';
  /** Contract version that added the table (absent: `1.0`); older gold does not have it. */
  since?: '1.1' | '1.2';
  /**
   * Tables derived from other gold tables by the writer of the snapshot (`nova-etl build` and
   * `nova-etl seal` both make them, with the same code): an outside engine need not write them.
   */
  derived?: true;
}

// The helpers keep each column's name, type and nullability as literal types, so row types and
// column-name checks derive from TABLES (contract/rows.ts) instead of being restated.
const k = <N extends string, T extends ColumnType>(name: N, type: T) => ({ name, type, key: true as const });
function c<N extends string, T extends ColumnType>(name: N, type: T): { name: N; type: T };
function c<N extends string, T extends ColumnType>(name: N, type: T, nullable: true): { name: N; type: T; nullable: true };
function c(name: string, type: ColumnType, nullable = false): ColumnSpec {
  return nullable ? { name, type, nullable } : { name, type };
}
/** A column added by contract 1.1. */
function c11<N extends string, T extends ColumnType>(name: N, type: T): { name: N; type: T; since: '1.1' };
function c11<N extends string, T extends ColumnType>(name: N, type: T, nullable: true): { name: N; type: T; nullable: true; since: '1.1' };
function c11(name: string, type: ColumnType, nullable = false): ColumnSpec {
  return { ...(nullable ? c(name, type, true) : c(name, type)), since: '1.1' };
}
/** The summable error components (docs/contract.md, `errorSumsSql`), added by contract 1.1. */
const errorColumns = () => [
  c11('scored_actual', 'DOUBLE', true),
  c11('forecast_with_actual', 'DOUBLE', true),
  c11('abs_error', 'DOUBLE', true),
  c11('ape_sum', 'DOUBLE', true),
  c11('ape_count', 'INTEGER'),
] as const;

/** A column added by contract 1.2. */
function c12<N extends string, T extends ColumnType>(name: N, type: T): { name: N; type: T; since: '1.2' };
function c12<N extends string, T extends ColumnType>(name: N, type: T, nullable: true): { name: N; type: T; nullable: true; since: '1.2' };
function c12(name: string, type: ColumnType, nullable = false): ColumnSpec {
  return { ...(nullable ? c(name, type, true) : c(name, type)), since: '1.2' };
}

/** dim_item's columns after name and category; 1.3's search_item carries them too. */
const ITEM_REST = [
  c('unit', 'VARCHAR'),
  c('unit_cost', 'DOUBLE'),
  c('currency', 'VARCHAR'),
  c('lead_time_days', 'INTEGER'),
  c('min_order_qty', 'DOUBLE'),
  c('criticality', 'VARCHAR'),
] as const;

/** Columns marked as added by contract 1.3. */
const since13 = <const C extends readonly ColumnSpec[]>(cols: C) => cols.map((col) => ({ ...col, since: '1.3' })) as unknown as { [I in keyof C]: C[I] & { since: '1.3' } };

/**
 * The item's label — the dim_item columns a one-item chart shows as its title — that `agg_item`
 * carries from nova-gold/1.4 on, right after its index columns: on every `agg_item` row they equal
 * the item's `dim_item` values (`nova-etl seal` and `validate` check it, {@link itemLabelMismatchSql}).
 */
export const ITEM_LABEL = ['name', 'unit'] as const;

/** A column added by contract 1.4. */
const c14 = <N extends string>(name: N) => ({ name, type: 'VARCHAR' as const, since: '1.4' as const });

/**
 * SQL over relations `agg` (agg_item rows) and `dim` (dim_item rows): one row per `agg` row whose
 * {@link ITEM_LABEL} differs from its item's `dim_item` values (nulls compared as values) or whose
 * item `dim` lacks, with columns `item_id`, `site_id`, `column` (the first label column that
 * differs, or `item_id`), `got` and `want`.
 */
export function itemLabelMismatchSql(agg: string, dim: string): string {
  const differs = ITEM_LABEL.map((c) => `WHEN a."${c}" IS DISTINCT FROM d."${c}" THEN '${c}'`).join(' ');
  const got = ITEM_LABEL.map((c) => `WHEN a."${c}" IS DISTINCT FROM d."${c}" THEN a."${c}"`).join(' ');
  const want = ITEM_LABEL.map((c) => `WHEN a."${c}" IS DISTINCT FROM d."${c}" THEN d."${c}"`).join(' ');
  return `SELECT a.item_id, a.site_id, CASE WHEN d.item_id IS NULL THEN 'item_id' ${differs} END AS "column",
      CASE WHEN d.item_id IS NULL THEN a.item_id ${got} END AS got, CASE WHEN d.item_id IS NULL THEN NULL ${want} END AS want
    FROM ${agg} a LEFT JOIN ${dim} d ON d.item_id = a.item_id
    WHERE d.item_id IS NULL OR ${ITEM_LABEL.map((c) => `a."${c}" IS DISTINCT FROM d."${c}"`).join(' OR ')}`;
}

/**
 * Every table of the contract declared `as const satisfies`: each column's name, type and
 * nullability stay literal types, so row types and column-name checks derive from it
 * (contract/rows.ts). `TABLES` is the same object seen as `TableSpec`s.
 */
const DECLARED = {
  dim_item: {
    name: 'dim_item',
    sortKey: ['item_id'],
    columns: [
      k('item_id', 'VARCHAR'),
      c('sku', 'VARCHAR'),
      c('name', 'VARCHAR'),
      c('category', 'VARCHAR'),
      ...ITEM_REST,
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
    // From 1.2 on split by item hash into small files (LOOKUP_ROWS_PER_BUCKET): a cold chart reads
    // one small footer, not one that grows with the catalogue.
    partitionedByItem: true,
    partitionedSince: '1.2',
    // The columns readers use as an index (selected source, risk class and its ranking measures,
    // 30-day forecast) come first: in each row group they are adjacent bytes, so a narrow read of
    // them is one request. From 1.4 the item's label (ITEM_LABEL) follows the selected source: a
    // chart's read of its item's sites and sources brings its title in the same request.
    columns: [
      k('item_id', 'VARCHAR'),
      k('site_id', 'VARCHAR'),
      c('source', 'VARCHAR'),
      c14('name'),
      c14('unit'),
      c('risk', 'VARCHAR'),
      c('days_of_cover', 'DOUBLE', true),
      c('stock_value', 'DOUBLE'),
      c('forecast_next_30d', 'DOUBLE'),
      c11('risk_rank', 'INTEGER', true),
      c11('demand_value_30d', 'DOUBLE'),
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
      c11('scored_actual', 'DOUBLE', true),
      c11('forecast_with_actual', 'DOUBLE', true),
    ],
  },
  agg_accuracy: {
    name: 'agg_accuracy',
    since: '1.1',
    // Error components at planning grains coarser than the gold's own (week and month of daily
    // gold, month of weekly gold): per site, source (and the plan blend) and period.
    sortKey: ['grain', 'site_id', 'source', 'date'],
    columns: [
      k('grain', 'VARCHAR'),
      k('site_id', 'VARCHAR'),
      k('source', 'VARCHAR'),
      k('date', 'DATE'),
      c11('forecast', 'DOUBLE'),
      c11('actual', 'DOUBLE', true),
      ...errorColumns(),
      c11('item_sites', 'INTEGER'),
    ],
  },
  agg_model: {
    name: 'agg_model',
    since: '1.1',
    // Model comparison over the error window: per source (and the plan blend) and item category.
    sortKey: ['source', 'category'],
    columns: [
      k('source', 'VARCHAR'),
      k('category', 'VARCHAR'),
      c11('window_start', 'DATE'),
      c11('window_end', 'DATE'),
      c11('item_sites', 'INTEGER'),
      c11('selected', 'INTEGER'),
      ...errorColumns(),
      c11('beat_actual', 'DOUBLE', true),
      c11('beat_abs_error', 'DOUBLE', true),
      c11('runner_up_abs_error', 'DOUBLE', true),
    ],
  },
  agg_totals: {
    name: 'agg_totals',
    since: '1.1',
    // The headline counts per site, and over all sites on the row with site_id '' (an item at two
    // sites counts once there): summary() reads these few rows instead of all of agg_item.
    sortKey: ['site_id'],
    columns: [
      k('site_id', 'VARCHAR'),
      c11('items', 'INTEGER'),
      c11('at_risk', 'INTEGER'),
      c11('forecast_next_30d', 'DOUBLE'),
      c11('demand_value_at_risk_30d', 'DOUBLE'),
    ],
  },
  agg_risk: {
    name: 'agg_risk',
    since: '1.2',
    derived: true,
    // The overview's risk rows: agg_item's rows of the alert kinds (from 1.4 with its label, name and
    // unit) with the item's name, category, unit cost and criticality, in each kind's urgency order (risk_rank), so the top N of a kind
    // are the first rows of its first row group (docs/scale.md).
    sortKey: ['risk', 'risk_rank', 'item_id', 'site_id'],
    columns: [
      k('risk', 'VARCHAR'),
      k('risk_rank', 'INTEGER'),
      k('item_id', 'VARCHAR'),
      k('site_id', 'VARCHAR'),
      c12('name', 'VARCHAR'),
      c12('category', 'VARCHAR'),
      c12('unit_cost', 'DOUBLE'),
      c12('criticality', 'VARCHAR'),
      // 1.4: agg_item's label column besides name, so a risk row still holds every agg_item column.
      c14('unit'),
      c12('source', 'VARCHAR'),
      c12('days_of_cover', 'DOUBLE', true),
      c12('stock_value', 'DOUBLE'),
      c12('forecast_next_30d', 'DOUBLE'),
      c12('demand_value_30d', 'DOUBLE'),
      c12('as_of', 'DATE'),
      c12('on_hand', 'DOUBLE'),
      c12('on_order', 'DOUBLE'),
      c12('reorder_point', 'DOUBLE'),
      c12('safety_stock', 'DOUBLE'),
      c12('avg_daily_demand', 'DOUBLE'),
      c12('projected_stockout_date', 'DATE', true),
      c12('suggested_order_qty', 'DOUBLE'),
      c12('wape', 'DOUBLE', true),
      c12('mape', 'DOUBLE', true),
      c12('bias', 'DOUBLE', true),
      c12('model_version', 'VARCHAR'),
    ],
  },
  search_item: {
    name: 'search_item',
    since: '1.2',
    derived: true,
    // Item search by prefix: one row per (search token, item), tokens being the folded words of the
    // item's id, SKU and name plus the whole folded id and SKU (contract `searchTokens`), sorted by
    // token so a prefix is a contiguous run of rows found by row-group statistics. From 1.3 on cut
    // into small files by token range, listed with their first and last token in a file index
    // (`search-index.ts`), and carrying the whole dim_item row: a search reads one small footer
    // and the row groups of its prefix, whatever the catalogue.
    partitionedByItem: true,
    partitionedSince: '1.3',
    splitBy: 'token',
    sortKey: ['token', 'item_id'],
    columns: [
      k('token', 'VARCHAR'),
      k('item_id', 'VARCHAR'),
      c12('sku', 'VARCHAR'),
      c12('name', 'VARCHAR'),
      c12('category', 'VARCHAR'),
      // 1.3: the rest of the item's dim_item row, so a search's page needs no read of dim_item
      // (whose footer grows with the catalogue).
      ...since13(ITEM_REST),
    ],
  },
} as const satisfies Record<TableName, TableSpec>;

/**
 * The literal type of the table declarations, which row types derive from (contract/rows.ts).
 * @internal
 */
export type Tables = typeof DECLARED;

/** Every table of contract v1, in the order the manifest lists them (declared `as const satisfies` above, seen as {@link TableSpec}s). */
export const TABLES: Readonly<Record<TableName, TableSpec>> = DECLARED;

/** True when gold of contract `version` has the table (tables added later are absent from older gold). */
export function tableInVersion(spec: Pick<TableSpec, 'since'>, version: ContractVersion): boolean {
  return spec.since === undefined || versionAtLeast(version, spec.since);
}

/** The columns of `table` that gold of contract `version` has. */
export function columnsInVersion(table: TableName, version: ContractVersion): ColumnSpec[] {
  return TABLES[table].columns.filter((col) => col.since === undefined || versionAtLeast(version, col.since));
}

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
