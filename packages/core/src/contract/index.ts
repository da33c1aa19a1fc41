export { CONTRACT, CONTRACTS, contractVersion, columnsInVersion, tableInVersion, TABLES, TABLE_NAMES, RISK_KINDS, GRAINS, ML_METADATA_FIELDS } from './tables.js';
export type { ColumnSpec, ColumnType, ContractId, TableName, TableSpec, RiskKind, Grain } from './tables.js';
export type { AddedIn11, Manifest, ManifestTable, TableFile, MlMetadata, QualityInput, QualitySummary } from './manifest.js';
export { checkManifest } from './check-manifest.js';
export {
  PLAN_SOURCE, wape, mape, bias, cellErrors, addErrorSums, NO_ERRORS, errorSumsSql, AT_RISK_KINDS, ALERT_KINDS, ALL_SITES, isAtRisk, isAtRiskSql,
  riskClass, riskClassSql, daysOfCover, RISK_SEVERITY, RISK_RANKING, riskRankSql, projectStock, stockLeftSql,
} from './figures.js';
export type { ErrorSums, AlertKind, RiskInputs, RankKey, PlanPeriod, StockPoint } from './figures.js';
