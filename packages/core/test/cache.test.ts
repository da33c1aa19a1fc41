// The bounded caches: the LRU (entries and bytes), the result cache (TTL swept without re-reading
// the key, in-flight runs shared and never evicted) and the size estimate they weigh results by.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Lru, approxBytes } from '../src/lru.js';
import { QueryCache } from '../src/client/cache.js';
import { cacheBounds } from '../src/client/client.js';

test('Lru keeps at most maxEntries, least recently used evicted first', () => {
  const lru = new Lru<number>({ maxEntries: 3, maxBytes: Infinity });
  for (const k of ['a', 'b', 'c']) lru.set(k, 1, 1);
  assert.equal(lru.get('a'), 1); // a is now the most recent
  lru.set('d', 4, 1);
  assert.equal(lru.peek('b'), undefined, 'b was the least recently used');
  assert.deepEqual(['a', 'c', 'd'].map((k) => lru.peek(k)), [1, 1, 4]);
  assert.equal(lru.size, 3);
});

test('Lru keeps at most maxBytes; an entry heavier than the budget is not kept', () => {
  const lru = new Lru<string>({ maxEntries: 100, maxBytes: 100 });
  lru.set('a', 'A', 40);
  lru.set('b', 'B', 40);
  lru.set('c', 'C', 40); // 120 > 100: a goes
  assert.equal(lru.peek('a'), undefined);
  assert.equal(lru.bytes, 80);
  lru.set('big', 'X', 101);
  assert.equal(lru.peek('big'), undefined);
  assert.equal(lru.bytes, 80, 'nothing evicted for an entry that cannot fit');
  lru.set('b', 'B2', 10); // re-weighing replaces the old weight
  assert.equal(lru.bytes, 50);
  lru.deleteWhere((v) => v === 'C');
  assert.equal(lru.bytes, 10);
  lru.clear();
  assert.equal(lru.size + lru.bytes, 0);
});

