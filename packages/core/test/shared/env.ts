import type { ClientOptions, NovaClient } from '../../src/types.js';

/** Fault server URLs (see support/fault-servers.mjs). */
export interface FaultUrls {
  ok: string;
  missing: string;
  error: string;
  hang: string;
  truncated: string;
  wrong: string;
  swap: string;
  /** Tampered copies of the gold (manifest unchanged): a bit flip in dim_item; fact_forecast cut, appended to, swapped. */
  flip: string;
  cut: string;
  append: string;
  swapped: string;
  /** Snapshot A with a tampered dim_item and a sound B; `swap('movedB')` moves its manifest to B. */
  moved: string;
  /**
   * The sound gold, its requests logged; `control` arms one short answer of its first item's fact
   * file. Like the next two, also served under `…/short-<run>/` so that a run reads URLs of its own.
   */
  short: string;
  /** The `cut` and `flip` copies under URLs only the retry-count tests read, their requests logged. */
  cutCounted: string;
  flipCounted: string;
  /** `log?prefix=/short/` → the logged requests `{url, range, cacheControl, short}`; `arm?kind=suffix|range`. */
  control: string;
  noCors: string;
  refused: string;
  s3: string;
}

/** What a shared test body needs from its runtime. */
export interface TestEnv {
  runtime: 'node' | 'browser';
  /** Gold root the query tests read (HTTP URL, or a folder for the Node local run). */
  goldUrl: string;
  createClient(opts: ClientOptions): Promise<NovaClient>;
  /** A reference answer computed by @duckdb/node-api from the same Parquet files. */
  ref<T>(name: string, args?: object): Promise<T>;
  faults: FaultUrls;
  snapshots: { a: string; b: string; c: string };
  /** Points the swap root's manifest at A, B or C; `gone` points it back at A and deletes C's files. */
  swap(which: 'A' | 'B' | 'C' | 'gone' | 'movedA' | 'movedB'): Promise<void>;
  /** Unhandled promise rejections seen so far. */
  unhandled(): number;
}

/** Registers a test (node:test `test` or mocha `it`). */
export type Define = (name: string, fn: () => Promise<void>) => void;
