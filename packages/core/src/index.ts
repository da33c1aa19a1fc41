/**
 * `@nova-corrente/core`: typed queries and read-only SQL over Nova gold Parquet, in the browser
 * (and in Node over HTTP; use `@nova-corrente/core/node` for local folders and native DuckDB).
 * @packageDocumentation
 */
export {
  CONTRACT, CONTRACTS, TABLES, TABLE_NAMES, RISK_KINDS, GRAINS, checkManifest,
  PLAN_SOURCE, AT_RISK_KINDS, ALERT_KINDS, RISK_RANKING, isAtRisk, wape, mape, bias,
} from './contract/index.js';
export type { Manifest, ManifestTable, TableFile, MlMetadata, TableName, RiskKind, Grain, TableSpec, ColumnSpec, ColumnType, QualitySummary, QualityInput, AlertKind, RankKey, ErrorSums } from './contract/index.js';
export { createClient } from './client/create.js';
export { NovaError } from './errors.js';
export { isIsoDate } from './dates.js';
export { stripInvisible, searchFold } from './text.js';
export type {
  CacheOptions,
  ClientOptions,
  DuckdbBundle,
  CallOptions,
  Item,
  Site,
  ItemsQuery,
  ItemsResult,
  TimeseriesQuery,
  TimeseriesPoint,
  TimeseriesResult,
  TimeseriesSite,
  SummaryQuery,
  ModelAccuracyQuery,
  ModelAccuracyResult,
  ModelScore,
  CategoryScores,
  SummaryResult,
  InventoryQuery,
  InventoryPositionBase,
  InventoryPoint,
  InventoryResult,
  ProjectionPoint,
  OrderArrival,
  ItemPosition,
  RiskQuery,
  RiskTop,
  RiskTopQuery,
  RiskRow,
  RiskRowBase,
  SqlResult,
  SqlCallOptions,
  SqlLimits,
  NovaClient,
  NovaErrorCode,
} from './types.js';
