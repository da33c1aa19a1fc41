// The ZSTD page decompressor: frames written by the reference `zstd` CLI decode to their bytes,
// the output buffer is never turned into a string (fzstd's `out == 1`), and damaged pages (not a
// frame, cut short, a size other than the page header's) are refused — through the reader too, as
// `corrupt_snapshot` naming the file.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { decompress } from 'fzstd';
import { compressorsFor, zstdCompressors, zstdContentSize } from '../src/io/compressors.js';
import { ParquetReader } from '../src/io/parquet-reader.js';
import { FileSource } from '../src/node/file-source.js';
import { NovaError } from '../src/errors.js';

const ZSTD = zstdCompressors({ decompress }).ZSTD!;
let dir: string;

/** 3,500 bytes with some repetition, so the frame has literals and matches. */
const page = Uint8Array.from({ length: 3_500 }, (_, i) => (i * 7 + (i >> 5)) % 251);

/** The frame the `zstd` CLI writes for `bytes` (content size in its header). */
function zstdCli(bytes: Uint8Array, ...args: string[]): Uint8Array {
  const f = join(dir, 'page.bin');
  writeFileSync(f, bytes);
  return new Uint8Array(execFileSync('zstd', ['-q', '-c', ...args, f]));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nova-zstd-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a frame of the zstd CLI decodes to its bytes, and its header gives the size', () => {
  const frame = zstdCli(page);
  assert.equal(zstdContentSize(frame), page.length);
  assert.deepEqual(ZSTD(frame, page.length), page);
  // Without a declared size (streamed input), the page header's size is taken.
  const streamed = zstdCli(page, '--no-content-size');
  assert.equal(zstdContentSize(streamed), undefined);
  assert.deepEqual(ZSTD(streamed, page.length), page);
});

test('the output buffer is never converted to a string (fzstd compares it with `== 1`)', () => {
  const frame = zstdCli(page);
  const proto = Object.getPrototypeOf(Uint8Array.prototype) as { toString: () => string };
  const original = proto.toString;
  let calls = 0;
  proto.toString = function (this: unknown) {
    calls++;
    return original.call(this);
  };
  try {
    decompress(frame, new Uint8Array(page.length));
    const plain = calls;
    calls = 0;
    ZSTD(frame, page.length);
    assert.ok(plain > 0, 'plain fzstd with a Uint8Array output converts it (the cost this avoids)');
    assert.equal(calls, 0);
  } finally {
    proto.toString = original;
  }
});

test('damaged frames are refused with what is wrong', () => {
  const frame = zstdCli(page);
  const notFrame = frame.slice();
  notFrame[0] ^= 0xff;
  assert.throws(() => ZSTD(notFrame, page.length), /does not start with a ZSTD frame/);
  assert.throws(() => ZSTD(frame.subarray(0, 5), page.length), /does not start with a ZSTD frame/);
  assert.throws(() => ZSTD(frame, page.length + 1), /holds 3500 bytes, its page header says 3501/);
  assert.throws(() => ZSTD(frame.subarray(0, frame.length - 20), page.length));
});

test('a data page whose ZSTD frame is damaged fails the read as corrupt_snapshot naming the file', async () => {
  const db = await (await DuckDBInstance.create()).connect();
  const path = join(dir, 'p.parquet');
  await db.run(`COPY (SELECT printf('I-%05d', i) AS item_id, i * 0.5 AS qty FROM range(3000) t(i))
    TO '${path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`);
  const file = { path: 'p.parquet', bytes: statSync(path).size };
  const good = await new ParquetReader(new FileSource(dir)).read(file, { columns: ['qty'] });
  assert.equal(good.length, 3000);
  assert.equal(good.reduce((n, r) => n + (r.qty as number), 0), 0.5 * (2999 * 3000) / 2, 'values (hand sum of i × 0.5)');
  // Break the magic number of the last frame of the first row group's qty chunk.
  const md = await new ParquetReader(new FileSource(dir)).metadata(file);
  const chunk = md.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema[0] === 'qty')!.meta_data!;
  const from = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
  const bytes = readFileSync(path);
  const at = bytes.subarray(from, from + Number(chunk.total_compressed_size)).lastIndexOf(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
  assert.ok(at >= 0, 'the chunk holds a ZSTD frame');
  bytes[from + at] ^= 0xff;
  writeFileSync(path, bytes);
  await assert.rejects(new ParquetReader(new FileSource(dir)).read(file, { columns: ['qty'] }), (err: unknown) => {
    assert.ok(err instanceof NovaError);
    assert.equal(err.code, 'corrupt_snapshot');
    assert.match(err.message, /p\.parquet/);
    assert.match(err.message, /does not start with a ZSTD frame/);
    return true;
  });
});

test('fzstd is loaded only for files with a ZSTD column chunk (nova-etl writes SNAPPY)', async () => {
  const db = await (await DuckDBInstance.create()).connect();
  const reader = new ParquetReader(new FileSource(dir));
  const meta = async (codec: string) => {
    const path = join(dir, `${codec}.parquet`);
    await db.run(`COPY (SELECT i AS n FROM range(10) t(i)) TO '${path}' (FORMAT parquet, COMPRESSION ${codec})`);
    return reader.metadata({ path: `${codec}.parquet`, bytes: statSync(path).size });
  };
  assert.equal(compressorsFor(await meta('snappy')), undefined, 'SNAPPY: nothing to load');
  assert.equal(compressorsFor(await meta('uncompressed')), undefined, 'uncompressed: nothing to load');
  const z = await compressorsFor(await meta('zstd'));
  assert.equal(typeof z?.ZSTD, 'function', 'ZSTD: the decompressor');
});
