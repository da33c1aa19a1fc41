import { NovaDashboard } from './nova-dashboard.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaDashboard };
defineOnce('nova-dashboard', NovaDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'nova-dashboard': NovaDashboard;
  }
}
