import type { Manifest, MlMetadata, RiskKind } from './contract/index.js';
import type { DuckdbBundle } from './sql/bundle-urls.js';

export type { DuckdbBundle };

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Gold root URL (ends with `/`), e.g. `https://host/gold/`. In Node also a local folder path. */
  url: string;
  /** Extra request headers (e.g. `Authorization`), sent with every request. */
  headers?: Record<string, string>;
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof fetch;
  /** Turns a path relative to the gold root into a (presigned) URL. */
  signUrl?: (path: string) => string | Promise<string>;
  /** Cache lifetime of query results in milliseconds (default 60 000). */
  cacheTtlMs?: number;
  /**
   * Browser `sql()` only: the URLs of DuckDB-WASM's `eh` files, as DuckDB-WASM's own bundle API
   * takes them, e.g. from a bundler's asset imports (Vite:
   * `import mainModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url'`). Give this or
   * `duckdbBundleUrl`, not both.
   */
  duckdbBundle?: DuckdbBundle;
  /**
   * Browser `sql()` only: a folder URL serving `duckdb-eh.wasm` and `duckdb-browser-eh.worker.js`
   * under those names (`scripts/copy-duckdb.mjs` copies them); default `duckdb/` beside the module.
   */
  duckdbBundleUrl?: string;
  /** Per-request timeout in milliseconds (default 30 000); a request without an answer fails with code `network`. */
  timeoutMs?: number;
  /** Aborts `createClient` itself (the manifest read). */
  signal?: AbortSignal;
}

/** Options accepted by every call. */
export interface CallOptions {
  /** Aborts the call; it then rejects with a `NovaError` of code `aborted`. */
  signal?: AbortSignal;
}

/** One row of `dim_item`. */
export interface Item {
  /** Item id (the key of `dim_item`). */
  item_id: string;
  /** ERP stock-keeping unit. */
  sku: string;
  /** Description, as in the ERP. */
  name: string;
  /** Material family, e.g. `MATERIAL ELÉTRICO`. */
  category: string;
  /** Unit of measure. */
  unit: string;
  /** Unit cost in `currency`. */
  unit_cost: number;
  /** ISO currency code (BRL). */
  currency: string;
  /** Supplier lead time in days. */
  lead_time_days: number;
  /** Minimum order quantity. */
  min_order_qty: number;
  /** Criticality class A, B or C. */
  criticality: string;
}

/** Arguments of `items()`. */
export interface ItemsQuery extends CallOptions {
  /**
   * Exact item ids (at most 1,000). Only the row groups of `dim_item` that can hold them are read,
   * so looking up one item costs a fraction of the table. Unknown ids are simply absent.
   */
  ids?: string[];
  /** Case- and accent-insensitive search over item id, SKU and name. */
  search?: string;
  /**
   * `dim_item` columns to return besides `item_id` (default: all). Fewer columns are fewer bytes to
   * fetch and decode: a chart title needs `['name']`.
   */
  fields?: (keyof Item)[];
  /** Only items of this category (exact match). */
  category?: string;
  /** Page size (integer ≥ 0); all when omitted. */
  limit?: number;
  /** Items to skip (integer ≥ 0). */
  offset?: number;
}

/** Result of `items()`; with `fields`, each item carries `item_id` and those fields only. */
export interface ItemsResult<T = Item> {
  /** The page of items, sorted by `item_id`. */
  items: T[];
  /** Matching items before limit/offset. */
  total: number;
}

/** Arguments of `timeseries()`. */
export interface TimeseriesQuery extends CallOptions {
  /** The item (`dim_item.item_id`). */
  itemId: string;
  /** Site; default: the item's first site in `agg_item`. */
  siteId?: string;
  /** First date (YYYY-MM-DD), inclusive. */
  start?: string;
  /** Last date (YYYY-MM-DD), inclusive. */
  end?: string;
  /** Forecast source; default: the item's selected source in `agg_item`, else the first in the manifest. */
  source?: string;
}

/** One period of a forecast series. */
export interface TimeseriesPoint {
  /** Period start, YYYY-MM-DD. */
  date: string;
  /** Forecast demand of the period. */
  forecast: number;
  /** Lower bound of the forecast interval, when the model gave one. */
  forecast_lo: number | null;
  /** Upper bound of the forecast interval, when the model gave one. */
  forecast_hi: number | null;
  /** Null in the future (after `as_of`). */
  actual: number | null;
}

