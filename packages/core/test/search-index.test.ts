// nova-gold/1.3 search index (contract search-index.ts): token order, fixed-size ASCII records,
// prefix bounds, and the reader's file lookup over a real HTTP server with Range — a binary search
// over an index too big to fetch whole, checked against a brute-force oracle and counted in requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareTokens, endsBefore, mayHoldPrefix, parseSearchRecord, prefixUpperBound, SEARCH_BOUND_CHARS, SEARCH_RECORD_BYTES, searchRecordText,
  startsAtOrBefore, type SearchIndexRecord,
} from '../src/contract/search-index.js';
import { bucketFileName } from '../src/contract/placement.js';
import { Snapshot } from '../src/client/snapshot.js';
import { HttpSource } from '../src/io/http-source.js';
import { ParquetReader } from '../src/io/parquet-reader.js';
import type { Manifest } from '../src/contract/manifest.js';
import { BLOCK, searchFiles } from '../src/queries/search-files.js';
import { startStaticServer } from '../../../scripts/static-server.mjs';

const SHA = 'a'.repeat(64);
const rec = (bucket: number, first: string, last: string, folder = 'snapshots/S/search_item'): SearchIndexRecord =>
  ({ bucket, path: `${folder}/${bucketFileName(bucket)}`, rows: 10, bytes: 100, sha256: SHA, row_groups: 1, first, last });

test('token order is code-point order (UTF-8 bytes), not UTF-16 order', () => {
  assert.ok(compareTokens('a', 'b') < 0);
  assert.ok(compareTokens('ab', 'a') > 0);
  assert.equal(compareTokens('ação', 'ação'), 0);
  // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (4 bytes, F0 9F 98 80); UTF-16 puts the surrogate D83D first.
  assert.ok('\u{1F600}' < '\uFF5E', 'JavaScript < disagrees');
  assert.ok(compareTokens('\uFF5E', '\u{1F600}') < 0);
  assert.ok(Buffer.compare(Buffer.from('\uFF5E'), Buffer.from('\u{1F600}')) < 0, 'as UTF-8 bytes');
});

test('records: fixed size, ASCII only, round trip; long tokens cut and marked; damage named', () => {
  const r = rec(3, 'ação', 'parafuso');
  const text = searchRecordText(r);
  assert.equal(text.length, SEARCH_RECORD_BYTES);
  assert.equal(Buffer.byteLength(text), SEARCH_RECORD_BYTES, 'bytes = characters: a reader may slice the index by characters');
  assert.match(text, /"first":"a\\u00e7\\u00e3o"/);
  assert.ok(text.endsWith(' \n'));
  assert.deepEqual(parseSearchRecord(text, 3, 'snapshots/S/search_item'), r);
  const long = 'x'.repeat(200);
  const cut = parseSearchRecord(searchRecordText(rec(0, long, `${long}z`)), 0, 'snapshots/S/search_item') as SearchIndexRecord;
  assert.equal(cut.first, 'x'.repeat(SEARCH_BOUND_CHARS));
  assert.equal(cut.cut, true);
  // 64 emoji: 12 bytes each once escaped, two bounds: cut further until the record fits.
  const emoji = parseSearchRecord(searchRecordText(rec(1, '\u{1F600}'.repeat(64), '\u{1F600}'.repeat(65))), 1, 'snapshots/S/search_item') as SearchIndexRecord;
  assert.equal(emoji.cut, true);
  assert.ok([...emoji.first].every((c) => c === '\u{1F600}') && emoji.first.length > 0, 'cut on code points, never inside a surrogate pair');
  assert.match(parseSearchRecord(text, 4, 'snapshots/S/search_item') as string, /record 4 names bucket 3/);
  assert.match(parseSearchRecord(searchRecordText(r).replace('"first"', '"frist"'), 3, 'snapshots/S/search_item') as string, /no first and last token/);
  assert.match(parseSearchRecord('{"bucket":0', 0, 'snapshots/S/search_item') as string, /not JSON/);
});

test('prefix bounds: by hand, exact and cut', () => {
  // A file holding tokens "galv" … "mat" may hold tokens starting with "h", "ma", "mat", not "mat-1" (exact last) nor "a" or "n".
  const f = { first: 'galv', last: 'mat' };
  assert.equal(mayHoldPrefix(f, 'h'), true);
  assert.equal(mayHoldPrefix(f, 'ma'), true);
  assert.equal(mayHoldPrefix(f, 'mat'), true);
  assert.equal(mayHoldPrefix(f, 'mat-1'), false, 'last is exact: every token ≤ "mat" < "mat-1"');
  assert.equal(mayHoldPrefix({ ...f, cut: true }, 'mat-1'), true, 'a cut last may stand for "mat-123"');
  assert.equal(mayHoldPrefix(f, 'a'), false);
  assert.equal(mayHoldPrefix(f, 'n'), false);
  assert.equal(mayHoldPrefix(f, 'g'), true, '"galv" starts with "g"');
  assert.equal(startsAtOrBefore({ first: 'par' }, 'parafuso'), true);
  assert.equal(endsBefore({ last: 'para' }, 'parafuso'), true);
  assert.equal(prefixUpperBound('parafuso'), 'parafusp');
  assert.equal(prefixUpperBound('mat-0'), 'mat-1');
  assert.equal(prefixUpperBound('ação'), 'açãp');
  assert.equal(prefixUpperBound('aç'), 'aè', 'U+00E7 + 1 = U+00E8');
  assert.equal(prefixUpperBound('a\u{1F600}'), 'a\u{1F601}', 'a whole code point, not a surrogate');
  assert.equal(prefixUpperBound('a\uD7FF'), 'a\uE000', 'past the surrogate range');
  assert.equal(prefixUpperBound('\u{10FFFF}'), undefined);
  assert.equal(prefixUpperBound(''), undefined);
});

