// The token check's list of keywords that are also functions must match the engine's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { KEYWORD_FUNCTIONS } from '../src/sql/policy.js';

test('KEYWORD_FUNCTIONS holds every DuckDB keyword that names a function', async () => {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const r = await conn.runAndReadAll('SELECT DISTINCT keyword_name AS k FROM duckdb_keywords() WHERE keyword_name IN (SELECT function_name FROM duckdb_functions()) ORDER BY 1');
  const live = r.getRowObjectsJS().map((x) => String(x.k));
  assert.deepEqual(live.filter((k) => !KEYWORD_FUNCTIONS.has(k)), [], 'keywords missing from KEYWORD_FUNCTIONS');
  conn.closeSync();
});
