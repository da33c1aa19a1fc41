import { NovaRiskTable } from './nova-risk-table.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaRiskTable };
defineOnce('nova-risk-table', NovaRiskTable);

declare global {
  interface HTMLElementTagNameMap {
    'nova-risk-table': NovaRiskTable;
  }
}
