// The public surface: the element classes, their types, the event detail types and the documented
// helpers. Importing this module registers nothing (see ./define.js and the per-element entries).
export { NovaProvider } from './nova-provider/nova-provider.component.js';
export { NovaDashboard } from './nova-dashboard/nova-dashboard.component.js';
export { NovaForecastChart } from './nova-forecast-chart/nova-forecast-chart.component.js';
export { NovaInventoryChart } from './nova-inventory-chart/nova-inventory-chart.component.js';
export { NovaRiskTable } from './nova-risk-table/nova-risk-table.component.js';
export { NovaKpis } from './nova-kpis/nova-kpis.component.js';
export { NovaModelAccuracy } from './nova-model-accuracy/nova-model-accuracy.component.js';
export { NovaDateRange } from './nova-date-range/nova-date-range.component.js';
export { NovaItemPicker } from './nova-item-picker/nova-item-picker.component.js';
export { NovaLastUpdated } from './nova-last-updated/nova-last-updated.component.js';
export type { LoadStatus } from './internal/nova-element.js';
export { RISK_TABLE_KINDS } from './internal/risk-kinds.js';
export type { RiskTableKind } from './internal/risk-kinds.js';
// <nova-dashboard>'s view in the URL hash (documented in the README: link to a view from elsewhere).
export { parseHash, formatHash } from './internal/hash.js';
export type { DashboardState } from './internal/hash.js';
export type { ItemSelectDetail, RangeChangeDetail, LoadDetail, PointFocusDetail, ClientReadyDetail, ClientErrorDetail } from './internal/events.js';
export type { ExportDetail } from './internal/export.js';
