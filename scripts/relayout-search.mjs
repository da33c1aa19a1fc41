#!/usr/bin/env node
// Copies a nova-gold/1.2 root (hard links: nothing of the source is written) and rewrites only its
// `search_item` with this checkout's writer (nova-gold/1.3 token-range files + index), from the
// copy's dim_item — a cheap way to measure the search layout on a large gold without rebuilding it
// (ADR 0005, "Session 9: search index"). Run `nova-etl validate OUT` afterwards.
//   node scripts/relayout-search.mjs SRC_GOLD OUT_GOLD        (after npm run build)
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTRACT } from '@nova-corrente/core/contract';
import { linkCopy, unlinkAll, writeManifests } from './relayout-common.mjs';

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: node scripts/relayout-search.mjs SRC_GOLD OUT_GOLD');
  process.exit(2);
}
const etl = new URL('../packages/etl-node/dist/', import.meta.url);
const { openDb, lit } = await import(new URL('db.js', etl));
const { deriveTable } = await import(new URL('gold/derived.js', etl));
const { writeSearch } = await import(new URL('gold/write-search.js', etl));

const { m, rel, dir } = await linkCopy(src, out);
const db = await openDb();
try {
  const t0 = performance.now();
  const dim = join(out, m.tables.dim_item.files[0].path);
  await db.run(`CREATE TEMP TABLE g_dim_item AS SELECT * FROM read_parquet(${lit(dim)})`);
  await deriveTable(db, 'search_item');
  const old = m.tables.search_item;
  // nova-gold/1.3 keeps it as a folder of token-range files and their index; 1.2 as listed files.
  if (old.index) await unlinkAll(join(out, old.path));
  else for (const f of old.files ?? []) await unlink(join(out, f.path));
  m.tables.search_item = await writeSearch(db, 'g_search_item', dir, rel);
  m.contract = CONTRACT;
  await writeManifests(out, dir, m);
  const s = m.tables.search_item;
  console.log(`${out}: search_item ${s.rows} rows in ${s.placement.buckets} files (${s.bytes} B), index ${s.index.bytes} B, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} finally {
  db.close();
}
