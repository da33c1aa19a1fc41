/**
 * A 250,000-row consumption log (generated here): batching, progress every 100k records, a quoted
 * run and a ragged row deep in the file keep their physical lines; the relation is read by DuckDB.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_CONFIG } from '../src/config.js';
import { ingestRaw } from '../src/ingest/index.js';
import type { IngestedFile } from '../src/ingest/types.js';

const N = 250_000;
let dir: string;
let inst: DuckDBInstance;
let con: DuckDBConnection;
let file: IngestedFile;
const progress: [string, number | undefined][] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nova-large-'));
  const raw = join(dir, 'raw');
  const lines = ['Data;Código;Depósito;Quantidade'];
  for (let i = 0; i < N; i++) {
    const d = `${String((i % 28) + 1).padStart(2, '0')}/02/2024`;
    if (i === 123_456) lines.push(`${d};"I;${i}";"S\n1";1,5`); // quoted delimiter and newline: lines 123458–123459
    else if (i === 240_000) lines.push(`${d};I${i};S1`); // ragged
    else lines.push(`${d};I${i % 5000};S${i % 3};${i % 10},5`);
  }
  await mkdir(raw);
  await writeFile(join(raw, 'items.csv'), 'item_id;name\nI0;x\n');
  await writeFile(join(raw, 'consumption.csv'), lines.join('\n') + '\n');
  inst = await DuckDBInstance.create(':memory:');
  con = await inst.connect();
  const files = await ingestRaw(raw, structuredClone(DEFAULT_CONFIG), join(dir, 'staging'), (m, d) => progress.push([m, d]));
  file = files.find((f) => f.file === 'consumption.csv')!;
});
after(async () => {
  con.closeSync();
  inst.closeSync();
  await rm(dir, { recursive: true, force: true });
});

test('counts, dialect and progress', () => {
  assert.equal(file.rowsRead, N);
  assert.equal(file.delimiter, ';');
  assert.equal(file.decimal, ',');
  assert.equal(file.dateOrder, 'dmy');
  assert.deepEqual(file.rejects.map((r) => [r.line, r.code]), [[240_003, 'ragged_row']]);
  assert.deepEqual(progress.filter(([m]) => m.startsWith('consumption.csv:')), [
    ['consumption.csv: 100000 records', 100_000],
    ['consumption.csv: 200000 records', 200_000],
  ]);
});

test('the relation holds every other row with its physical line', async () => {
  const one = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjects()[0];
  const rel = `(${file.relation})`;
  assert.equal(Number((await one(`SELECT count(*) AS n FROM ${rel}`)).n), N - 1);
  assert.deepEqual({ ...(await one(`SELECT * FROM ${rel} WHERE _line = 123458`)), _line: 123458 }, {
    _line: 123458, date: '05/02/2024', item_id: 'I;123456', site_id: 'S\n1', quantity: '1,5',
  });
  const after = await one(`SELECT _line, item_id, quantity FROM ${rel} WHERE _line = 123460`);
  assert.deepEqual([Number(after._line), after.item_id, after.quantity], [123460, `I${123_457 % 5000}`, '7,5']);
  const last = await one(`SELECT max(_line) AS l FROM ${rel}`);
  assert.equal(Number(last.l), N + 2, 'one extra physical line from the quoted newline');
});
