import { NovaProvider } from './nova-provider.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaProvider };
defineOnce('nova-provider', NovaProvider);

declare global {
  interface HTMLElementTagNameMap {
    'nova-provider': NovaProvider;
  }
}
