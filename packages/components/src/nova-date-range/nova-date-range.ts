import { NovaDateRange } from './nova-date-range.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaDateRange };
defineOnce('nova-date-range', NovaDateRange);

declare global {
  interface HTMLElementTagNameMap {
    'nova-date-range': NovaDateRange;
  }
}
