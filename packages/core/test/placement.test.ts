// nova-gold/1.2 placement, file-index records and search keys, against hand values and against
// another engine: the bucket rule in DuckDB SQL and in JavaScript must place every item alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { bucketOfHash, indexRecordText, INDEX_RECORD_BYTES, itemBucketSql, parseIndexRecord } from '../src/contract/placement.js';
import { searchKeys, searchMatches, searchTokens } from '../src/contract/search.js';
import { sha256Hex } from '../src/io/integrity.js';

test('bucket: hand value, and DuckDB SQL agrees with JavaScript for 500 ids (odd characters included)', async () => {
  // SHA-256("MAT-000001") = 4de38d9b…; 0x4de38d9b = 1306758555; mod 106 = 95 (worked out by hand from the digest).
  assert.equal(bucketOfHash(await sha256Hex(new TextEncoder().encode('MAT-000001')), 106), 95);
  const ids = [...Array.from({ length: 490 }, (_, i) => `MAT-${String(i).padStart(6, '0')}`), 'ação', "x' OR 1=1", '日本', '', ' ', 'a\u0000b', 'É', 'é', 'ß', 'PARAFUSO 1/2"'];
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  for (const buckets of [1, 7, 1072]) {
    // Ids as a JSON array (bound, never interpolated), unnested to rows.
    const r = await con.runAndReadAll(`SELECT id, ${itemBucketSql('id', buckets)} AS b FROM (SELECT unnest(json_extract_string($1::JSON, '$[*]')) AS id)`, [JSON.stringify(ids)]);
    const sql = new Map(r.getRowObjectsJson().map((x) => [String(x.id), Number(x.b)]));
    for (const id of ids) {
      const js = bucketOfHash(createHash('sha256').update(id, 'utf8').digest('hex'), buckets);
      assert.equal(sql.get(id), js, `${JSON.stringify(id)} in ${buckets} buckets`);
      assert.ok(js >= 0 && js < buckets);
    }
  }
  con.closeSync();
  assert.throws(() => itemBucketSql('item_id', 0), RangeError);
});

test('index records: fixed size, round trip, and each kind of damage named', () => {
  const rec = { bucket: 3, path: 'snapshots/S1/fact_forecast/part-00003.parquet', rows: 50123, bytes: 412345, sha256: 'a'.repeat(64), row_groups: 25 };
  const text = indexRecordText(rec);
  assert.equal(new TextEncoder().encode(text).byteLength, INDEX_RECORD_BYTES);
  assert.ok(text.endsWith('\n'));
  assert.deepEqual(parseIndexRecord(text, 3, 'snapshots/S1/fact_forecast'), rec);
  assert.match(String(parseIndexRecord(text, 4, 'snapshots/S1/fact_forecast')), /record 4 names bucket 3/);
  assert.match(String(parseIndexRecord(text, 3, 'snapshots/S2/fact_forecast')), /names file .*expected snapshots\/S2/);
  assert.match(String(parseIndexRecord(indexRecordText({ ...rec, sha256: 'zz' }), 3, 'snapshots/S1/fact_forecast')), /no sha256/);
  assert.match(String(parseIndexRecord(indexRecordText({ ...rec, rows: -1 }), 3, 'snapshots/S1/fact_forecast')), /no valid rows/);
  assert.match(String(parseIndexRecord('<html>'.padEnd(255) + '\n', 3, 'snapshots/S1/fact_forecast')), /not JSON/);
  assert.throws(() => indexRecordText({ ...rec, path: `snapshots/${'x'.repeat(300)}` }), RangeError);
});

test('search tokens and keys: words of id, SKU and name, whole id and SKU; keys by hand', () => {
  assert.deepEqual(searchTokens('MAT-000123', 'SKU-9', 'Parafuso Sextavado Ação 1/2"'), ['000123', '1', '2', '9', 'acao', 'mat', 'mat-000123', 'parafuso', 'sextavado', 'sku', 'sku-9']);
  assert.deepEqual(searchKeys('Parafuso'), ['parafuso']);
  assert.deepEqual(searchKeys('MAT-0001'), ['mat-0001', '0001']);
  assert.deepEqual(searchKeys('cabo  flex'), ['cabo'], 'longest word, the first of equal length');
  assert.deepEqual(searchKeys('cabo flexivel'), ['flexivel']);
  assert.deepEqual(searchKeys('   '), []);
  assert.deepEqual(searchKeys('---'), ['---']);
  assert.equal(searchMatches('SEXTAVADO ação', 'MAT-1', 'S', 'Parafuso sextavado acao'), true);
  assert.equal(searchMatches('afuso', 'MAT-1', 'S', 'Parafuso'), true, 'the match itself is a substring; the keys decide what is looked up');
});
