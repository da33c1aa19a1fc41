import { abortedError } from '../errors.js';
import { Lru, approxBytes, type LruLimits } from '../lru.js';

/** A run in flight, shared by every caller of the same key. */
interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
}

/** A settled result. */
interface Done {
  promise: Promise<unknown>;
  expires: number;
}

/** Bounds of the result cache (client options `cacheTtlMs`, `cacheMaxEntries`, `cacheMaxBytes`). */
export interface QueryCacheLimits extends LruLimits {
  /** Lifetime of a result in ms. */
  ttlMs: number;
}

/** Defaults of the client's result cache: 60 s, 500 results, 32 MiB (estimated). */
export const QUERY_CACHE_DEFAULTS: QueryCacheLimits = { ttlMs: 60_000, maxEntries: 500, maxBytes: 32 * 2 ** 20 };

/**
 * Result cache with a TTL, bounded by entries and (estimated) bytes, least recently used evicted
 * first, and in-flight de-duplication: identical calls share one run. Expired results are swept
 * as other calls come in, not only when their own key is asked again. The shared run is aborted
 * only when every caller waiting on it has aborted; each caller's own signal rejects that caller
 * at once.
 */
export class QueryCache {
  private readonly inflight = new Map<string, Flight>();
  private readonly done: Lru<Done>;
  private readonly ttlMs: number;
  private generation = 0;
  private lastSweep = 0;

  private readonly now: () => number;

  /** `now` is the clock (tests pass their own). */
  constructor(limits: Partial<QueryCacheLimits> = {}, now: () => number = Date.now) {
    this.now = now;
    const l = { ...QUERY_CACHE_DEFAULTS, ...limits };
    this.ttlMs = l.ttlMs;
    this.done = new Lru(l);
  }

  /** Results held, and their estimated bytes (in-flight runs not counted). */
  stats(): { entries: number; bytes: number } {
    return { entries: this.done.size, bytes: this.done.bytes };
  }

  /** Drops expired results, at most once per second (or per TTL when shorter). */
  private sweep(now: number): void {
    if (now - this.lastSweep < Math.min(1_000, this.ttlMs)) return;
    this.lastSweep = now;
    this.done.deleteWhere((d) => d.expires <= now);
  }

  /** Returns the cached or in-flight result for `key`, or starts `run`. */
  get<T>(key: string, run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    const now = this.now();
    this.sweep(now);
    const hit = this.done.get(key);
    if (hit) {
      if (hit.expires > now) return hit.promise as Promise<T>;
      this.done.delete(key);
    }
    let flight = this.inflight.get(key);
    if (!flight) {
      const controller = new AbortController();
      const generation = this.generation;
      const created: Flight = { controller, waiters: 0, promise: Promise.resolve() };
      created.promise = run(controller.signal).then(
        (value) => {
          if (this.inflight.get(key) === created) this.inflight.delete(key);
          // A run that outlived clear() (an old snapshot's) is answered but not kept.
          if (generation === this.generation) {
            this.done.set(key, { promise: created.promise, expires: this.now() + this.ttlMs }, 2 * key.length + approxBytes(value));
          }
          return value;
        },
        (err: unknown) => {
          if (this.inflight.get(key) === created) this.inflight.delete(key);
          throw err;
        },
      );
      created.promise.catch(() => undefined); // rejections are delivered to the waiters
      this.inflight.set(key, created);
      flight = created;
    }
    const f = flight;
    f.waiters++;
    if (!signal) {
      // A caller that cannot abort keeps the shared run alive until it settles.
      return (f.promise as Promise<T>).finally(() => {
        f.waiters--;
      });
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        f.waiters--;
        if (f.waiters === 0 && !settled && this.inflight.get(key) === f) {
          this.inflight.delete(key);
          f.controller.abort(signal.reason);
        }
        reject(abortedError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      (f.promise as Promise<T>).then(
        (v) => {
          settled = true;
          signal.removeEventListener('abort', onAbort);
          f.waiters--;
          resolve(v);
        },
        (err: unknown) => {
          settled = true;
          signal.removeEventListener('abort', onAbort);
          f.waiters--;
          reject(signal.aborted ? abortedError(signal) : err);
        },
      );
    });
  }

  /** Drops every entry (in-flight runs finish for their callers but are not kept). */
  clear(): void {
    this.generation++;
    this.inflight.clear();
    this.done.clear();
  }
}
