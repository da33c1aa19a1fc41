import type { Messages } from './messages.js';
import { ptBR } from './pt-BR.js';

/** Supported locales. */
export type NovaLocale = 'pt-BR' | 'en';

/** Normalises any BCP-47 tag to a supported locale (pt-BR unless it starts with `en`). */
export function resolveLocale(tag: string | null | undefined): NovaLocale {
  return tag && /^en\b/i.test(tag) ? 'en' : 'pt-BR';
}

/** The strings loaded so far: pt-BR (the default) is built in; `en` is a chunk of its own, loaded by {@link loadLocale}. */
const strings = new Map<NovaLocale, Messages>([['pt-BR', ptBR]]);
const loads = new Map<NovaLocale, Promise<void>>();

/** True when the strings of `locale` are loaded. */
export function localeReady(locale: NovaLocale): boolean {
  return strings.has(locale);
}

/**
 * Loads the strings of `locale` (once). A pt-BR page never downloads the English strings; an `en`
 * element loads them while its data loads and before it shows anything but its loading state.
 */
export function loadLocale(locale: NovaLocale): Promise<void> {
  if (strings.has(locale)) return Promise.resolve();
  let p = loads.get(locale);
  if (!p) {
    p = import('./en.js').then((m) => void strings.set('en', m.en));
    p.catch(() => loads.delete(locale));
    loads.set(locale, p);
  }
  return p;
}

/** The strings of a locale; pt-BR's while another locale's are not loaded yet (see {@link loadLocale}). */
export function messages(locale: NovaLocale): Messages {
  return strings.get(locale) ?? ptBR;
}

/** Number, currency, percent and date formatting for one locale, via `Intl`. */
export interface Formatter {
  locale: NovaLocale;
  /** The strings of the locale (pt-BR's until the locale's are loaded: see `loadLocale`). */
  readonly t: Messages;
  number(v: number | null | undefined, digits?: number): string;
  compact(v: number): string;
  currency(v: number | null | undefined, currency?: string): string;
  percent(v: number | null | undefined): string;
  /** `YYYY-MM-DD` → localised date (UTC). */
  date(iso: string | null | undefined): string;
  /** Short axis label (UTC): month and year when ticks are `stepDays` ≥ 28 apart, else day and month. */
  shortDate(d: Date, stepDays: number): string;
  /** ISO timestamp → localised date and time (UTC). */
  dateTime(iso: string | null | undefined): string;
  /**
   * Creates the `Intl` objects ahead of the first render (a page's first one loads locale data:
   * ~30–40 ms on a cold page), one per task: elements call it when their first reads start, so the
   * two that load ICU data run while those reads are on the network (normal-priority tasks) and the
   * rest in background tasks. What the render needs first and is not warm yet is made on use.
   */
  warm(): void;
  /**
   * Resolves once the page's first `NumberFormat` and `DateTimeFormat` exist (made by {@link warm}'s
   * first two tasks, which it starts if needed). A data element awaits it before the render
   * that shows its data, so that loading ICU data never runs inside a render, ahead of other
   * elements' reads (traced on the dashboard: `<nova-last-updated>`'s first render made the page's
   * first `DateTimeFormat`, 42 ms, before the risk table's first request left).
   */
  ready(): Promise<void>;
}

const cache = new Map<NovaLocale, Formatter>();

interface Scheduler {
  postTask(fn: () => void, opts: { priority: 'user-visible' | 'background' }): Promise<unknown>;
}

/**
 * Runs `fn` in a task of its own: `background` priority (after pending input, rendering and network
 * callbacks) where the browser has it, else a plain task.
 */
function task(fn: () => void, priority: 'user-visible' | 'background'): void {
  const s = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (s?.postTask) s.postTask(fn, { priority }).catch(() => undefined);
  else setTimeout(fn, 0);
}

/** A cached {@link Formatter} for the locale. */
export function formatter(locale: NovaLocale): Formatter {
  let f = cache.get(locale);
  if (f) return f;
  const na = (): string => messages(locale).notAvailable;
  // Intl objects are created on first use: each costs milliseconds, and most pages need a few.
  const lazy = <T>(make: () => T): (() => T) => {
    let v: T | undefined;
    return () => (v ??= make());
  };
  const nf = [0, 1, 2].map((d) => lazy(() => new Intl.NumberFormat(locale, { maximumFractionDigits: d, minimumFractionDigits: 0 })));
  const cf = lazy(() => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }));
  const pf = lazy(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }));
  const money = new Map<string, Intl.NumberFormat>();
  const utc = { timeZone: 'UTC' } as const;
  const df = lazy(() => new Intl.DateTimeFormat(locale, { ...utc, day: '2-digit', month: '2-digit', year: 'numeric' }));
  const dtf = lazy(() => new Intl.DateTimeFormat(locale, { ...utc, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }));
  const monthDay = lazy(() => new Intl.DateTimeFormat(locale, { ...utc, day: '2-digit', month: 'short' }));
  const monthYear = lazy(() => new Intl.DateTimeFormat(locale, { ...utc, month: 'short', year: '2-digit' }));
  const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  f = {
    locale,
    get t() {
      return messages(locale);
    },
    number: (v, digits = 1) => (ok(v) ? nf[Math.max(0, Math.min(2, digits))]().format(v) : na()),
    compact: (v) => cf().format(v),
    currency: (v, currency = 'BRL') => {
      if (!ok(v)) return na();
      let m = money.get(currency);
      if (!m) money.set(currency, (m = new Intl.NumberFormat(locale, { style: 'currency', currency })));
      return m.format(v);
    },
    percent: (v) => (ok(v) ? pf().format(v) : na()),
    date: (iso) => (iso ? df().format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : na()),
    shortDate: (d, stepDays) => (stepDays >= 28 ? monthYear : monthDay)().format(d),
    dateTime: (iso) => {
      if (!iso) return na();
      const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
      return Number.isNaN(d.getTime()) ? iso : `${dtf().format(d)} UTC`;
    },
    warm: () => undefined,
    ready: () => Promise.resolve(),
  };
  let warming = false;
  let readyPromise: Promise<void> | undefined;
  let warmed = false;
  let markReady = (): void => undefined;
  f.warm = () => {
    if (warming) return;
    warming = true;
    // The first NumberFormat and the first DateTimeFormat of a page load ICU data (20–90 ms and 3–12 ms
    // measured in Chromium 156 under load); the others cost well under 1 ms each.
    const todo = [cf, monthDay, nf[1], df, dtf, monthYear, nf[2], nf[0], pf];
    let made = 0;
    // The first two (the ICU loads) run in normal-priority tasks, queued now: right after the
    // element's first requests leave, while they are on the network. At background priority they
    // waited until the responses had been decoded and then held the data's render (traced on the
    // portal: 29 ms between the decode and the render). The rest wait for idle time.
    const next = () => {
      todo.shift()?.();
      if (++made === 2) {
        warmed = true;
        markReady();
      }
      if (todo.length > 0) task(next, made < 2 ? 'user-visible' : 'background');
    };
    task(next, 'user-visible');
  };
  f.ready = () => {
    if (warmed) return Promise.resolve();
    if (!readyPromise) {
      readyPromise = new Promise<void>((resolve) => {
        markReady = resolve;
        // Background tasks may wait behind a long run of other work: after 100 ms the render makes
        // what it needs on use, as before.
        setTimeout(resolve, 100);
      });
      f.warm();
    }
    return readyPromise;
  };
  cache.set(locale, f);
  return f;
}

export type { Messages };
