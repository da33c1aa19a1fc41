import type { Grain, Manifest, MlMetadata, RiskKind } from './contract/index.js';
import type { RowOf } from './contract/rows.js';
import type { DuckdbBundle } from './sql/bundle-urls.js';

export type { DuckdbBundle };

/**
 * Bounds of a client's caches. Query results are kept up to `cacheTtlMs`, and at most
 * `cacheMaxEntries` results and `cacheMaxBytes` (estimated) bytes of them, least recently used
 * dropped first; Parquet footers and the bytes fetched with them are kept for at most
 * `fileCacheMaxFiles` files and `fileCacheMaxBytes` bytes. After `refresh()` moves to a new
 * snapshot, the old one's cached results and bytes are dropped.
 */
export interface CacheOptions {
  /** Cache lifetime of query results in milliseconds (default 60 000). */
  cacheTtlMs?: number;
  /** Most query results kept (default 500). */
  cacheMaxEntries?: number;
  /** Most bytes of query results kept, by estimate of their size in memory (default 33 554 432, 32 MiB). */
  cacheMaxBytes?: number;
  /** Most Parquet files whose footer (and the bytes fetched with it) are kept (default 256). */
  fileCacheMaxFiles?: number;
  /** Most bytes of Parquet footers and fetched file bytes kept (default 33 554 432, 32 MiB). */
  fileCacheMaxBytes?: number;
}

/** Options of {@link createClient}. */
export interface ClientOptions extends CacheOptions {
  /** Gold root URL (ends with `/`), e.g. `https://host/gold/`. In Node also a local folder path. */
  url: string;
  /** Extra request headers (e.g. `Authorization`), sent with every request. */
  headers?: Record<string, string>;
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof fetch;
  /** Turns a path relative to the gold root into a (presigned) URL. */
  signUrl?: (path: string) => string | Promise<string>;
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
  /** Default limits of every `sql()` call of this client (each call may override them). */
  sqlLimits?: SqlLimits;
}

/**
 * Limits of `sql()`, set per client (`sqlLimits`) and per call (its options). Defaults: 100,000
 * rows (truncated), 30 s, and in Node DuckDB's `memory_limit` 1GB and 4 threads.
 */
export interface SqlLimits {
  /** Most rows a result carries (integer > 0; default 100 000). */
  maxRows?: number;
  /** Beyond `maxRows`: `'truncate'` (default; the result says `truncated: true`) or `'error'` (`NovaError('too_large')`). */
  onTooManyRows?: 'truncate' | 'error';
  /** Time limit of the call in ms (default 30 000); the query is then interrupted and the call rejects with `aborted`. */
  timeoutMs?: number;
  /** Node only: DuckDB `memory_limit`, e.g. `'512MB'` (default `'1GB'`); over it the query fails, the process lives. */
  memoryLimit?: string;
  /** Node only: DuckDB `threads` (default 4). */
  threads?: number;
}

/** Options of one `sql()` call: an abort signal and limits over the client's. */
export interface SqlCallOptions extends CallOptions, SqlLimits {}

/** Options accepted by every call. */
export interface CallOptions {
  /** Aborts the call; it then rejects with a `NovaError` of code `aborted`. */
  signal?: AbortSignal;
}

/**
 * One row of `dim_item` (columns and types from the contract, `TABLES.dim_item`): `item_id`, ERP
 * `sku`, `name`, material family `category`, `unit`, `unit_cost` in `currency` (BRL),
 * `lead_time_days`, `min_order_qty`, `criticality` (A, B or C).
 */
export type Item = RowOf<'dim_item'>;

/** One row of `dim_site`, a warehouse (depot): `site_id` (e.g. `SSA`), `name`, `state` (UF), `region`. */
export type Site = RowOf<'dim_site'>;

/** Arguments of `items()`. */
export interface ItemsQuery extends CallOptions {
  /**
   * Exact item ids (at most 1,000). Only the row groups of `dim_item` that can hold them are read,
   * so looking up one item costs a fraction of the table. Unknown ids are simply absent.
   */
  ids?: string[];
  /** Search over item id, SKU and name: case- and accent-insensitive, NFKC, invisible characters (zero-width, bidi controls) ignored on both sides. On nova-gold/1.2 gold it matches from the start of a word of the id, SKU or name (docs/contract.md, item search). */
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
  /** Site; default: all of the item's sites, summed (each site's own series in `sites`). */
  siteId?: string;
  /** First date (YYYY-MM-DD), inclusive. */
  start?: string;
  /** Last date (YYYY-MM-DD), inclusive. */
  end?: string;
  /** Forecast source; default: the plan (each site's selected source in `agg_item`). */
  source?: string;
}

