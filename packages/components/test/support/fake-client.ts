// A small stand-in for the SDK client, for tests about rendering (states, locale formatting,
// events): each query answers what the test gives it, and the calls are counted. The whole path
// (real client, HTTP Range reads, real gold) is covered by the other browser tests and the e2e test.
import type { ItemsResult, Manifest, NovaClient, SummaryResult, TimeseriesPoint, TimeseriesResult } from '@nova-corrente/core';

export const META = { source: 'ensemble', model_version: 'ens-3.2', generated_at: '2026-06-30T12:00:00Z', dataset_id: 'ds-7' };

export const MANIFEST = {
  contract: 'nova-gold/1',
  snapshot_id: 'snap-1',
  created_at: '2026-06-30T13:00:00Z',
  grain: 'day',
  as_of: '2026-06-03',
  date_range: { min: '2026-06-01', max: '2026-06-05' },
  ml: [META],
} as unknown as Manifest;

/** Five days, actuals up to the 3rd (the as-of), with hand-picked values. */
export const POINTS: TimeseriesPoint[] = [
  { date: '2026-06-01', forecast: 1234.5, forecast_lo: 1000, forecast_hi: 1500.25, actual: 1300 },
  { date: '2026-06-02', forecast: 10, forecast_lo: null, forecast_hi: null, actual: 0 },
  { date: '2026-06-03', forecast: 12.75, forecast_lo: 8, forecast_hi: 17, actual: 20 },
  { date: '2026-06-04', forecast: 14, forecast_lo: 9, forecast_hi: 19, actual: null },
  { date: '2026-06-05', forecast: 15.5, forecast_lo: 10, forecast_hi: 21, actual: null },
];

export function series(points: TimeseriesPoint[] = POINTS): TimeseriesResult {
  return { itemId: 'MAT-000001', siteId: 'SSA', meta: META, metas: [META], sites: [], asOf: '2026-06-03', points };
}

type Answer<T> = () => Promise<T>;

export interface FakeClient {
  client: NovaClient;
  calls: { timeseries: number; items: number; summary: number };
  /** Pretends `refresh()` found a new snapshot: listeners of 'snapshot' hear it. */
  newSnapshot(id: string): void;
}

export function fakeClient(answers: { timeseries?: Answer<TimeseriesResult>; summary?: Answer<SummaryResult>; items?: Answer<ItemsResult> } = {}): FakeClient {
  const calls = { timeseries: 0, items: 0, summary: 0 };
  const listeners = new Set<(m: Manifest) => void>();
  let manifest = MANIFEST;
  const client = {
    get manifest() {
      return manifest;
    },
    items: () => {
      calls.items++;
      return answers.items?.() ?? Promise.resolve({ items: [{ item_id: 'MAT-000001', name: 'Parafuso galvanizado M12', unit: 'UN' }], total: 1 });
    },
    timeseries: () => {
      calls.timeseries++;
      return answers.timeseries?.() ?? Promise.resolve(series());
    },
    summary: () => {
      calls.summary++;
      return answers.summary ? answers.summary() : Promise.reject(new Error('no summary in this test'));
    },
    on: (_type: 'snapshot', fn: (m: Manifest) => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  } as unknown as NovaClient;
  return {
    client,
    calls,
    newSnapshot(id) {
      manifest = { ...manifest, snapshot_id: id } as Manifest;
      for (const fn of listeners) fn(manifest);
    },
  };
}

/** A promise with its resolve/reject outside (to hold a load in its pending state). */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}
