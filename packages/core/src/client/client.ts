import type { Manifest } from '../contract/index.js';
import { NovaError, abortedError, isSnapshotGone, raceAbort, toNovaError } from '../errors.js';
import { FILE_CACHE_DEFAULTS, ParquetReader } from '../io/parquet-reader.js';
import type { LruLimits } from '../lru.js';
import type { ByteSource } from '../io/source.js';
import { timeseries } from '../queries/timeseries.js';
// The other queries load on their first call: a page with one chart needs only timeseries, and
// the rest weighs ~5 KB gzip it would otherwise download and parse before its first paint.
const lazyQueries = {
  items: () => import('../queries/items.js'),
  sites: () => import('../queries/sites.js'),
  summary: () => import('../queries/summary.js'),
  modelAccuracy: () => import('../queries/model-accuracy.js'),
  inventory: () => import('../queries/inventory.js'),
  risk: () => import('../queries/risk.js'),
};
import { resolveLimits } from '../sql/limits.js';
import type { SqlEngine, SqlEngineFactory } from '../sql/engine.js';
import type {
  CacheOptions, CallOptions, SqlCallOptions, SqlLimits, Site, InventoryQuery, InventoryResult, Item, ItemPosition, ItemsQuery, ItemsResult, ModelAccuracyQuery, ModelAccuracyResult, NovaClient, RiskQuery, RiskRow, RiskRowBase, RiskTop, RiskTopQuery, SqlResult,
  SummaryQuery, SummaryResult, TimeseriesQuery, TimeseriesResult,
} from '../types.js';
import { QUERY_CACHE_DEFAULTS, QueryCache, type QueryCacheLimits } from './cache.js';
import { loadManifest } from './manifest.js';
import { Snapshot } from './snapshot.js';

const isCorrupt = (err: unknown) => err instanceof NovaError && err.code === 'corrupt_snapshot';

