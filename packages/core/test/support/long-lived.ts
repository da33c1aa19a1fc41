// A long-lived client in a process of its own (run with --expose-gc): 10,000 distinct queries
// (item-picker searches and timeseries of distinct items and windows) over demo gold served over
// HTTP by the project's static server, heap measured after gc(). Prints one JSON line.
// argv: <gold dir> <cache options JSON> [queries]
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/node/index.js';
import type { Manifest } from '../../src/contract/index.js';
// @ts-expect-error -- plain ESM helper without types
import { startStaticServer } from '../../../../scripts/static-server.mjs';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const [goldArg, optsArg, queriesArg] = process.argv.slice(2);
const opts = JSON.parse(optsArg ?? '{}') as Record<string, number | null>;
for (const k of Object.keys(opts)) if (opts[k] === null) opts[k] = Infinity; // JSON has no Infinity
const QUERIES = Number(queriesArg ?? 10_000);

// A copy of the gold with a second snapshot B (same files under another id) to refresh() to.
const root = mkdtempSync(join(tmpdir(), 'nova-long-lived-'));
cpSync(goldArg, root, { recursive: true });
const manifestA = readFileSync(join(root, 'manifest.json'), 'utf8');
const m = JSON.parse(manifestA) as Manifest;
// B's id has A's length, so the fixed-size records of 1.2 file indexes (docs/contract.md) keep
// their size when their paths are rewritten; each rewritten index gets its new SHA-256.
const b = `${m.snapshot_id.slice(0, -1)}${m.snapshot_id.endsWith('0') ? '1' : '0'}`;
cpSync(join(root, 'snapshots', m.snapshot_id), join(root, 'snapshots', b), { recursive: true });
const mB = { ...JSON.parse(manifestA.replaceAll(`snapshots/${m.snapshot_id}/`, `snapshots/${b}/`)), snapshot_id: b, previous_snapshot_id: m.snapshot_id } as Manifest;
for (const t of Object.values(mB.tables) as { index?: { path: string; sha256: string } }[]) {
  if (!t.index) continue;
  const file = join(root, t.index.path);
  const text = readFileSync(file, 'utf8').replaceAll(`snapshots/${m.snapshot_id}/`, `snapshots/${b}/`);
  writeFileSync(file, text);
  t.index.sha256 = createHash('sha256').update(text).digest('hex');
}
const manifestB = JSON.stringify(mB);

let requests = 0;
const srv = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: root }], onRequest: () => requests++ });
const nova = await createClient({ url: `${srv.url}/gold/`, ...opts });
const stats = () => (nova as unknown as { cacheStats(): { results: { entries: number; bytes: number }; files: { files: number; bytes: number } } }).cacheStats();

const ids = (await nova.items({ fields: ['name'] })).items.map((it) => it.item_id);
const dayMs = 86_400_000;
const first = Date.parse(`${m.date_range.min}T00:00:00Z`);
const last = Date.parse(`${m.date_range.max}T00:00:00Z`);
const days = Math.round((last - first) / dayMs);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const WINDOW = 300;

/** Query i: odd → an item-picker search, even → a 300-day timeseries of item (i/2 mod n) from a distinct start. */
const query = (i: number): Promise<unknown> => {
  if (i % 2) return nova.items({ search: `${String.fromCharCode(97 + (i % 26))}${i}`, limit: 20 });
  const k = i / 2;
  const start = first + ((Math.floor(k / ids.length) * 1) % Math.max(1, days - WINDOW)) * dayMs;
  return nova.timeseries({ itemId: ids[k % ids.length], start: iso(start), end: iso(start + WINDOW * dayMs) });
};

const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const WARM = 500;
for (let i = 0; i < WARM; i++) await query(i);
const h0 = heap();
const t0 = Date.now();
for (let i = WARM; i < QUERIES; i++) await query(i);
const ms = Date.now() - t0;
const h1 = heap();
const after = stats();

// The most recent queries hit: the same objects, no request.
const reqBefore = requests;
const hits: boolean[] = [];
for (let i = QUERIES - 50; i < QUERIES; i++) {
  const a = await query(i);
  hits.push(a === (await query(i)));
}
const recentAgain = await Promise.all(Array.from({ length: 20 }, (_, j) => query(QUERIES - 1 - j)));
const recentSame = await Promise.all(Array.from({ length: 20 }, (_, j) => query(QUERIES - 1 - j)));
const hitRequests = requests - reqBefore;

// refresh() to snapshot B: the old snapshot's results and file bytes go.
const internals = nova as unknown as { snap: { reader: object } };
const oldReader = new WeakRef(internals.snap.reader);
writeFileSync(join(root, 'manifest.json'), manifestB);
const moved = await nova.refresh();
const afterRefresh = stats();
for (let i = 0; i < 4; i++) await query(i); // a few queries on B
heap();
await new Promise((r) => setTimeout(r, 50));
heap();
const oldReaderFreed = oldReader.deref() === undefined;

await nova.close();
await srv.close();
rmSync(root, { recursive: true, force: true });
console.log(JSON.stringify({
  items: ids.length, queries: QUERIES, ms, heapBefore: h0, heapAfter: h1, growth: h1 - h0, after,
  hits: hits.every(Boolean), recentSame: recentAgain.every((r, j) => r === recentSame[j]), hitRequests,
  moved, afterRefresh, oldReaderFreed,
}));
