// Faults caused for real against local servers: each yields its NovaError, no unhandled rejection,
// and the client stays usable.
import type { Manifest } from '../../src/contract/index.js';
import { eq, ok, rejects, same } from './assert.js';
import type { Define, TestEnv } from './env.js';

export function faultTests(def: Define, getEnv: () => TestEnv, label: string): void {
  const ids = () => getEnv().ref<string[]>('sampleItems');

  def(`${label}: manifest 404 → manifest_missing, 500 → network`, async () => {
    const env = getEnv();
    const e404 = await rejects(env.createClient({ url: env.faults.missing }), 'manifest_missing', '404');
    ok(e404.message.includes(`${env.faults.missing}manifest.json`), 'message names the URL');
    ok(e404.message.includes('gold root'), 'message says what to check');
    const e500 = await rejects(env.createClient({ url: env.faults.error }), 'network', '500');
    ok(e500.message.includes('HTTP 500'), 'message has the status');
  });

  def(`${label}: wrong contract → contract_mismatch`, async () => {
    const env = getEnv();
    const err = await rejects(env.createClient({ url: env.faults.wrong }), 'contract_mismatch', 'nova-gold/2');
    ok(err.message.includes('nova-gold/2') && err.message.includes('nova-gold/1'), 'message names both contracts');
  });

  def(`${label}: a server that never answers → aborted (signal) or network (timeout)`, async () => {
    const env = getEnv();
    const t0 = Date.now();
    await rejects(env.createClient({ url: env.faults.hang, signal: AbortSignal.timeout(300) }), 'aborted', 'AbortSignal.timeout');
    await rejects(env.createClient({ url: env.faults.hang, timeoutMs: 300 }), 'network', 'timeoutMs');
    ok(Date.now() - t0 < 5000, 'gave up quickly');
    const nova = await env.createClient({ url: env.faults.ok });
    const ac = new AbortController();
    const p = nova.timeseries({ itemId: (await ids())[0], signal: ac.signal });
    ac.abort();
    await rejects(p, 'aborted', 'abort in flight');
    const again = await nova.timeseries({ itemId: (await ids())[0] });
    ok(again.points.length > 0, 'client usable after an abort');
    await rejects(nova.items({ signal: AbortSignal.abort() }), 'aborted', 'already aborted signal');
  });

  def(`${label}: truncated Parquet → corrupt_snapshot, client still usable`, async () => {
    const env = getEnv();
    const nova = await env.createClient({ url: env.faults.truncated });
    const m = await env.ref<Manifest>('manifest');
    const e1 = await rejects(nova.items(), 'corrupt_snapshot', 'dim_item cut in half');
    ok(e1.message.includes('dim_item'), 'message names the file');
    await rejects(nova.summary({ start: m.as_of, end: m.as_of }), 'corrupt_snapshot', 'agg_daily with a broken footer');
    const [itemId] = await ids();
    const d = await env.ref<{ site_id: string; source: string }>('defaults', { itemId });
    const ts = await nova.timeseries({ itemId, siteId: d.site_id, source: d.source, start: m.as_of, end: m.as_of });
    eq(ts.points.length, 1, 'other files still readable');
    await rejects(nova.items(), 'corrupt_snapshot', 'the failure is not cached as success');
  });

  def(`${label}: manifest swapped between two calls → refresh() switches atomically`, async () => {
    const env = getEnv();
    await env.swap('A');
    const nova = await env.createClient({ url: env.faults.swap });
    eq(nova.manifest.snapshot_id, env.snapshots.a, 'starts on A');
    const before = await nova.items({ limit: 1 });
    ok(!before.items[0].name.startsWith('NOVO '), 'A names');
    const seen: string[] = [];
    nova.on('snapshot', (m) => seen.push(m.snapshot_id));
    eq(await nova.refresh(), false, 'no change yet');
    const inFlight = nova.items({ limit: 2 });
    await env.swap('B');
    const stillA = await nova.items({ limit: 1 });
    same(stillA, before, 'pinned snapshot until refresh()');
    eq(await nova.refresh(), true, 'refresh sees B');
    eq(nova.manifest.snapshot_id, env.snapshots.b, 'switched');
    same(seen, [env.snapshots.b], 'snapshot event');
    const old = await inFlight;
    ok(!old.items[0].name.startsWith('NOVO '), 'the call in flight kept snapshot A');
    const after = await nova.items({ limit: 1 });
    eq(after.items[0].name, `NOVO ${before.items[0].name}`, 'B names after refresh (cache cleared)');
    await env.swap('A');
    eq(await nova.refresh(), true, 'back to A');
    const back = await nova.items({ limit: 1 });
    same(back, before, 'A again');
    await nova.close();
  });

  def(`${label}: pinned snapshot pruned from the server → refresh and one retry on the new snapshot`, async () => {
    const env = getEnv();
    await env.swap('C');
    const nova = await env.createClient({ url: env.faults.swap });
    eq(nova.manifest.snapshot_id, env.snapshots.c, 'pinned on C');
    const seen: string[] = [];
    nova.on('snapshot', (m) => seen.push(m.snapshot_id));
    await env.swap('gone');
    const got = await nova.items({ limit: 3 });
    eq(nova.manifest.snapshot_id, env.snapshots.a, 'moved to A');
    same(seen, [env.snapshots.a], 'snapshot event');
    same(got.items, (await env.ref<unknown[]>('items', {})).slice(0, 3), "A's rows");
    eq(await nova.refresh(), false, 'already on the current snapshot');
    await env.swap('A');
  });

  def(`${label}: unreachable server → network`, async () => {
    const env = getEnv();
    const url = env.runtime === 'browser' ? env.faults.noCors : env.faults.refused;
    const err = await rejects(env.createClient({ url }), 'network', env.runtime === 'browser' ? 'no CORS headers' : 'connection refused');
    if (env.runtime === 'browser') ok(err.message.includes('CORS'), 'message mentions CORS');
  });

  def(`${label}: S3-protocol server (s3rver) serves the gold`, async () => {
    const env = getEnv();
    const nova = await env.createClient({ url: env.faults.s3 });
    const m = await env.ref<Manifest>('manifest');
    eq(nova.manifest.snapshot_id, m.snapshot_id, 'manifest over S3');
    const [itemId] = await ids();
    const d = await env.ref<{ site_id: string; source: string }>('defaults', { itemId });
    const start = m.date_range.min;
    const got = await nova.timeseries({ itemId, start, end: m.as_of });
    same(got.points, await env.ref('timeseries', { itemId, siteId: d.site_id, source: d.source, start, end: m.as_of }), 'timeseries over S3');
    const items = await nova.items();
    eq(items.total, (await env.ref<unknown[]>('items', {})).length, 'items over S3');
  });

  /** The requests the fault server logged under a root (`/short/`, `/cut-counted/`, …), oldest first. */
  const logged = async (prefix: string): Promise<{ url: string; range?: string; cacheControl: string | null; short: boolean }[]> =>
    (await fetch(`${getEnv().faults.control}log?prefix=${prefix}`, { cache: 'no-store' })).json();
  const noCache = (e: { cacheControl: string | null }) => /no-cache/.test(e.cacheControl ?? '');
  /** A root URL of this run's own (`/short/` → `/short-<run>/`) and its log prefix. */
  const ownRoot = (url: string) => {
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const own = url.replace(/\/([a-z-]+)\/$/, `/$1-${run}/`);
    return { url: own, prefix: new URL(own).pathname };
  };

  for (const kind of ['suffix', 'range'] as const) {
    def(`${label}: a ${kind === 'suffix' ? 'footer (suffix Range)' : 'row-group Range'} answered short once → the one retry asks the server past the HTTP cache and the chart answers`, async () => {
      const env = getEnv();
      const [itemId] = await ids();
      const m = await env.ref<Manifest>('manifest');
      const d = await env.ref<{ site_id: string; source: string }>('defaults', { itemId });
      const start = m.date_range.min;
      const root = ownRoot(env.faults.short);
      await fetch(`${env.faults.control}arm?kind=${kind}`, { cache: 'no-store' });
      // A header of its own makes every read of this cross-origin page preflighted, so the SDK
      // asks for footers by suffix Range here too (without, only on the page's own origin).
      const nova = await env.createClient({ url: root.url, headers: { Authorization: 'Bearer nova-test' } });
      const got = await nova.timeseries({ itemId, start, end: m.as_of });
      same(got.points, await env.ref('timeseries', { itemId, siteId: d.site_id, source: d.source, start, end: m.as_of }), 'the answer, read again after the short one');
      const log = await logged(root.prefix);
      const cut = log.findIndex((e) => e.short);
      ok(cut >= 0, `one ${kind} Range was answered short: ${JSON.stringify(log)}`);
      const file = log.slice(cut + 1).filter((e) => e.url === log[cut].url);
      eq(file.filter((e) => e.range === log[cut].range).length, 1, `the short Range asked once more: ${JSON.stringify(log.slice(cut))}`);
      // (The first attempt's reads of other files may still be finishing: only the retry bypasses the cache.)
      ok(file.every(noCache), `the retry reads the file from the server itself (Cache-Control: no-cache): ${JSON.stringify(file)}`);
      ok(log.slice(0, cut).every((e) => !noCache(e)) && log.slice(cut + 1).some(noCache), 'only reads after the short answer bypass the cache');
      // Later calls read through the HTTP cache again.
      const n = (await logged(root.prefix)).length;
      await nova.timeseries({ itemId: (await ids())[1], start, end: m.as_of });
      const later = (await logged(root.prefix)).slice(n);
      ok(later.every((e) => !noCache(e)), `the next call is not a retry: ${JSON.stringify(later)}`);
      if (env.runtime === 'node') ok(later.length > 0, 'the next call read something (no HTTP cache in Node)');
      await nova.close();
    });
  }

  for (const c of [
    { root: 'cutCounted', file: /fact_forecast\/part-/, what: 'a fact file cut 64 bytes short' },
    { root: 'flipCounted', file: /dim_item/, what: 'dim_item with a bit flipped' },
  ] as const) {
    def(`${label}: ${c.what} → corrupt_snapshot after the file is fetched twice (once past the HTTP cache) and the manifest once more`, async () => {
      const env = getEnv();
      const [itemId] = await ids();
      const m = await env.ref<Manifest>('manifest');
      const root = ownRoot(env.faults[c.root]);
      const nova = await env.createClient({ url: root.url });
      const before = (await logged(root.prefix)).length;
      const call = c.root === 'cutCounted' ? nova.timeseries({ itemId, start: m.as_of, end: m.as_of }) : nova.items({ limit: 1 });
      const err = await rejects(call, 'corrupt_snapshot', c.what);
      const log = (await logged(root.prefix)).slice(before);
      const reads = log.filter((e) => c.file.test(e.url));
      ok(err.message.includes(reads[0]?.url.split('/').pop() ?? '?'), `the message names the file: ${err.message}`);
      eq(reads.length, 2, `fetches of the corrupt file: ${JSON.stringify(reads)}`);
      same(reads.map(noCache), [false, true], 'the second fetch asks the server itself');
      eq(log.filter((e) => e.url.endsWith('/manifest.json')).length, 1, 'the manifest re-read once (same snapshot: the error stands)');
      await nova.close();
    });
  }

  def(`${label}: no unhandled rejections`, async () => {
    await new Promise((r) => setTimeout(r, 50));
    eq(getEnv().unhandled(), 0, 'unhandled rejections');
  });
}