/** One site's part of a `timeseries()` result. */
export interface TimeseriesSite {
  /** The site. */
  siteId: string;
  /** The source its points come from. */
  source: string;
  /** Its points, sorted by date. */
  points: TimeseriesPoint[];
}

/**
 * One period of a forecast series (`fact_forecast` columns): period start `date` (YYYY-MM-DD),
 * `forecast` demand, the interval `forecast_lo`/`forecast_hi` when the model gave one, and
 * `actual` (null in the future, after `as_of`).
 */
export type TimeseriesPoint = Pick<RowOf<'fact_forecast'>, 'date' | 'forecast' | 'forecast_lo' | 'forecast_hi' | 'actual'>;


/** Result of `timeseries()`. */
export interface TimeseriesResult {
  /** The item. */
  itemId: string;
  /** The site the points belong to; null when they sum all of the item's sites. */
  siteId: string | null;
  /** Provenance of the rows (the first of `metas`). */
  meta: MlMetadata;
  /** Provenance of every source in the points (several when sites use different selected sources). */
  metas: MlMetadata[];
  /** Each site's own series (one entry when `siteId` is given). */
  sites: TimeseriesSite[];
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
  /** Only these items (reads their fact rows); all items via the gold's rollups when omitted. */
  itemIds?: string[];
  /** Only this site. */
  siteId?: string;
  /**
   * Forecast source to score; default: the plan (`'plan'`: each item-site's selected source,
   * `agg_item.source`). Actual demand never depends on it.
   */
  source?: string;
  /**
   * Grain at which forecast errors are measured: the gold's own (default) or a coarser one
   * (`week` or `month` on daily gold). At a coarser grain a cell is one (item, site, week) and only
   * periods whose start lies in [start, end] count.
   */
  accuracyGrain?: Grain;
}

/** Result of `summary()`. Definitions: docs/contract.md, "Figures". */
export interface SummaryResult {
  /** First date of the range. */
  start: string;
  /** Last date of the range. */
  end: string;
  /** The gold's `as_of`: periods up to it have actuals, later ones are the future. */
  asOf: string;
  /** Forecast scored: `'plan'` or a source name. */
  source: string;
  /** Grain of the accuracy figures. */
  accuracyGrain: Grain;
  /** Actual demand: Σ actual over the range's periods up to `as_of`, each (item, site, period) once. */
  actualTotal: number;
  /** Σ forecast over the cells that have an actual (same cells as the accuracy figures). */
  forecastWithActual: number;
  /** Σ forecast over the range's periods after `as_of`. */
  forecastFuture: number;
  /** Σ forecast over the whole range (`forecastWithActual`'s periods and the future). */
  forecastTotal: number;
  /** Plan forecast demand over the 30 days after `as_of` (Σ `agg_item.forecast_next_30d`). */
  forecastNext30d: number;
  /** WAPE = Σ|forecast − actual| / Σ actual over the scored cells; null when Σ actual is 0. */
  wape: number | null;
  /** MAPE: mean |forecast − actual| / actual over scored cells with actual > 0; null when none. */
  mape: number | null;
  /** Bias = (Σ forecast − Σ actual) / Σ actual over the scored cells. */
  bias: number | null;
  /** Distinct items in scope. */
  items: number;
  /** Items with at least one site whose `agg_item.risk` is at risk (`AT_RISK_KINDS`: stockout, below_reorder). */
  atRisk: number;
  /** Σ `agg_item.demand_value_30d` of the at-risk item-sites: the next 30 days of plan demand at unit cost, in BRL. */
  demandValueAtRisk30d: number;
}

/** Arguments of `modelAccuracy()`. */
export interface ModelAccuracyQuery extends CallOptions {
  /** Only this item category (exact match); default: every category, with a per-category breakdown. */
  category?: string;
}

/** One forecast source (or the plan) scored over the error window. */
export interface ModelScore {
  /** Source name, or `'plan'` for the blend of selected sources. */
  source: string;
  /** Provenance of the source; null for the plan. */
  meta: MlMetadata | null;
  /** Item-sites with at least one actual in the window that this source forecasts. */
  itemSites: number;
  /** Item-sites on which this source is the selected (plan) source. */
  selected: number;
  /** WAPE over the window. */
  wape: number | null;
  /** MAPE over the window (zero actuals excluded). */
  mape: number | null;
  /** Bias over the window. */
  bias: number | null;
  /**
   * On the item-sites where this source was selected and another source was scored: the
   * runner-up's WAPE minus this source's WAPE (positive: by how much it beat the runner-up).
   */
  beatRunnerUpBy: number | null;
}

