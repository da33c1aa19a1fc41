import { NovaItemPicker } from './nova-item-picker.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaItemPicker };
defineOnce('nova-item-picker', NovaItemPicker);

declare global {
  interface HTMLElementTagNameMap {
    'nova-item-picker': NovaItemPicker;
  }
}
