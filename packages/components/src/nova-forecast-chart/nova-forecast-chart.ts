import { NovaForecastChart } from './nova-forecast-chart.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaForecastChart };
defineOnce('nova-forecast-chart', NovaForecastChart);

declare global {
  interface HTMLElementTagNameMap {
    'nova-forecast-chart': NovaForecastChart;
  }
}
