#!/usr/bin/env node
// Copies a nova-gold/1.3 gold root (hard links: nothing of the source is written) and makes it
// nova-gold/1.4: `agg_item` rewritten with the item's label (name, unit) joined from `dim_item`, in
// the contract's column order, same buckets, row groups and codec as our writer; `agg_risk` with
// `unit`; the manifest declaring 1.4. What `nova-etl build` of this checkout writes for those two
// tables, without rebuilding a 50,000-item gold (ADR 0003, "Session 11"). Run `nova-etl validate OUT`
// afterwards.
//   node scripts/relayout-label.mjs SRC_GOLD OUT_GOLD
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { bucketFileName, CONTRACT, itemBucketSql, TABLES } from '@nova-corrente/core/contract';
import { linkCopy, unlinkAll, writeManifests } from './relayout-common.mjs';

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: node scripts/relayout-label.mjs SRC_GOLD OUT_GOLD');
  process.exit(2);
}
const etl = new URL('../packages/etl-node/dist/', import.meta.url);
const { openDb, lit, ident } = await import(new URL('db.js', etl));
const { castColumns, describeFile, writeIndex } = await import(new URL('gold/write-tables.js', etl));
const { sha256OfHashes } = await import(new URL('gold/files.js', etl));
const { LAYOUT } = await import(new URL('gold/layout.js', etl));

const { m, rel, dir } = await linkCopy(src, out);
if (m.contract !== 'nova-gold/1.3') throw new Error(`${src} is ${m.contract}, not nova-gold/1.3`);
const dim = `read_parquet(${lit(join(out, m.tables.dim_item.files[0].path))})`;
const options = (rows) => `(FORMAT parquet, COMPRESSION ${LAYOUT.compression}, ROW_GROUP_SIZE ${rows})`;
const order = (name) => TABLES[name].sortKey.map(ident).join(', ');
const db = await openDb();
try {
  const t0 = performance.now();
  // agg_item: every bucket file again, with the label.
  const agg = m.tables.agg_item;
  const buckets = agg.placement.buckets;
  await db.run(`CREATE TABLE _agg AS SELECT a.*, d.name, d.unit, ${itemBucketSql('a.item_id', buckets)} AS _bucket
    FROM read_parquet(${lit(join(out, agg.path, '*.parquet'))}) a LEFT JOIN ${dim} d USING (item_id)`);
  await unlinkAll(join(out, agg.path));
  const files = [];
  for (let b = 0; b < buckets; b++) {
    const abs = join(out, agg.path, bucketFileName(b));
    await db.run(`COPY (SELECT ${castColumns('agg_item')} FROM _agg WHERE _bucket = ${b} ORDER BY ${order('agg_item')}) TO ${lit(abs)} ${options(LAYOUT.lookupRowGroupSize)}`);
    files.push(await describeFile(db, abs, `${agg.path}/${bucketFileName(b)}`));
  }
  const ix = await writeIndex(dir, rel, 'agg_item', files);
  m.tables.agg_item = { ...agg, ...ix, bytes: files.reduce((s, f) => s + f.bytes, 0), sha256: sha256OfHashes(files.map((f) => f.sha256)) };
  // agg_risk: one file, with unit.
  const risk = m.tables.agg_risk;
  const f = risk.files[0];
  const abs = join(out, f.path);
  await db.run(`CREATE TABLE _risk AS SELECT r.*, d.unit FROM read_parquet(${lit(abs)}) r LEFT JOIN ${dim} d USING (item_id)`);
  await unlink(abs);
  const rows = LAYOUT.lookupTables.includes('agg_risk') ? LAYOUT.lookupRowGroupSize : LAYOUT.smallRowGroupSize;
  await db.run(`COPY (SELECT ${castColumns('agg_risk')} FROM _risk ORDER BY ${order('agg_risk')}) TO ${lit(abs)} ${options(rows)}`);
  const d = await describeFile(db, abs, f.path);
  m.tables.agg_risk = { ...risk, bytes: d.bytes, sha256: sha256OfHashes([d.sha256]), files: [{ ...f, ...d }] };
  m.contract = CONTRACT;
  await writeManifests(out, dir, m);
  console.log(`${out}: ${CONTRACT}; agg_item ${agg.rows} rows in ${buckets} files (${m.tables.agg_item.bytes} B, was ${agg.bytes} B), agg_risk ${d.bytes} B (was ${f.bytes} B); ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} finally {
  db.close();
}