/** A gold folder holding only a search index of `n` records, tokens t0000 … (files never read). */
function indexGold(n: number): { dir: string; manifest: Manifest; records: SearchIndexRecord[] } {
  const dir = mkdtempSync(join(tmpdir(), 'nova-search-index-'));
  const folder = 'snapshots/S/search_item';
  mkdirSync(join(dir, folder), { recursive: true });
  // File i holds tokens "k<2i>" … "k<2i+1>", and every third file a run "run" spanning into the next one.
  const tok = (i: number) => `k${String(i).padStart(5, '0')}`;
  const records = Array.from({ length: n }, (_, i) => rec(i, tok(2 * i), tok(2 * i + 1)));
  const text = records.map(searchRecordText).join('');
  writeFileSync(join(dir, folder, 'index.jsonl'), text);
  const manifest = {
    snapshot_id: 'S',
    contract: 'nova-gold/1.3',
    tables: { search_item: { path: folder, rows: n * 10, bytes: n * 100, sha256: SHA, placement: { column: 'token', split: 'token-range', buckets: n }, index: { path: `${folder}/index.jsonl`, bytes: text.length, sha256: SHA, record_bytes: SEARCH_RECORD_BYTES } } },
  } as unknown as Manifest;
  return { dir, manifest, records };
}

test('file lookup: binary search by Range over a large index matches a brute-force scan, in ~log2(files / 16) + 1 requests', async () => {
  const n = 300; // 150 KB of index: never fetched whole
  assert.ok(n > 4 * BLOCK);
  const { dir, manifest, records } = indexGold(n);
  const seen: { url: string; bytes: number }[] = [];
  const server = await startStaticServer({ mounts: [{ prefix: '/gold/', dir }], onRequest: (e: { url: string; bytes: number }) => seen.push(e) });
  try {
    for (const key of ['k00000', 'k00123', 'k00598', 'k00599', 'k0012', 'k001', 'k', 'a', 'z', 'k00599x']) {
      seen.length = 0;
      const snap = new Snapshot(manifest, new ParquetReader(new HttpSource(`${server.url}/gold/`)));
      const got = (await searchFiles(snap, key)).map((f) => f.path);
      // Oracle: a file may hold a token starting with key when [first, last] meets [key, key + everything].
      const want = records.filter((r) => r.last >= key && (r.first < key || r.first.startsWith(key))).map((r) => r.path);
      assert.deepEqual(got, want, key);
      // The binary search down to 14 records, then the files of the prefix read 16 records at a time.
      assert.ok(seen.length <= Math.ceil(Math.log2(n / 14)) + 2 + Math.ceil(want.length / 16), `${key}: ${seen.length} requests for ${want.length} files`);
      assert.ok(seen.every((e) => e.bytes <= BLOCK * SEARCH_RECORD_BYTES), `${key}: every request is a few records`);
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file lookup: a small index is one request; a damaged record is corrupt_snapshot naming the index URL', async () => {
  const { dir, manifest } = indexGold(5);
  const seen: string[] = [];
  const server = await startStaticServer({ mounts: [{ prefix: '/gold/', dir }], onRequest: (e: { url: string }) => seen.push(e.url) });
  try {
    const snap = new Snapshot(manifest, new ParquetReader(new HttpSource(`${server.url}/gold/`)));
    assert.deepEqual((await searchFiles(snap, 'k00004')).map((f) => f.path), ['snapshots/S/search_item/part-00002.parquet']);
    assert.deepEqual((await searchFiles(snap, 'k0000')).length, 5);
    assert.equal(seen.length, 1, 'the whole index once, then from memory');
    const path = join(dir, 'snapshots/S/search_item/index.jsonl');
    const text = (await import('node:fs')).readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"bucket":3', '"bucket":9'));
    const fresh = new Snapshot(manifest, new ParquetReader(new HttpSource(`${server.url}/gold/`)));
    await assert.rejects(searchFiles(fresh, 'k00007'), (e: Error & { code?: string }) =>
      e.code === 'corrupt_snapshot' && e.message.includes(`${server.url}/gold/snapshots/S/search_item/index.jsonl`) && /record 3 names bucket 9/.test(e.message));
    writeFileSync(path, text.slice(0, 1024));
    const short = new Snapshot(manifest, new ParquetReader(new HttpSource(`${server.url}/gold/`)));
    await assert.rejects(searchFiles(short, 'k00007'), (e: Error & { code?: string }) => e.code === 'corrupt_snapshot' && e.message.includes('index.jsonl'));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
