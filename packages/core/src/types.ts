import type { Manifest, MlMetadata, RiskKind } from './contract/index.js';

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
  /** Where DuckDB-WASM's files are served from (browser `sql()` only); default `<module>/duckdb/`. */
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
  item_id: string;
  sku: string;
  name: string;
  category: string;
  unit: string;
  unit_cost: number;
  currency: string;
  lead_time_days: number;
  min_order_qty: number;
  criticality: string;
}

/** Arguments of `items()`. */
export interface ItemsQuery extends CallOptions {
  /** Case- and accent-insensitive search over item id, SKU and name. */
  search?: string;
  category?: string;
  limit?: number;
  offset?: number;
}

/** Result of `items()`. */
export interface ItemsResult {
  items: Item[];
  /** Matching items before limit/offset. */
  total: number;
}

/** Arguments of `timeseries()`. */
export interface TimeseriesQuery extends CallOptions {
  itemId: string;
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
  forecast: number;
  forecast_lo: number | null;
  forecast_hi: number | null;
  /** Null in the future (after `as_of`). */
  actual: number | null;
}

/** Result of `timeseries()`. */
export interface TimeseriesResult {
  itemId: string;
  siteId: string;
  /** Provenance of the rows. */
  meta: MlMetadata;
  /** The manifest's `as_of`: the boundary between history and future. */
  asOf: string;
  points: TimeseriesPoint[];
}

/** Arguments of `summary()`. */
export interface SummaryQuery extends CallOptions {
  start: string;
  end: string;
  itemIds?: string[];
  siteId?: string;
  source?: string;
}

/** Result of `summary()`. */
export interface SummaryResult {
  start: string;
  end: string;
  source: string;
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
  itemId: string;
  siteId?: string;
  start?: string;
  end?: string;
}

/** One row of `fact_inventory`. */
export interface InventoryPoint {
  date: string;
  on_hand: number;
  on_order: number;
  safety_stock: number;
  reorder_point: number;
  days_of_cover: number | null;
}

/** One row of `agg_item`: the as-of position and risk of an item at a site. */
export interface ItemPosition {
  item_id: string;
  site_id: string;
  as_of: string;
  on_hand: number;
  on_order: number;
  reorder_point: number;
  safety_stock: number;
  avg_daily_demand: number;
  forecast_next_30d: number;
  days_of_cover: number | null;
  projected_stockout_date: string | null;
  risk: RiskKind;
  suggested_order_qty: number;
  stock_value: number;
  wape: number | null;
  mape: number | null;
  bias: number | null;
  source: string;
  model_version: string;
}

/** Result of `inventory()`. */
export interface InventoryResult {
  itemId: string;
  siteId: string;
  series: InventoryPoint[];
  position: ItemPosition;
}

/** Arguments of `risk()`. */
export interface RiskQuery extends CallOptions {
  kind: Exclude<RiskKind, 'ok'>;
  limit?: number;
  siteId?: string;
}

/** A risk row: the position joined with the item's name and category. */
export interface RiskRow extends ItemPosition {
  name: string;
  category: string;
  unit_cost: number;
}

/** Result of `sql()`. */
export interface SqlResult<T = Record<string, unknown>> {
  columns: { name: string; type: string }[];
  rows: T[];
  /** Arrow IPC stream bytes of the result, for Arrow users. */
  arrow?: Uint8Array;
}

/** The SDK client. Every number the components show comes through this interface. */
export interface NovaClient {
  /** The pinned snapshot's manifest. */
  readonly manifest: Manifest;
  items(q?: ItemsQuery): Promise<ItemsResult>;
  timeseries(q: TimeseriesQuery): Promise<TimeseriesResult>;
  summary(q: SummaryQuery): Promise<SummaryResult>;
  inventory(q: InventoryQuery): Promise<InventoryResult>;
  risk(q: RiskQuery): Promise<RiskRow[]>;
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
