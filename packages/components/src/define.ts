// Registers every element (guarded: a no-op for tags already defined). Providers first, so that
// elements upgraded afterwards find their client through context.
import './nova-provider/nova-provider.js';
import './nova-dashboard/nova-dashboard.js';
import './nova-forecast-chart/nova-forecast-chart.js';
import './nova-inventory-chart/nova-inventory-chart.js';
import './nova-risk-table/nova-risk-table.js';
import './nova-kpis/nova-kpis.js';
import './nova-model-accuracy/nova-model-accuracy.js';
import './nova-date-range/nova-date-range.js';
import './nova-item-picker/nova-item-picker.js';
import './nova-last-updated/nova-last-updated.js';

export {
  NovaProvider,
  NovaDashboard,
  NovaForecastChart,
  NovaInventoryChart,
  NovaRiskTable,
  NovaKpis,
  NovaModelAccuracy,
  NovaDateRange,
  NovaItemPicker,
  NovaLastUpdated,
} from './index.js';
