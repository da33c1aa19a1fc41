export { CONTRACT, TABLES, TABLE_NAMES, RISK_KINDS, GRAINS, checkManifest } from './contract/index.js';
export type { Manifest, ManifestTable, TableFile, MlMetadata, TableName, RiskKind, Grain } from './contract/index.js';
export type {
  ClientOptions,
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
  SqlResult,
  NovaClient,
  NovaErrorCode,
} from './types.js';
