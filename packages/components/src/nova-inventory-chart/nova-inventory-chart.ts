import { NovaInventoryChart } from './nova-inventory-chart.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaInventoryChart };
defineOnce('nova-inventory-chart', NovaInventoryChart);

declare global {
  interface HTMLElementTagNameMap {
    'nova-inventory-chart': NovaInventoryChart;
  }
}
