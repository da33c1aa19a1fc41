export { CONTRACT, TABLES, TABLE_NAMES, RISK_KINDS, GRAINS, ML_METADATA_FIELDS } from './tables.js';
export type { ColumnSpec, ColumnType, TableName, TableSpec, RiskKind, Grain } from './tables.js';
export type { Manifest, ManifestTable, TableFile, MlMetadata, QualityInput, QualitySummary } from './manifest.js';
export { checkManifest } from './check-manifest.js';
