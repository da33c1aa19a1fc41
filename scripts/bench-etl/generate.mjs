#!/usr/bin/env node
// Writes a demo raw folder only (no build), for the benches that time generation and build apart:
//   node scripts/bench-etl/generate.mjs OUT_RAW --items N --days D --seed S --as-of YYYY-MM-DD
import { parseArgs } from 'node:util';
import { generateDemoRaw } from '../../packages/etl-node/dist/demo/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { items: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string', default: '42' }, 'as-of': { type: 'string' } },
});
if (!positionals[0] || !values.items || !values.days || !values['as-of']) {
  console.error('usage: generate.mjs OUT_RAW --items N --days D [--seed S] --as-of YYYY-MM-DD');
  process.exit(2);
}
const t0 = performance.now();
const r = await generateDemoRaw({
  out: positionals[0], items: Number(values.items), days: Number(values.days), seed: Number(values.seed), asOf: values['as-of'],
  onProgress: (m) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}\n`),
});
console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, rows: r.rows }));
