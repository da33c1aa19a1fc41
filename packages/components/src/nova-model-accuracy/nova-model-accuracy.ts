import { NovaModelAccuracy } from './nova-model-accuracy.component.js';
import { defineOnce } from '../internal/define.js';

export { NovaModelAccuracy };
defineOnce('nova-model-accuracy', NovaModelAccuracy);

declare global {
  interface HTMLElementTagNameMap {
    'nova-model-accuracy': NovaModelAccuracy;
  }
}
