// Memory stays bounded in a long-lived process: 10,000 distinct queries (item-picker searches and
// 300-day timeseries of distinct items and windows) over demo gold served over real HTTP, heap
// measured after gc() in a child process run with --expose-gc. The same workload with the result
// cache unbounded shows the bound is what holds the heap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- plain ESM helper without types
import { goldDir } from './support/reference.mjs';

const script = fileURLToPath(new URL('./support/long-lived.ts', import.meta.url));
/** Heap growth allowed between query 500 and query 10,000 with the default cache bounds. */
const BOUND = 16 * 2 ** 20;

function run(opts: object, queries: number) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, goldDir(), JSON.stringify(opts), String(queries)], { encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr.slice(-2000)}`);
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
}

test('10,000 distinct queries with the default cache bounds: heap growth under 16 MiB, recent queries still hit, refresh() drops the old snapshot', () => {
  const out = run({}, 10_000);
  assert.ok(out.growth < BOUND, `heap grew ${(out.growth / 2 ** 20).toFixed(1)} MiB from query 500 to 10,000 (bound ${BOUND / 2 ** 20} MiB)`);
  // Defaults documented in docs/sql.md and types.ts: 500 results, 32 MiB; 256 files, 32 MiB.
  assert.ok(out.after.results.entries <= 500, `${out.after.results.entries} results kept`);
  assert.ok(out.after.results.bytes <= 32 * 2 ** 20);
  assert.ok(out.after.files.bytes <= 32 * 2 ** 20);
  assert.equal(out.hits, true, 'the 50 most recent queries answer with the very objects cached');
  assert.equal(out.recentSame, true);
  assert.equal(out.hitRequests, 0, 'cache hits make no request');
  assert.equal(out.moved, true, 'refresh() moved to snapshot B');
  assert.deepEqual(out.afterRefresh, { results: { entries: 0, bytes: 0 }, files: { files: 0, bytes: 0, decodedRows: 0 } });
  assert.equal(out.oldReaderFreed, true, "the old snapshot's reader (footers, tails, decoded rows) was garbage-collected");
});

test('control: the same workload with the result cache unbounded grows past the bound (so the bound is what holds it)', () => {
  const out = run({ cacheMaxEntries: null, cacheMaxBytes: null }, 2_500);
  assert.ok(out.growth > BOUND, `unbounded: heap grew only ${(out.growth / 2 ** 20).toFixed(1)} MiB over 2,000 queries`);
  assert.ok(out.after.results.entries > 2_000);
});
