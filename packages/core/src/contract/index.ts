export { CONTRACT, CONTRACTS, contractVersion, versionAtLeast, columnsInVersion, tableInVersion, TABLES, TABLE_NAMES, RISK_KINDS, GRAINS, ML_METADATA_FIELDS, ITEM_LABEL, itemLabelMismatchSql } from './tables.js';
export type { ColumnSpec, ColumnType, ContractId, ContractVersion, TableName, TableSpec, RiskKind, Grain } from './tables.js';
export type { AddedIn11, AddedIn12, Manifest, ManifestTable, TableFile, ItemPlacement, TokenRanges, FileIndex, MlMetadata, QualityInput, QualitySummary } from './manifest.js';
export { PLACEMENT_HASH, SEARCH_SPLIT, ROWS_PER_BUCKET, LOOKUP_ROWS_PER_BUCKET, INDEX_RECORD_BYTES, bucketCount, bucketFileName, rowsPerBucket, bucketOfHash, itemBucketSql, indexRecordText, parseIndexRecord } from './placement.js';
export type { FileIndexRecord } from './placement.js';
export { checkManifest, withContractColumns } from './check-manifest.js';
export {
  PLAN_SOURCE, wape, mape, bias, cellErrors, addErrorSums, NO_ERRORS, errorSumsSql, AT_RISK_KINDS, ALERT_KINDS, ALL_SITES, WHOLE_ITEM_SITE, allSitesRows, allSitesSql, isAtRisk, isAtRiskSql,
  riskClass, riskClassSql, daysOfCover, RISK_SEVERITY, RISK_RANKING, riskRankSql, projectStock, stockLeftSql,
} from './figures.js';
export type { ErrorSums, AlertKind, RiskInputs, RankKey, PlanPeriod, StockPoint } from './figures.js';
export { searchTokens, searchKeys, searchMatches } from './search.js';
// The search index's layout rules (nova-gold/1.3) are the subpath `@nova-corrente/core/contract/search-index`,
// not re-exported here: every page's up-front bundle holds this module, and only a search needs them.
