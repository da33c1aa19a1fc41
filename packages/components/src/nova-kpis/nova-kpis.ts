import { NovaKpis } from './nova-kpis.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaKpis };
defineOnce('nova-kpis', NovaKpis);

declare global {
  interface HTMLElementTagNameMap {
    'nova-kpis': NovaKpis;
  }
}
