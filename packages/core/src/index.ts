/**
 * `@nova-corrente/core`: typed queries and read-only SQL over Nova gold Parquet, in the browser
 * (and in Node over HTTP; use `@nova-corrente/core/node` for local folders and native DuckDB).
 * @packageDocumentation
 */
export { CONTRACT, TABLES, TABLE_NAMES, RISK_KINDS, GRAINS, checkManifest } from './contract/index.js';
export type { Manifest, ManifestTable, TableFile, MlMetadata, TableName, RiskKind, Grain, TableSpec, ColumnSpec, ColumnType, QualitySummary, QualityInput } from './contract/index.js';
export { createClient } from './client/create.js';
export { NovaError } from './errors.js';
export { isIsoDate } from './dates.js';
export type {
  ClientOptions,
  DuckdbBundle,
  CallOptions,
  Item,
  ItemsQuery,
  ItemsResult,
  TimeseriesQuery,
  TimeseriesPoint,
  TimeseriesResult,
  SummaryQuery,
  SummaryResult,
  InventoryQuery,
  InventoryPoint,
  InventoryResult,
  ItemPosition,
  RiskQuery,
  RiskRow,
  RiskRowBase,
  SqlResult,
  NovaClient,
  NovaErrorCode,
} from './types.js';
