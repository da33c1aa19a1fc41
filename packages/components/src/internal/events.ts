import type { Manifest } from '@nova-corrente/core';
import type { LoadStatus } from './nova-element.js';

/** Detail of `nova-item-select`. */
export interface ItemSelectDetail {
  itemId: string;
  siteId?: string;
}

/** Detail of `nova-range-change`. */
export interface RangeChangeDetail {
  start: string;
  end: string;
}

/** Detail of `nova-load` (every data element): how its last load ended. */
export interface LoadDetail {
  /** `ready`, `empty`, `error`, `invalid`, or `no-source` when there is no gold URL. */
  status: LoadStatus;
  /** What failed (error / invalid), else empty. */
  message: string;
}

/** Detail of `nova-point-focus` (`<nova-forecast-chart>`): the highlighted period. */
export interface PointFocusDetail {
  itemId?: string;
  /** Index of the point in the chart's series. */
  index: number;
  /** Period start, `YYYY-MM-DD`. */
  date: string;
  forecast: number;
  forecast_lo: number | null;
  forecast_hi: number | null;
  /** `null` in the future. */
  actual: number | null;
}

/** Detail of `nova-client-ready` (`<nova-provider>`). */
export interface ClientReadyDetail {
  /** The manifest of the pinned snapshot. */
  manifest: Manifest;
}

/** Detail of `nova-client-error` (`<nova-provider>`). */
export interface ClientErrorDetail {
  /** Why the client could not be created. */
  message: string;
}

/** Dispatches a `nova-*` event that bubbles out of shadow roots. */
export function emit<T>(target: EventTarget, type: `nova-${string}`, detail: T): boolean {
  return target.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable: true }));
}
