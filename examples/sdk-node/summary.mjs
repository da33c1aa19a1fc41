#!/usr/bin/env node
// Prints a summary of a gold root through the SDK in Node.
//   node examples/sdk-node/summary.mjs [gold folder or URL]   (default .nova/demo/gold)
import { createClient } from '@nova-corrente/core/node';

const url = process.argv[2] ?? new URL('../../.nova/demo/gold/', import.meta.url).pathname;
const nova = await createClient({ url });
try {
  const m = nova.manifest;
  const start = new Date(Date.parse(`${m.as_of}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
  const s = await nova.summary({ start, end: m.as_of });
  const risk = await nova.risk({ kind: 'stockout', limit: 5 });
  const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
  console.log(`snapshot ${m.snapshot_id} (as of ${m.as_of}, grain ${m.grain})`);
  for (const ml of m.ml) console.log(`  model ${ml.source} ${ml.model_version}, generated ${ml.generated_at}`);
  console.log(`${start} → ${m.as_of}: ${s.items} items, forecast ${s.forecastTotal.toFixed(0)}, actual ${s.actualTotal.toFixed(0)}, WAPE ${s.wape === null ? 'n/a' : `${(s.wape * 100).toFixed(1)} %`}`);
  console.log(`at risk: ${s.atRisk} items, ${brl.format(s.demandValueAtRisk30d)} of demand in the next 30 days`);
  console.log('top stockout risks:');
  for (const r of risk) console.log(`  ${r.item_id}  ${r.name.slice(0, 48).padEnd(48)}  on hand ${r.on_hand}  stockout ${r.projected_stockout_date ?? '—'}`);
} finally {
  await nova.close();
}
