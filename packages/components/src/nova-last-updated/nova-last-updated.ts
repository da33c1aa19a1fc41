import { NovaLastUpdated } from './nova-last-updated.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaLastUpdated };
defineOnce('nova-last-updated', NovaLastUpdated);

declare global {
  interface HTMLElementTagNameMap {
    'nova-last-updated': NovaLastUpdated;
  }
}