function keyOf(args: unknown): string {
  return JSON.stringify(args, (k, v: unknown) => (k === 'signal' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}

/** The bounds of a client's caches (client options; see {@link CacheOptions}). */
export interface CacheBounds {
  results: QueryCacheLimits;
  files: LruLimits;
}

/** A `prepareSql()` in flight or done, for one snapshot. */
interface Preparing {
  snap: Snapshot;
  promise: Promise<void>;
  /** Callers still waiting with a signal; when all abort before it is ready, the start is abandoned. */
  waiters: number;
  /** `sql()` calls started when it began: a later `sql()` keeps the engine however the waiters abort. */
  sqlCalls: number;
  ready: boolean;
  /** A caller without a signal waits on it: it is never abandoned. */
  kept: boolean;
}

/** The client behind `createClient` (browser and Node differ only in source and SQL engine). */
export class Client implements NovaClient {
  private snap: Snapshot;
  private readonly source: ByteSource;
  private readonly cache: QueryCache;
  private readonly bounds: CacheBounds;
  private readonly engineFactory: SqlEngineFactory;
  private engine?: SqlEngine;
  private preparing?: Preparing;
  private sqlCalls = 0;
  private refreshing?: Promise<boolean>;
  private readonly listeners = new Set<(m: Manifest) => void>();
  private closed = false;
  private readonly sqlLimits?: SqlLimits;

  constructor(source: ByteSource, manifest: Manifest, engineFactory: SqlEngineFactory, bounds: CacheBounds = { results: QUERY_CACHE_DEFAULTS, files: FILE_CACHE_DEFAULTS }, sqlLimits?: SqlLimits) {
    this.source = source;
    this.sqlLimits = sqlLimits;
    this.bounds = bounds;
    // One reader (footers, tails, decoded row groups) per snapshot: after refresh() the old
    // snapshot's cached bytes go with it once its last call settles.
    this.snap = new Snapshot(manifest, new ParquetReader(source, bounds.files));
    this.cache = new QueryCache(bounds.results);
    this.engineFactory = engineFactory;
  }

  /** What the client's caches hold now (results, and the pinned snapshot's files): for tests and diagnostics. */
  cacheStats(): { results: { entries: number; bytes: number }; files: { files: number; bytes: number; decodedRows: number } } {
    return { results: this.cache.stats(), files: this.snap.reader.stats() };
  }

  get manifest(): Manifest {
    return this.snap.manifest;
  }

  private call<T>(method: string, args: unknown, signal: AbortSignal | undefined, run: (snap: Snapshot, signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new NovaError('invalid_argument', `${method}() called after close(): create a new client`));
    const snap = this.snap; // pinned for the whole call
    const key = `${snap.id}|${method}|${keyOf(args)}`;
    const attempt = (on: Snapshot) => this.cache.get(`${on.id}|${method}|${keyOf(args)}`, (inner) => run(on, inner), signal);
    return attempt(snap).catch(async (err: unknown) => {
      if (isCorrupt(err) && !signal?.aborted) {
        // A file that does not match the manifest: read it once more, from the server itself (a
        // transfer may have been damaged, or a browser's HTTP cache answered a Range short from an
        // entry another request was still filling); if it still differs, re-read the manifest — a
        // new snapshot runs the call again there, the same snapshot keeps the error. This is the
        // only retry of a corrupt read: a corrupt file is fetched twice, then the manifest once.
        snap.reader.forget();
        try {
          return await attempt(snap.afresh());
        } catch (again) {
          if (!isCorrupt(again) || signal?.aborted) throw toNovaError(again, 'query_failed', `${method}() failed`, signal);
          const moved = this.snap !== snap || (await this.refresh({ signal }).catch(() => false));
          if (!moved) throw again;
          return attempt(this.snap).catch((e: unknown) => {
            throw toNovaError(e, 'query_failed', `${method}() failed`, signal);
          });
        }
      }
      // A file of the pinned snapshot is gone (the publisher pruned it): re-read the manifest and,
      // on a new snapshot, run the whole call again there — never mixing files of two snapshots.
      if (isSnapshotGone(err) && !signal?.aborted && (this.snap !== snap || (await this.refresh({ signal }).catch(() => false)))) {
        return attempt(this.snap).catch((e: unknown) => {
          throw toNovaError(e, 'query_failed', `${method}() failed`, signal);
        });
      }
      throw toNovaError(err, 'query_failed', `${method}() failed`, signal);
    });
  }

  items(q?: ItemsQuery & { fields?: undefined }): Promise<ItemsResult>;
  items<K extends keyof Item>(q: ItemsQuery & { fields: K[] }): Promise<ItemsResult<Pick<Item, K | 'item_id'>>>;
  items(q: ItemsQuery = {}): Promise<ItemsResult<Partial<Item>>> {
    return this.call('items', q, q.signal, async (s, sig) => (await lazyQueries.items()).items(s, q, sig));
  }

  sites(opts: CallOptions = {}): Promise<Site[]> {
    return this.call('sites', {}, opts.signal, async (s, sig) => (await lazyQueries.sites()).sites(s, sig));
  }

  timeseries(q: TimeseriesQuery): Promise<TimeseriesResult> {
    return this.call('timeseries', q, q?.signal, (s, sig) => timeseries(s, q ?? {}, sig));
  }

  summary(q: SummaryQuery): Promise<SummaryResult> {
    return this.call('summary', q, q?.signal, async (s, sig) => (await lazyQueries.summary()).summary(s, q ?? {}, sig));
  }

  modelAccuracy(q: ModelAccuracyQuery = {}): Promise<ModelAccuracyResult> {
    return this.call('modelAccuracy', q, q.signal, async (s, sig) => (await lazyQueries.modelAccuracy()).modelAccuracy(s, q, sig));
  }

  inventory(q: InventoryQuery): Promise<InventoryResult> {
    return this.call('inventory', q, q?.signal, async (s, sig) => (await lazyQueries.inventory()).inventory(s, q ?? {}, sig));
  }

  risk(q: RiskQuery & { fields?: undefined }): Promise<RiskRow[]>;
  risk<K extends keyof ItemPosition>(q: RiskQuery & { fields: K[] }): Promise<(RiskRowBase & Pick<ItemPosition, K>)[]>;
  risk(q: RiskQuery): Promise<RiskRowBase[]> {
    return this.call('risk', q, q?.signal, async (s, sig) => (await lazyQueries.risk()).risk(s, q ?? {}, sig));
  }

  riskTop(q: RiskTopQuery): Promise<RiskTop | null> {
    return this.call('riskTop', q, q?.signal, async (s, sig) => (await lazyQueries.risk()).riskTop(s, q ?? {}, sig));
  }

  async sql<T = Record<string, unknown>>(query: string, params: unknown[] = [], opts: SqlCallOptions = {}): Promise<SqlResult<T>> {
    // The SQL checks load with the first sql(), as the engine does: a chart never downloads them.
    const call = (await import('../sql/guard.js')).checkSqlCall(query, params);
    const limits = resolveLimits(this.sqlLimits, opts);
    const { signal: _s, ...callLimits } = opts;
    return this.call('sql', [query, params, callLimits], opts.signal, async (s, sig) => {
      this.sqlCalls++;
      this.engine ??= this.engineFactory();
      return (await this.engine.run(s, call, limits, sig)) as SqlResult<T>;
    });
  }

  prepareSql(opts: CallOptions = {}): Promise<void> {
    const { signal } = opts;
    if (this.closed) return Promise.reject(new NovaError('invalid_argument', 'prepareSql() called after close(): create a new client'));
    if (signal?.aborted) return Promise.reject(abortedError(signal, 'prepareSql()'));
    let p = this.preparing;
    if (!p || p.snap !== this.snap) {
      let limits;
      try {
        limits = resolveLimits(this.sqlLimits, {});
      } catch (err) {
        return Promise.reject(err);
      }
      this.engine ??= this.engineFactory();
      const started: Preparing = { snap: this.snap, waiters: 0, sqlCalls: this.sqlCalls, ready: false, kept: false, promise: Promise.resolve() };
      started.promise = this.engine.prepare(this.snap, limits).then(
        () => {
          started.ready = true;
        },
        (err: unknown) => {
          // Not kept: the next sql() (or prepareSql()) starts the engine again and meets the
          // same error, if it is still there.
          if (this.preparing === started) this.preparing = undefined;
          throw toNovaError(err, 'engine_unavailable', 'prepareSql() failed');
        },
      );
      started.promise.catch(() => undefined); // a page may call prepareSql() without awaiting it
      this.preparing = p = started;
    }
    if (!signal) {
      // A caller that cannot abort keeps the start alive whatever the others do.
      p.kept = true;
      return p.promise;
    }
    const prep = p;
    prep.waiters++;
    const onAbort = () => {
      prep.waiters--;
      // Every waiter gave up before the engine was ready and no sql() came meanwhile: stop it
      // (the worker is ended) so an abandoned page does not keep a DuckDB instance.
      if (prep.waiters === 0 && !prep.kept && !prep.ready && this.preparing === prep && this.sqlCalls === prep.sqlCalls) {
        this.preparing = undefined;
        const e = this.engine;
        this.engine = undefined;
        void e?.close().catch(() => undefined);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      signal.removeEventListener('abort', onAbort);
      if (!signal.aborted) prep.waiters--;
    };
    return raceAbort(prep.promise, signal).finally(done);
  }

  refresh(opts: CallOptions = {}): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const m = await loadManifest(this.source, { revalidate: true, signal: opts.signal });
        if (m.snapshot_id === this.snap.id) return false;
        // The old snapshot's results and file bytes are dropped: calls still running on it keep
        // their own references until they settle.
        this.snap = new Snapshot(m, new ParquetReader(this.source, this.bounds.files));
        this.preparing = undefined;
        this.cache.clear();
        for (const l of this.listeners) {
          try {
            l(m);
          } catch (err) {
            queueMicrotask(() => { throw err; });
          }
        }
        return true;
      } catch (err) {
        throw toNovaError(err, 'network', 'refresh() failed', opts.signal);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  on(event: 'snapshot', listener: (manifest: Manifest) => void): () => void {
    if (event !== 'snapshot') throw new NovaError('invalid_argument', `unknown event ${JSON.stringify(event)}; the client emits 'snapshot'`);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.preparing = undefined;
    this.cache.clear();
    this.listeners.clear();
    const e = this.engine;
    this.engine = undefined;
    await e?.close();
  }
}

/** The cache options of a client, each checked (`invalid_argument` naming the option), defaults filled in. */
export function cacheBounds(opts: CacheOptions): CacheBounds {
  const pick = (name: keyof CacheOptions, fallback: number, integer: boolean): number => {
    const v = opts[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !(v >= 0) || (integer && !Number.isInteger(v) && v !== Infinity)) {
      throw new NovaError('invalid_argument', `${name} must be ${integer ? 'an integer' : 'a number'} ≥ 0, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  return {
    results: {
      ttlMs: pick('cacheTtlMs', QUERY_CACHE_DEFAULTS.ttlMs, false),
      maxEntries: pick('cacheMaxEntries', QUERY_CACHE_DEFAULTS.maxEntries, true),
      maxBytes: pick('cacheMaxBytes', QUERY_CACHE_DEFAULTS.maxBytes, false),
    },
    files: {
      maxEntries: pick('fileCacheMaxFiles', FILE_CACHE_DEFAULTS.maxEntries, true),
      maxBytes: pick('fileCacheMaxBytes', FILE_CACHE_DEFAULTS.maxBytes, false),
    },
  };
}

/** Loads and validates the manifest, then returns a client pinned to its snapshot. */
export async function openClient(source: ByteSource, engineFactory: SqlEngineFactory, opts: CacheOptions & { signal?: AbortSignal; sqlLimits?: SqlLimits }): Promise<Client> {
  resolveLimits(opts.sqlLimits, undefined); // a bad limit fails here, not on the first sql()
  const bounds = cacheBounds(opts); // likewise a bad cache option
  try {
    const manifest = await loadManifest(source, { signal: opts.signal, revalidate: true });
    return new Client(source, manifest, engineFactory, bounds, opts.sqlLimits);
  } catch (err) {
    throw toNovaError(err, 'network', 'createClient() failed', opts.signal);
  }
}
