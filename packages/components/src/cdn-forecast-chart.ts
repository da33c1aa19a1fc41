// Entry of the self-contained single-chart build (cdn/forecast-chart.js): only <nova-forecast-chart>
// (plus Lit and the SDK), for a page that embeds one chart — the smallest script-tag path. It also
// exposes the SDK's browser API, like cdn/nova-components.js.
export { NovaForecastChart } from './nova-forecast-chart/nova-forecast-chart.js';
export { createClient, NovaError } from '@nova-corrente/core';