/** Result of `timeseries()`. */
export interface TimeseriesResult {
  /** The item. */
  itemId: string;
  /** The site the points belong to. */
  siteId: string;
  /** Provenance of the rows. */
  meta: MlMetadata;
  /** The manifest's `as_of`: the boundary between history and future. */
  asOf: string;
  /** One point per period, sorted by date. */
  points: TimeseriesPoint[];
}

/** Arguments of `summary()`. */
export interface SummaryQuery extends CallOptions {
  /** First date (YYYY-MM-DD), inclusive. */
  start: string;
  /** Last date (YYYY-MM-DD), inclusive. */
  end: string;
  /** Only these items (reads their fact rows); all items via `agg_daily` when omitted. */
  itemIds?: string[];
  /** Only this site. */
  siteId?: string;
  /** Forecast source; default: the manifest's first. */
  source?: string;
}

/** Result of `summary()`. */
export interface SummaryResult {
  /** First date of the range. */
  start: string;
  /** Last date of the range. */
  end: string;
  /** Forecast source the totals are for. */
  source: string;
  /** Sum of forecasts over the range. */
  forecastTotal: number;
  /** Sum of actuals over periods up to `as_of`. */
  actualTotal: number;
  /** Σ|forecast − actual| / Σ actual over periods with actuals; null when Σ actual is 0. */
  wape: number | null;
  /** Mean |forecast − actual| / actual over non-zero actuals; null when there are none. */
  mape: number | null;
  /** (Σ forecast − Σ actual) / Σ actual over periods with actuals. */
  bias: number | null;
  /** Distinct items in scope. */
  items: number;
  /** Items whose `agg_item.risk` is `stockout` or `below_reorder`. */
  atRisk: number;
  /** Value of the next 30 days of forecast demand (forecast_next_30d × unit_cost) of the at-risk items, in BRL. */
  stockValueAtRisk: number;
}

/** Arguments of `inventory()`. */
export interface InventoryQuery extends CallOptions {
  /** The item. */
  itemId: string;
  /** Site; default: the item's first site in `agg_item`. */
  siteId?: string;
  /** First date (YYYY-MM-DD), inclusive. */
  start?: string;
  /** Last date (YYYY-MM-DD), inclusive. */
  end?: string;
}

/** One row of `fact_inventory`. */
export interface InventoryPoint {
  /** Snapshot date, YYYY-MM-DD. */
  date: string;
  /** Stock on hand. */
  on_hand: number;
  /** Stock on order. */
  on_order: number;
  /** Safety stock. */
  safety_stock: number;
  /** Reorder point. */
  reorder_point: number;
  /** Days the stock lasts at forecast demand; null when demand is zero. */
  days_of_cover: number | null;
}

/** One row of `agg_item`: the as-of position and risk of an item at a site. */
export interface ItemPosition {
  /** The item. */
  item_id: string;
  /** The site. */
  site_id: string;
  /** Date of the position (the manifest `as_of`). */
  as_of: string;
  /** Stock on hand. */
  on_hand: number;
  /** Stock on order. */
  on_order: number;
  /** Reorder point. */
  reorder_point: number;
  /** Safety stock. */
  safety_stock: number;
  /** Mean forecast demand per day. */
  avg_daily_demand: number;
  /** Forecast demand over the next 30 days. */
  forecast_next_30d: number;
  /** Days of cover; null when demand is zero. */
  days_of_cover: number | null;
  /** Date the stock runs out at forecast demand, if within the horizon. */
  projected_stockout_date: string | null;
  /** Risk class. */
  risk: RiskKind;
  /** Suggested order, rounded up to the minimum order quantity. */
  suggested_order_qty: number;
  /** Value of the stock on hand. */
  stock_value: number;
  /** WAPE over the last 90 days. */
  wape: number | null;
  /** MAPE over non-zero actuals of the last 90 days. */
  mape: number | null;
  /** Forecast bias over the last 90 days. */
  bias: number | null;
  /** Forecast source selected for the item. */
  source: string;
  /** Model version of that source. */
  model_version: string;
}