/** Result of `modelAccuracy()`. */
export interface ModelAccuracyResult {
  /** First date of the error window. */
  windowStart: string | null;
  /** Last date of the error window (`as_of`). */
  windowEnd: string | null;
  /** The plan (selected sources), over every category in scope. */
  plan: ModelScore;
  /** Each source, over every category in scope, in manifest order. */
  sources: ModelScore[];
  /** The same per item category, sorted by category. */
  byCategory: CategoryScores[];
}

/** The model comparison of one item category. */
export interface CategoryScores {
  /** The category (`dim_item.category`). */
  category: string;
  /** The plan over the category. */
  plan: ModelScore;
  /** Each source over the category, in manifest order. */
  sources: ModelScore[];
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
  /**
   * `agg_item` columns `position` carries besides {@link InventoryPositionBase} (what the result is
   * computed from); default: every column. A chart that shows a few of them reads about half the bytes.
   */
  fields?: (keyof ItemPosition)[];
}

/** The `agg_item` columns an `inventory()` position always carries: its key and what the result is computed from. */
export type InventoryPositionBase = 'item_id' | 'site_id' | 'source' | 'on_hand' | 'avg_daily_demand' | 'suggested_order_qty';

/**
 * One row of `fact_inventory` without its key's item and site: snapshot `date`, `on_hand`,
 * `on_order`, `safety_stock`, `reorder_point`, and `days_of_cover` (null when demand is zero).
 */
export type InventoryPoint = Omit<RowOf<'fact_inventory'>, 'item_id' | 'site_id'>;

/**
 * One row of `agg_item`: the as-of position and risk of an item at a site (columns and types from
 * the contract, `TABLES.agg_item`; definitions in docs/contract.md and docs/inventory.md), with
 * `risk` narrowed to the risk classes. `risk_rank` is the place in its alert kind's urgency
 * ranking (null for `ok`) and `demand_value_30d` the next 30 days of plan demand at unit cost,
 * both from gold ≥ nova-gold/1.1; `name`/`unit` are the item's label (its `dim_item` values), from
 * gold ≥ nova-gold/1.4; `wape`/`mape`/`bias` cover the last 90 days.
 */
export type ItemPosition = Omit<RowOf<'agg_item'>, 'risk'> & {
  /** Risk class. */
  risk: RiskKind;
};

/** One period of projected stock: the last count minus the cumulative plan forecast. */
export interface ProjectionPoint {
  /** Period start, YYYY-MM-DD (after the last count). */
  date: string;
  /** Projected stock on hand at the end of the period; negative once demand exceeds the stock. */
  on_hand: number;
}

/** The suggested order, placed at `as_of` and arriving after the item's lead time. */
export interface OrderArrival {
  /** Arrival date, YYYY-MM-DD: `as_of` + `lead_time_days`. */
  date: string;
  /** Quantity (`agg_item.suggested_order_qty`). */
  qty: number;
}

