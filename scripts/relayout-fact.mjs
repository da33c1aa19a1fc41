#!/usr/bin/env node
// Copies a gold root (hard links: nothing of the source is written) and rewrites one
// item-partitioned table with another physical layout — rows per bucket file, codec, Parquet
// writer version, row-group size — so that layouts can be compared in Chromium without rebuilding
// the gold (ADR 0005, "Session 10"; compare with scripts/bench-core/ab-gold.mjs). The files follow
// the contract's placement (contract/placement.ts); run `nova-etl validate OUT` afterwards.
//   node scripts/relayout-fact.mjs SRC_GOLD OUT_GOLD [--table fact_forecast] [--rows-per-bucket 50000]
//        [--compression zstd|snappy|uncompressed] [--parquet-version v1|v2] [--row-group-size 2048]
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bucketCount, bucketFileName, itemBucketSql, TABLES } from '@nova-corrente/core/contract';
import { linkCopy, unlinkAll, writeManifests } from './relayout-common.mjs';

const { positionals: [src, out], values } = parseArgs({
  allowPositionals: true,
  options: {
    table: { type: 'string', default: 'fact_forecast' },
    'rows-per-bucket': { type: 'string', default: '50000' },
    compression: { type: 'string', default: 'zstd' },
    'parquet-version': { type: 'string', default: 'v1' },
    'row-group-size': { type: 'string', default: '2048' },
  },
});
if (!src || !out) {
  console.error('usage: node scripts/relayout-fact.mjs SRC_GOLD OUT_GOLD [--table T] [--rows-per-bucket N] [--compression C] [--parquet-version v1|v2] [--row-group-size N]');
  process.exit(2);
}
const name = values.table;
if (!TABLES[name]) throw new Error(`${name} is not a table of the contract`);
const codec = { zstd: 'zstd', snappy: 'snappy', uncompressed: 'uncompressed' }[values.compression];
const version = { v1: 'V1', v2: 'V2' }[values['parquet-version']];
const perBucket = Number(values['rows-per-bucket']);
const rowGroup = Number(values['row-group-size']);
if (!codec || !version || !(perBucket > 0) || !(rowGroup > 0)) throw new Error('bad option');

const etl = new URL('../packages/etl-node/dist/', import.meta.url);
const { openDb, lit, ident } = await import(new URL('db.js', etl));
const { castColumns, describeFile, writeIndex } = await import(new URL('gold/write-tables.js', etl));
const { sha256OfHashes } = await import(new URL('gold/files.js', etl));

const { m, rel, dir } = await linkCopy(src, out);
const old = m.tables[name];
const options = `(FORMAT parquet, COMPRESSION ${codec}, PARQUET_VERSION ${version}, ROW_GROUP_SIZE ${rowGroup})`;
const order = TABLES[name].sortKey.map(ident).join(', ');
const db = await openDb();
try {
  const t0 = performance.now();
  if (!old.index) {
    // A single-file table: the same file rewritten with the codec, version and row-group size.
    const f = old.files[0];
    const abs = join(out, f.path);
    await db.run(`CREATE TABLE _src AS SELECT * FROM read_parquet(${lit(abs)})`);
    await unlink(abs);
    await db.run(`COPY (SELECT ${castColumns(name)} FROM _src ORDER BY ${order}) TO ${lit(abs)} ${options}`);
    const d = await describeFile(db, abs, f.path);
    m.tables[name] = { ...old, bytes: d.bytes, sha256: sha256OfHashes([d.sha256]), files: [{ ...f, ...d }] };
    await writeManifests(out, dir, m);
    console.log(`${out}: ${name} ${d.rows} rows in one file (${d.bytes} B, was ${f.bytes} B), ${codec} ${version}`);
  } else {
    const buckets = bucketCount(old.rows, perBucket);
    await db.run(`CREATE TABLE _src AS SELECT *, ${itemBucketSql('item_id', buckets)} AS _bucket
      FROM read_parquet(${lit(join(out, old.path, '*.parquet'))}) ORDER BY _bucket, ${order}`);
    await unlinkAll(join(out, old.path));
    const files = [];
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    for (let b = 0; b < buckets; b++) {
      const abs = join(out, old.path, bucketFileName(b));
      await db.run(`COPY (SELECT ${castColumns(name)} FROM _src WHERE _bucket = ${b} ORDER BY ${order}) TO ${lit(abs)} ${options}`);
      files.push(await describeFile(db, abs, `${old.path}/${bucketFileName(b)}`));
    }
    const t2 = performance.now();
    const c2 = process.cpuUsage(c1);
    const ix = await writeIndex(dir, rel, name, files);
    m.tables[name] = { ...old, ...ix, bytes: files.reduce((s, f) => s + f.bytes, 0), sha256: sha256OfHashes(files.map((f) => f.sha256)) };
    await writeManifests(out, dir, m);
    const footer = await db.one(`SELECT median(footer_size)::INTEGER AS f, max(footer_size)::INTEGER AS fmax FROM parquet_file_metadata(${lit(join(out, old.path, '*.parquet'))})`);
    console.log(`${out}: ${name} ${old.rows} rows in ${buckets} files (${m.tables[name].bytes} B, was ${old.bytes} B), ${codec} ${version}, row groups ${rowGroup}; footer median ${footer.f} B, max ${footer.fmax} B; ${((performance.now() - t0) / 1000).toFixed(1)} s (the files: ${((t2 - t1) / 1000).toFixed(1)} s, CPU ${((c2.user + c2.system) / 1e6).toFixed(1)} s)`);
  }
} finally {
  db.close();
}
