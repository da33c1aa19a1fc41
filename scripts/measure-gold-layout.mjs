#!/usr/bin/env node
// Bytes of gold the SDK reads, per call, cold (a fresh client each time), over HTTP from a local
// static server: the manifest, one item's timeseries, the overview calls the dashboard makes before
// its first paint, an item search. Every figure includes the manifest (a cold page reads it first). For ADR 0005 (manifest layout). Usage:
//   node scripts/measure-gold-layout.mjs GOLD [GOLD …]    (after npm run build)
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { last30Days } from './bench-core/common.mjs';
import { coldCalls, itemIds } from './measure-cold.mjs';

for (const gold of process.argv.slice(2)) {
  const { cold, close, manifest: m, probe } = await coldCalls(gold);
  const [ids, top] = await probe(async (c) => [await itemIds(c), await c.risk({ kind: 'stockout', limit: 1, fields: [] })]);
  const { start, end } = last30Days(m.as_of);
  const dstart = new Date(Date.parse(`${end}T00:00:00Z`) - 179 * 86_400_000).toISOString().slice(0, 10);
  const index = Object.values(m.tables).filter((t) => t.index).map((t) => `${t.index.path.split('/').slice(2).join('/')} ${t.index.bytes} B`);
  console.log(`${gold}: ${m.contract}, ${m.tables.fact_forecast.rows.toLocaleString('en')} fact_forecast rows, ${m.tables.dim_item.rows.toLocaleString('en')} items`);
  console.log(`  manifest.json ${statSync(join(gold, 'manifest.json')).size} B${index.length ? `; file indexes: ${index.join(', ')}` : ''}`);
  await cold('createClient (manifest)', async () => {});
  await cold('timeseries, one item, 30 days', (nova, i) => nova.timeseries({ itemId: ids[(i * 397) % ids.length], start, end }));
  await cold('dashboard calls before first paint', async (nova) => {
    const kinds = await nova.risk({ kind: 'stockout', limit: 1, fields: [] });
    const item = kinds[0]?.item_id ?? top[0]?.item_id ?? ids[0];
    await Promise.all([
      nova.summary({ start: dstart, end }),
      nova.risk({ kind: 'stockout', limit: 10, fields: ['forecast_next_30d', 'on_hand', 'on_order', 'reorder_point', 'projected_stockout_date', 'suggested_order_qty'] }),
      nova.timeseries({ itemId: item, start: dstart, end }),
      nova.inventory({ itemId: item, start: dstart, end }),
      nova.items({ ids: [item], fields: ['name', 'unit'] }),
    ]);
  });
  await cold('  summary (KPIs)', (nova) => nova.summary({ start: dstart, end }));
  await cold('  risk table (10 rows, its fields)', (nova) => nova.risk({ kind: 'stockout', limit: 10, fields: ['forecast_next_30d', 'on_hand', 'on_order', 'reorder_point', 'projected_stockout_date', 'suggested_order_qty'] }));
  await cold('  timeseries 180 days', (nova) => nova.timeseries({ itemId: top[0]?.item_id ?? ids[0], start: dstart, end }));
  await cold('  inventory 180 days', (nova) => nova.inventory({ itemId: top[0]?.item_id ?? ids[0], start: dstart, end }));
  await cold('risk top 10 (risk table)', (nova) => nova.risk({ kind: 'stockout', limit: 10 }));
  await cold('items search "parafuso", first 10', (nova) => nova.items({ search: 'parafuso', limit: 10 }));
  await cold('items search an id, first 10', (nova, i) => nova.items({ search: ids[(i * 211) % ids.length], limit: 10 }));
  await cold('items first page of 10 (picker, no search)', (nova) => nova.items({ limit: 10 }));
  await close();
}
