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

/** Dispatches a `nova-*` event that bubbles out of shadow roots. */
export function emit<T>(target: EventTarget, type: `nova-${string}`, detail: T): boolean {
  return target.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable: true }));
}
