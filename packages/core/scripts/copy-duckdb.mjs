#!/usr/bin/env node
// Copies DuckDB-WASM's `eh` bundle files next to your app bundle so `sql()` starts them from your
// own host (never a CDN). Usage: node copy-duckdb.mjs <dir>   (default: ./duckdb)
// Then pass `duckdbBundleUrl: '<url of that dir>/'` to createClient, or serve the dir as `duckdb/`
// beside the module that imports @nova-corrente/core (the default).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const FILES = ['duckdb-eh.wasm', 'duckdb-browser-eh.worker.js'];
const require = createRequire(join(process.cwd(), 'noop.js'));

/** Copies the files to `dir`; returns their new paths. */
export function copyDuckdb(dir) {
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  mkdirSync(dir, { recursive: true });
  return FILES.map((f) => {
    copyFileSync(join(dist, f), join(dir, f));
    return join(dir, f);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve(process.argv[2] ?? 'duckdb');
  for (const f of copyDuckdb(out)) console.log(`copied ${f}`);
}