/** Result of `inventory()`. */
export interface InventoryResult {
  /** The item. */
  itemId: string;
  /** The site. */
  siteId: string;
  /** Stock series, sorted by date. */
  series: InventoryPoint[];
  /** The as-of position from `agg_item`. */
  position: ItemPosition;
}

/** Arguments of `risk()`. */
export interface RiskQuery extends CallOptions {
  /** Risk class to list. */
  kind: Exclude<RiskKind, 'ok'>;
  /** At most this many rows (integer ≥ 0). */
  limit?: number;
  /** Only this site. */
  siteId?: string;
  /**
   * `agg_item` columns to return besides the ones every row carries (`item_id`, `site_id`, `risk`,
   * `days_of_cover`, `stock_value`) and the item's `name`, `category`, `unit_cost` (default: all
   * columns). A table showing a few columns decodes a fraction of `agg_item`.
   */
  fields?: (keyof ItemPosition)[];
}

/** The fields every `risk()` row carries, whatever `fields` asks for. */
export type RiskRowBase = Pick<
  RiskRow,
  'item_id' | 'site_id' | 'risk' | 'days_of_cover' | 'stock_value' | 'name' | 'category' | 'unit_cost'
>;

/** A risk row: the position joined with the item's name and category. */
export interface RiskRow extends ItemPosition {
  /** Item name. */
  name: string;
  /** Item category. */
  category: string;
  /** Item unit cost. */
  unit_cost: number;
}

/** Result of `sql()`. */
export interface SqlResult<T = Record<string, unknown>> {
  /** Result columns with DuckDB type names. */
  columns: {
    /** Column name. */
    name: string;
    /** DuckDB type name. */
    type: string;
  }[];
  /** Rows as plain objects (BIGINT → number, DATE → YYYY-MM-DD, TIMESTAMP → ISO string). */
  rows: T[];
  /** Arrow IPC stream bytes of the result, for Arrow users. */
  arrow?: Uint8Array;
}

/** The SDK client. Every number the components show comes through this interface. */
export interface NovaClient {
  /** The pinned snapshot's manifest. */
  readonly manifest: Manifest;
  /** Searches and pages `dim_item`. */
  items(q?: ItemsQuery & { fields?: undefined }): Promise<ItemsResult>;
  /** `items()` returning only `item_id` and the requested `fields` of each item. */
  items<K extends keyof Item>(q: ItemsQuery & { fields: K[] }): Promise<ItemsResult<Pick<Item, K | 'item_id'>>>;
  /** One item's forecast vs actual series, with provenance. */
  timeseries(q: TimeseriesQuery): Promise<TimeseriesResult>;
  /** Totals, WAPE, MAPE, bias and risk counts over a date range. */
  summary(q: SummaryQuery): Promise<SummaryResult>;
  /** One item's stock series and its current position. */
  inventory(q: InventoryQuery): Promise<InventoryResult>;
  /** Items in a risk class, joined with their names. */
  risk(q: RiskQuery & { fields?: undefined }): Promise<RiskRow[]>;
  /** `risk()` returning the ranking fields, the item's name/category/cost and the requested `fields` only. */
  risk<K extends keyof ItemPosition>(q: RiskQuery & { fields: K[] }): Promise<(RiskRowBase & Pick<ItemPosition, K>)[]>;
  /** Read-only SQL over the gold tables (`dim_item`, `fact_forecast`, …); `?` parameters are bound. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[], opts?: CallOptions): Promise<SqlResult<T>>;
  /** Re-reads the manifest; on a new snapshot switches atomically and emits `snapshot`. Returns true when it changed. */
  refresh(opts?: CallOptions): Promise<boolean>;
  /** Subscribes to `snapshot` events; returns an unsubscribe function. */
  on(event: 'snapshot', listener: (manifest: Manifest) => void): () => void;
  /** Releases workers and caches. */
  close(): Promise<void>;
}

/** Error codes of {@link NovaError}. */
export type NovaErrorCode =
  | 'manifest_missing'
  | 'contract_mismatch'
  | 'network'
  | 'not_found'
  | 'invalid_argument'
  | 'query_failed'
  | 'aborted';
