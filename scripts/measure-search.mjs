#!/usr/bin/env node
// What an item search costs, cold (a fresh SDK client per search, the manifest included): bytes
// served, requests and wall time, over HTTP with Range from a local static server. For ADR 0005
// ("Session 9: search index"). Medians of RUNS runs (default 5); the id searched changes every run.
//   node scripts/measure-search.mjs GOLD [GOLD …]      (after npm run build)
import { loadavg } from 'node:os';
import { coldCalls, itemIds } from './measure-cold.mjs';

for (const gold of process.argv.slice(2)) {
  const { cold, close, manifest: m, probe } = await coldCalls(gold);
  const ids = await probe(itemIds);
  const s = m.tables.search_item;
  const layout = s ? (s.index ? `search_item: ${s.index.path.split('/').slice(2).join('/')} ${s.index.bytes} B, ${s.placement?.buckets ?? s.files?.length} files` : `search_item: one file, ${s.bytes} B`) : 'no search_item';
  console.log(`${gold}: ${m.contract}, ${m.tables.dim_item.rows.toLocaleString('en')} items; ${layout}; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const total = (r) => `(total ${r.total})`;
  await cold('createClient + items({ ids: [one] })', (nova, i) => nova.items({ ids: [ids[(i * 211) % ids.length]] }), total);
  await cold('search an item id, first 20', (nova, i) => nova.items({ search: ids[(i * 211) % ids.length], limit: 20 }), total);
  await cold('search "parafuso", first 20', (nova) => nova.items({ search: 'parafuso', limit: 20 }), total);
  await cold('search "cabo flex", first 20', (nova) => nova.items({ search: 'cabo flex', limit: 20 }), total);
  await cold('search "par" (typing), first 20', (nova) => nova.items({ search: 'par', limit: 20 }), total);
  await cold('search "zzzz" (no match)', (nova) => nova.items({ search: 'zzzz', limit: 20 }), total);
  await close();
}