/** Result of `inventory()` (`P`: the position's columns; all of them unless `fields` was given). */
export interface InventoryResult<P = ItemPosition> {
  /** The item. */
  itemId: string;
  /** The site; null when the result sums all of the item's sites. */
  siteId: string | null;
  /** Stock series (counts), sorted by date. */
  series: InventoryPoint[];
  /** The as-of position from `agg_item` (summed over the sites when `siteId` is omitted). */
  position: P;
  /**
   * Projected stock per period after the last count, up to the projected stockout period (or the
   * last forecast period): the last count's on hand minus the cumulative plan forecast (see
   * docs/inventory.md). Empty when the gold has no future forecast.
   */
  projection: ProjectionPoint[];
  /** The suggested order arriving after the lead time; null when no order is suggested. */
  orderArrival: OrderArrival | null;
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

/** What {@link NovaClient.riskTop} asks: the kind, and optionally one site. */
export interface RiskTopQuery extends CallOptions {
  /** Risk class. */
  kind: Exclude<RiskKind, 'ok'>;
  /** Only this site. */
  siteId?: string;
}

/** What {@link NovaClient.riskTop} answers: the top row's item and site. */
export interface RiskTop {
  /** Item (`agg_item.item_id`). */
  item_id: string;
  /** Site (`agg_item.site_id`). */
  site_id: string;
}

/** The fields every `risk()` row carries, whatever `fields` asks for: the key, the class, the ranking and its reasons. */
export type RiskRowBase = Pick<
  RiskRow,
  | 'item_id' | 'site_id' | 'risk' | 'risk_rank' | 'days_of_cover' | 'stock_value' | 'projected_stockout_date' | 'demand_value_30d'
  | 'name' | 'category' | 'unit_cost' | 'criticality'
>;

/** A risk row: the position joined with the item's name and category. */
export interface RiskRow extends ItemPosition {
  /** Item name. */
  name: string;
  /** Item category. */
  category: string;
  /** Item unit cost. */
  unit_cost: number;
  /** Item criticality (A, B, C): the first key of the urgency ranking. */
  criticality: string;
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
  /** True when the result was cut at `maxRows` (more rows matched). */
  truncated?: boolean;
}

/** The SDK client. Every number the components show comes through this interface. */
export interface NovaClient {
  /** The pinned snapshot's manifest. */
  readonly manifest: Manifest;
  /** Searches and pages `dim_item`. */
  items(q?: ItemsQuery & { fields?: undefined }): Promise<ItemsResult>;
  /** `items()` returning only `item_id` and the requested `fields` of each item. */
  items<K extends keyof Item>(q: ItemsQuery & { fields: K[] }): Promise<ItemsResult<Pick<Item, K | 'item_id'>>>;
  /** Every site (warehouse) of the snapshot, from `dim_site`. */
  sites(opts?: CallOptions): Promise<Site[]>;
  /** One item's forecast vs actual series, with provenance. */
  timeseries(q: TimeseriesQuery): Promise<TimeseriesResult>;
  /** Totals, WAPE, MAPE, bias and risk counts over a date range (default: the plan forecast). */
  summary(q: SummaryQuery): Promise<SummaryResult>;
  /** Model comparison over the error window: each source and the plan, overall and by category. */
  modelAccuracy(q?: ModelAccuracyQuery): Promise<ModelAccuracyResult>;
  /** One item's stock series and its current position. */
  inventory(q: InventoryQuery & { fields?: undefined }): Promise<InventoryResult>;
  /** `inventory()` whose position carries only the requested `fields` of `agg_item` (and {@link InventoryPositionBase}). */
  inventory<K extends keyof ItemPosition>(q: InventoryQuery & { fields: K[] }): Promise<InventoryResult<Pick<ItemPosition, K | InventoryPositionBase>>>;
  /** Items in a risk class, joined with their names. */
  risk(q: RiskQuery & { fields?: undefined }): Promise<RiskRow[]>;
  /** `risk()` returning the ranking fields, the item's name/category/cost and the requested `fields` only. */
  risk<K extends keyof ItemPosition>(q: RiskQuery & { fields: K[] }): Promise<(RiskRowBase & Pick<ItemPosition, K>)[]>;
  /**
   * The most urgent (item, site) of a risk class — the first row `risk({ kind, siteId, limit: 1 })`
   * returns — or null when the class is empty. Reads only the ranking's key columns, so a page that
   * opens on the top item (the dashboard) can start its charts without waiting for a risk table's
   * wider read.
   */
  riskTop(q: RiskTopQuery): Promise<RiskTop | null>;
  /** Read-only SQL over the gold tables (`dim_item`, `fact_forecast`, …); `?` parameters are bound. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[], opts?: SqlCallOptions): Promise<SqlResult<T>>;
  /**
   * Starts the SQL engine ahead of the first `sql()` without running a query: in the browser it
   * downloads and instantiates DuckDB-WASM in its worker, in Node it opens DuckDB over the
   * snapshot's files. Call it early (e.g. at page load) and don't wait for it; the first `sql()`
   * then skips the start. Calling it again is free. Resolves when the engine is ready; a failure
   * rejects with the `NovaError` (e.g. `engine_unavailable`) the next `sql()` would meet, and
   * that `sql()` tries again. Aborting (`signal`) before it is ready stops the start unless an
   * `sql()` call is using it.
   */
  prepareSql(opts?: CallOptions): Promise<void>;
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
  | 'aborted'
  /** `sql()` refused a statement, table or function outside its allowlist (the message names it). */
  | 'forbidden_sql'
  /** A `sql()` result exceeded its row cap and the call asked for an error instead of truncation. */
  | 'too_large'
  /** The SQL engine could not start (DuckDB-WASM worker or WASM file missing or not what was expected). */
  | 'engine_unavailable'
  /** A snapshot file differs from its manifest entry (size, SHA-256, row count or unreadable footer). */
  | 'corrupt_snapshot'
  /** The server refused the request (HTTP 401/403): missing, wrong or expired credentials or presigned URL (the message names the URL without its query string). */
  | 'unauthorized';
