// Browser test harness for the components: fixtures, waiting for loads, shadow-root queries,
// the DuckDB oracle (computed in Node from the same gold files) and axe-core.
import '../../src/define.js';
import type { NovaDataElement } from '../../src/internal/nova-element.js';

declare global {
  function describe(name: string, fn: () => void): void;
  function it(name: string, fn: () => unknown | Promise<unknown>): void;
  function before(fn: () => unknown | Promise<unknown>): void;
  function after(fn: () => unknown | Promise<unknown>): void;
  function afterEach(fn: () => unknown | Promise<unknown>): void;
  interface Window {
    axe?: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }> }> };
  }
}

export const GOLD = '/gold/';
export const HOSTILE_GOLD = '/gold-hostile/';
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
/** Same as oracle.mjs: a bidi override and a zero-width space in the second hostile item's name. */
export const BIDI_NAME = '\u202Eexe.live Para\u200Bfuso';

/** Throws with a message unless `cond`. */
export function ok(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

/** Strict equality with both values in the message. */
export function eq<T>(actual: T, expected: T, msg: string): void {
  if (!Object.is(actual, expected)) throw new Error(`${msg}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** |a − b| ≤ tol. */
export function near(actual: number | null, expected: number | null, msg: string, tol = 1e-9): void {
  if (actual === null || expected === null) {
    eq(actual, expected, msg);
    return;
  }
  if (!(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${msg}: expected ${expected}, got ${actual}`);
  }
}

const mounted: HTMLElement[] = [];

/** Mounts markup in a container of the given width; removed after each test. */
export function fixture<T extends HTMLElement = HTMLElement>(markup: string, width = 800): T {
  const box = document.createElement('div');
  box.style.width = `${width}px`;
  box.innerHTML = markup;
  document.body.append(box);
  mounted.push(box);
  return box.firstElementChild as T;
}

export function cleanup(): void {
  for (const el of mounted.splice(0)) el.remove();
}

type Loadable = NovaDataElement<unknown> & { loadComplete: Promise<string> };

/** Waits until the element has finished loading (any final state) and rendered. */
export async function loaded(el: Element, timeout = 20000): Promise<string> {
  const e = el as unknown as Loadable;
  const t0 = performance.now();
  for (;;) {
    await e.updateComplete;
    const s = await e.loadComplete;
    if (s !== 'loading' && s !== 'idle') {
      await e.updateComplete;
      return s;
    }
    if (performance.now() - t0 > timeout) throw new Error(`${el.localName} still ${s} after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `querySelector` in the element's shadow root. */
export function $(el: Element, sel: string): HTMLElement {
  const found = el.shadowRoot?.querySelector(sel) as HTMLElement | null;
  if (!found) throw new Error(`${el.localName}: no ${sel} in the shadow root`);
  return found;
}

export function $$(el: Element, sel: string): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll(sel) ?? [])] as HTMLElement[];
}

/** Rows computed by @duckdb/node-api in the test server from the same gold files. */
export async function duck<T = Record<string, unknown>>(q: string, gold: 'test' | 'hostile' | 'mixed' | 'week' | 'one-count' | 'sealed' | 'national' = 'test'): Promise<T[]> {
  const r = await fetch(`/__duckdb?gold=${gold}&q=${encodeURIComponent(q)}`);
  if (!r.ok) throw new Error(`oracle: ${await r.text()}`);
  return (await r.json()) as T[];
}

/** Single-quoted SQL literal (test-side oracle only; the components never build SQL). */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Runs axe-core (WCAG 2.1 A/AA) on `el` and throws listing any violation. */
export async function axeCheck(el: Element): Promise<void> {
  if (!window.axe) {
    await new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/node_modules/axe-core/axe.min.js';
      s.onload = () => resolve();
      s.onerror = () => reject(new Error('axe-core did not load'));
      document.head.append(s);
    });
  }
  const res = await window.axe!.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  if (res.violations.length > 0) {
    throw new Error(
      `axe: ${res.violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('; ')}`).join('\n')}`,
    );
  }
}

/** Resolves with the next `type` event on `target`. */
export function nextEvent<T = unknown>(target: EventTarget, type: string, timeout = 10000): Promise<CustomEvent<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeout} ms`)), timeout);
    target.addEventListener(type, (e) => {
      clearTimeout(timer);
      resolve(e as CustomEvent<T>);
    }, { once: true });
  });
}

/** Dispatches a keydown on an element (components listen to keydown). */
export function key(el: Element, k: string): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));
}

/** Vertices of an SVG path `d` made of M/L commands. */
export function vertices(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** One row per (item, site) of agg_item with the dim_item columns. */
export interface AggRow {
  item_id: string;
  site_id: string;
  source: string;
  risk: string;
  on_hand: number;
  on_order: number;
  reorder_point: number;
  safety_stock: number;
  days_of_cover: number | null;
  suggested_order_qty: number;
  stock_value: number;
  forecast_next_30d: number;
  projected_stockout_date: string | null;
  name: string;
  unit_cost: number;
}
