/**
 * Loads a locale's ICU data on another thread before the page's main thread needs it.
 *
 * A page's first `Intl` object loads ICU's locale data: 20–40 ms of main-thread CPU on a cold
 * Chromium page, where the first chart is CPU-bound. ICU's data and caches belong to the process,
 * not to a JavaScript realm, so the same objects made first in a dedicated worker (same renderer
 * process, another core) leave the main thread's own to cost ~0.2 ms each (measured in Chromium:
 * 20–37 ms → 0.1–0.3 ms for the first `NumberFormat`, ADR 0003 "Session 12").
 *
 * The worker is a `blob:` script (docs/security.md lists `worker-src 'self' blob:` in the CSP the
 * dashboard needs anyway for DuckDB-WASM). Where a page cannot start it (a CSP without `blob:`, no
 * `Worker`, as in Node) or it does not answer in time, the answer is `false` and the caller makes
 * its objects on the main thread as it would without this.
 */

/** One `Intl` object to make: its constructor's name and options. */
export type IntlSpec = readonly ['NumberFormat', Intl.NumberFormatOptions] | readonly ['DateTimeFormat', Intl.DateTimeFormatOptions];

/** How long the main thread waits for the worker's answer before it makes its objects itself. */
export const OFF_THREAD_TIMEOUT_MS = 300;

/**
 * Starts a worker that makes every object of `specs` for `locale` and formats one value with each;
 * resolves `true` when it has, `false` when no worker could run them (never rejects). The worker
 * is ended as soon as it answers. Not cached: see {@link warmOffThread}.
 */
export function startWarmWorker(locale: string, specs: readonly IntlSpec[], timeoutMs = OFF_THREAD_TIMEOUT_MS): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let worker: Worker | undefined;
    let url: string | undefined;
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      worker?.terminate();
      if (url) URL.revokeObjectURL(url);
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    try {
      if (!offThreadPossible()) return finish(false);
      // Only constants reach the script: a supported locale tag and the formatter's own options,
      // both through JSON.stringify (a JavaScript literal).
      const code = `for (const [k, o] of ${JSON.stringify(specs)}) new Intl[k](${JSON.stringify(locale)}, o).format(0);\npostMessage(0);`;
      url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
      worker = new Worker(url, { name: 'nova-intl-warm-up' });
      worker.onmessage = () => finish(true);
      worker.onerror = (e) => {
        e.preventDefault();
        finish(false);
      };
    } catch {
      // A CSP that forbids blob: workers throws here (Chromium); the page goes on without it.
      finish(false);
    }
  });
}

/** True where a page can start a worker at all (not in Node, nor a browser without `Worker`). */
export function offThreadPossible(): boolean {
  return typeof Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function';
}

const started = new Map<string, { answer: Promise<boolean>; settled: boolean }>();

/** {@link startWarmWorker}, once per locale and page. */
export function warmOffThread(locale: string, specs: readonly IntlSpec[]): Promise<boolean> {
  let w = started.get(locale);
  if (!w) {
    const entry = { answer: startWarmWorker(locale, specs), settled: false };
    void entry.answer.then(() => (entry.settled = true));
    started.set(locale, (w = entry));
  }
  return w.answer;
}

/** True while the worker of `locale` has been started and has not answered. */
export function offThreadPending(locale: string): boolean {
  const w = started.get(locale);
  return w !== undefined && !w.settled;
}