test('approxBytes grows with the data and weighs a long array from a sample', () => {
  const row = { date: '2026-01-01', forecast: 1.5, actual: null, site: 'SSA' };
  const one = approxBytes(row);
  // 32 (object) + 4 × 8 (slots) + string 16+20, number 8, null 8, string 16+6
  assert.equal(one, 32 + 4 * 8 + (16 + 20) + 8 + 8 + (16 + 6));
  const rows = Array.from({ length: 100_000 }, () => ({ ...row }));
  const many = approxBytes(rows);
  assert.equal(many, 16 + 8 * 100_000 + one * 100_000);
  assert.equal(approxBytes(new Uint8Array(1000)), 1064);
  assert.equal(approxBytes('x'.repeat(500)), 1016);
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('QueryCache shares one run between identical calls and answers hits with the same value', async () => {
  const cache = new QueryCache({ ttlMs: 60_000, maxEntries: 10, maxBytes: 1e6 });
  let runs = 0;
  const run = async () => {
    runs++;
    await tick(5);
    return { n: runs };
  };
  const [a, b] = await Promise.all([cache.get('k', run), cache.get('k', run)]);
  assert.equal(runs, 1);
  assert.equal(a, b);
  assert.equal(await cache.get('k', run), a, 'a hit is the same object');
  assert.equal(runs, 1);
});

test('QueryCache evicts by entries and by bytes, least recently used first', async () => {
  const cache = new QueryCache({ ttlMs: 60_000, maxEntries: 3, maxBytes: 1e9 });
  let runs = 0;
  const run = async () => ({ n: ++runs });
  for (const k of ['a', 'b', 'c']) await cache.get(k, run);
  await cache.get('a', run); // hit: a is the most recent
  await cache.get('d', run); // b goes
  assert.equal(runs, 4);
  await cache.get('a', run);
  assert.equal(runs, 4, 'a still cached');
  await cache.get('b', run);
  assert.equal(runs, 5, 'b was evicted');
  assert.equal(cache.stats().entries, 3);

  const small = new QueryCache({ ttlMs: 60_000, maxEntries: 1000, maxBytes: 50_000 });
  const big = async () => 'x'.repeat(10_000); // ≈ 20 KB each
  for (let i = 0; i < 10; i++) await small.get(`k${i}`, big);
  const s = small.stats();
  assert.ok(s.bytes <= 50_000, `${s.bytes} bytes kept`);
  assert.equal(s.entries, 2);
});

test('QueryCache sweeps expired results when other keys are asked, and never keeps failures', async () => {
  let clock = 1_000_000;
  const cache = new QueryCache({ ttlMs: 20, maxEntries: 1000, maxBytes: 1e9 }, () => clock);
  for (let i = 0; i < 50; i++) await cache.get(`k${i}`, async () => i);
  assert.equal(cache.stats().entries, 50);
  clock += 19;
  await cache.get('other0', async () => 0);
  assert.equal(cache.stats().entries, 51, 'nothing expired yet');
  clock += 2_000;
  await cache.get('other', async () => 0);
  assert.equal(cache.stats().entries, 1, 'the 50 expired results went without being asked for');
  await assert.rejects(cache.get('bad', async () => { throw new Error('boom'); }), /boom/);
  assert.equal(cache.stats().entries, 1);
  let runs = 0;
  assert.equal(await cache.get('bad', async () => ++runs), 1, 'a failure is not cached');
});

test('QueryCache: a run in flight at clear() answers its callers but is not kept', async () => {
  const cache = new QueryCache();
  let release!: (v: string) => void;
  const p = cache.get('k', () => new Promise<string>((r) => (release = r)));
  cache.clear();
  release('old');
  assert.equal(await p, 'old');
  assert.equal(cache.stats().entries, 0);
  assert.equal(await cache.get('k', async () => 'new'), 'new');
});

test('QueryCache: the shared run is aborted only when every waiting caller aborted', async () => {
  const cache = new QueryCache();
  let innerAborted = false;
  const run = (signal: AbortSignal) =>
    new Promise<number>((resolve) => {
      signal.addEventListener('abort', () => (innerAborted = true));
      setTimeout(() => resolve(7), 30);
    });
  const a = new AbortController();
  const b = new AbortController();
  const pa = cache.get('k', run, a.signal);
  const pb = cache.get('k', run, b.signal);
  a.abort();
  await assert.rejects(pa, (e: { code?: string }) => e.code === 'aborted');
  assert.equal(innerAborted, false, 'b still waits');
  assert.equal(await pb, 7);
  const c = new AbortController();
  const pc = cache.get('k2', run, c.signal);
  c.abort();
  await assert.rejects(pc, (e: { code?: string }) => e.code === 'aborted');
  assert.equal(innerAborted, true);
});

test('cache options: defaults, and each bad value refused naming the option', () => {
  const d = cacheBounds({});
  assert.deepEqual(d, { results: { ttlMs: 60_000, maxEntries: 500, maxBytes: 33_554_432 }, files: { maxEntries: 256, maxBytes: 33_554_432 } });
  assert.equal(cacheBounds({ cacheMaxBytes: Infinity, fileCacheMaxFiles: 0 }).results.maxBytes, Infinity);
  for (const [name, v] of [['cacheTtlMs', -1], ['cacheMaxEntries', 1.5], ['cacheMaxBytes', 'big'], ['fileCacheMaxFiles', NaN], ['fileCacheMaxBytes', -5]] as const) {
    assert.throws(() => cacheBounds({ [name]: v } as never), (e: { code?: string; message: string }) => e.code === 'invalid_argument' && e.message.startsWith(name));
  }
});

test('per-item values are kept for the most recent ITEMS_KEPT items of a snapshot, failures not at all', async () => {
  const { itemMemo, ITEMS_KEPT } = await import('../src/queries/item-memo.js');
  const snap = {} as never;
  let runs = 0;
  const run = async () => ++runs;
  for (let i = 0; i <= ITEMS_KEPT; i++) await itemMemo(snap, `k${i}`, run);
  assert.equal(runs, ITEMS_KEPT + 1);
  await itemMemo(snap, `k${ITEMS_KEPT}`, run);
  assert.equal(runs, ITEMS_KEPT + 1, 'the most recent item is still kept');
  await itemMemo(snap, 'k0', run);
  assert.equal(runs, ITEMS_KEPT + 2, 'the oldest item was dropped');
  await assert.rejects(itemMemo(snap, 'bad', async () => { throw new Error('x'); }));
  assert.equal(await itemMemo(snap, 'bad', async () => 'now'), 'now', 'a failure is not kept');
  assert.equal(await itemMemo({} as never, 'k1', async () => 'other snapshot'), 'other snapshot', 'per snapshot');
});
