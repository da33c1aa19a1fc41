#!/usr/bin/env node
// Measures what a browser pays to read one item's 30-day forecast window from a gold root, the way
// the SDK reads it: hyparquet over byte ranges (footer with initialFetchSize 32 KB, then only the
// row groups whose statistics can hold the item and dates). Prints bytes and requests per read.
// Usage: node scripts/measure-layout.mjs GOLD [samples]
import { openSync, readSync, fstatSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { decompress } from 'fzstd';

const compressors = { ZSTD: (input) => decompress(input) };

const gold = process.argv[2];
const samples = Number(process.argv[3] ?? 20);
const manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
const t = manifest.tables.fact_forecast;

function countingBuffer(path, stats) {
  const fd = openSync(path, 'r');
  const byteLength = fstatSync(fd).size;
  return {
    byteLength,
    slice(start, end = byteLength) {
      const len = end - start;
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, start);
      stats.bytes += len;
      stats.requests++;
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + len);
    },
    close: () => closeSync(fd),
  };
}

const items = [];
for (const f of t.files) items.push(f.min_item_id, f.max_item_id);
const pick = [...new Set(items)].filter((_, i) => i % Math.max(1, Math.floor(items.length / samples)) === 0).slice(0, samples);
const start = new Date(`${manifest.as_of}T00:00:00Z`);
start.setUTCDate(start.getUTCDate() - 14);
const end = new Date(start.getTime() + 29 * 86_400_000);
const results = [];
for (const item of pick) {
  const file = t.files.find((f) => f.min_item_id <= item && item <= f.max_item_id);
  const stats = { bytes: 0, requests: 0 };
  const buf = countingBuffer(join(gold, file.path), stats);
  const metadata = await parquetMetadataAsync(buf, { initialFetchSize: 32768 });
  const footer = stats.bytes;
  const rows = await parquetReadObjects({
    file: buf,
    metadata,
    compressors,
    columns: ['item_id', 'site_id', 'source', 'date', 'forecast', 'forecast_lo', 'forecast_hi', 'actual'],
    filter: { item_id: { $eq: item }, date: { $gte: start, $lte: end } },
  });
  buf.close();
  results.push({ item, rows: rows.length, footer, footerLength: metadata.metadata_length + 8, total: stats.bytes, requests: stats.requests, rowGroups: metadata.row_groups.length });
}
const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`fact_forecast: ${t.rows} rows in ${t.files.length} files, row groups per file ~${results[0]?.rowGroups}`);
console.log(`one item, 30 days (all sources and sites): median ${(med(results.map((r) => r.total)) / 1024).toFixed(1)} KB` +
  ` (first fetch ${(med(results.map((r) => r.footer)) / 1024).toFixed(1)} KB for a ${(med(results.map((r) => r.footerLength)) / 1024).toFixed(1)} KB footer), max ${(Math.max(...results.map((r) => r.total)) / 1024).toFixed(1)} KB,` +
  ` median ${med(results.map((r) => r.requests))} reads, rows ${med(results.map((r) => r.rows))}`);
