import { abortedError } from '../errors.js';

interface Entry {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
  expires: number;
}

/**
 * Result cache with a TTL and in-flight de-duplication: identical calls share one run. The shared
 * run is aborted only when every caller waiting on it has aborted; each caller's own signal rejects
 * that caller at once.
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(ttlMs: number) {
    this.ttlMs = ttlMs;
  }

  /** Returns the cached or in-flight result for `key`, or starts `run`. */
  get<T>(key: string, run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    let entry = this.entries.get(key);
    if (entry && entry.settled && entry.expires <= Date.now()) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (!entry) {
      const controller = new AbortController();
      const created: Entry = { controller, waiters: 0, settled: false, expires: Infinity, promise: Promise.resolve() };
      created.promise = run(controller.signal).then(
        (value) => {
          created.settled = true;
          created.expires = Date.now() + this.ttlMs;
          return value;
        },
        (err: unknown) => {
          if (this.entries.get(key) === created) this.entries.delete(key);
          throw err;
        },
      );
      created.promise.catch(() => undefined); // rejections are delivered to the waiters
      this.entries.set(key, created);
      entry = created;
    }
    if (entry.settled) return entry.promise as Promise<T>;
    const e = entry;
    e.waiters++;
    if (!signal) {
      // A caller that cannot abort keeps the shared run alive until it settles.
      const done = () => {
        e.waiters--;
      };
      return (e.promise as Promise<T>).finally(done);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        e.waiters--;
        if (e.waiters === 0 && !e.settled) {
          if (this.entries.get(key) === e) this.entries.delete(key);
          e.controller.abort(signal.reason);
        }
        reject(abortedError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      (e.promise as Promise<T>).then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          e.waiters--;
          resolve(v);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          e.waiters--;
          reject(signal.aborted ? abortedError(signal) : err);
        },
      );
    });
  }

  /** Drops every entry (in-flight runs finish for their callers but are not reused). */
  clear(): void {
    this.entries.clear();
  }
}
