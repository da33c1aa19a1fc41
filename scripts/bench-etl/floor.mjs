#!/usr/bin/env node
// The plain-DuckDB floor of an ETL build (issue 13): DuckDB alone reads the same raw files and
// writes each sorted by its key to ZSTD Parquet — no checks, no quarantine, no aggregates.
//   node scripts/bench-etl/floor.mjs RAW_DIR OUT_DIR [--threads N] [--memory-limit SIZE]
// Same threads and memory cap as a build by default. Prints one JSON line: { seconds, rows, bytes }. The benches run it as a child process, measured
// the same way as the build (wall time, CPU time, peak RSS of the process tree).
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { defaultMemoryLimit } from '../../packages/etl-node/dist/db.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { threads: { type: 'string' }, 'memory-limit': { type: 'string' } },
});
const [raw, out] = positionals;
if (!raw || !out) {
  console.error('usage: floor.mjs RAW_DIR OUT_DIR [--threads N] [--memory-limit SIZE]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const lit = (s) => `'${s.replace(/'/g, "''")}'`;
const t0 = performance.now();
const instance = await DuckDBInstance.create(':memory:', {
  threads: values.threads ?? String(availableParallelism()),
  // The build's memory cap (its default unless given), so both spill at the same point.
  memory_limit: values['memory-limit'] ?? process.env.NOVA_DUCKDB_MEMORY ?? defaultMemoryLimit(),
  temp_directory: join(out, 'duckdb-tmp'),
});
const con = await instance.connect();
// Each raw input as DuckDB reads it by itself (the demo's header names), and its sort key.
const forecasts = readdirSync(join(raw, 'forecasts')).filter((f) => f.endsWith('.parquet')).map((f) => lit(join(raw, 'forecasts', f)));
const jobs = [
  ['items', `read_csv(${lit(join(raw, 'items.csv'))}, encoding = 'latin-1')`, 'codigo'],
  ['consumption', `read_csv(${lit(join(raw, 'consumption.csv'))})`, '#2, #3, #1'],
  ['inventory', `read_csv(${lit(join(raw, 'inventory.csv'))})`, 'item_id, site_id, date'],
  ['forecasts', `read_parquet([${forecasts.join(', ')}], union_by_name = true)`, 'item_id, site_id, date'],
];
let rows = 0;
for (const [name, from, key] of jobs) {
  const r = await con.run(`COPY (SELECT * FROM ${from} ORDER BY ${key}) TO ${lit(join(out, `${name}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
  rows += Number(r.rowsChanged);
}
con.closeSync();
instance.closeSync();
const bytes = jobs.reduce((s, [name]) => s + statSync(join(out, `${name}.parquet`)).size, 0);
console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, rows, bytes }));
