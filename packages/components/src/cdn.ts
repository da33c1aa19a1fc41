// Entry of the self-contained build (cdn/nova-components.js): registers every element and exposes
// the SDK's browser API, so a page without a bundler can also `import { createClient } from
// '/nova/nova-components.js'` and call typed queries or sql() on the same copy of the SDK.
export {
  NovaProvider,
  NovaDashboard,
  NovaForecastChart,
  NovaInventoryChart,
  NovaRiskTable,
  NovaKpis,
  NovaDateRange,
  NovaItemPicker,
  NovaLastUpdated,
} from './define.js';
export { createClient, NovaError } from '@nova-corrente/core';
