/**
 * Golden-file tests of the raw readers: every `test/files/ingest/<case>/raw` folder is read with
 * `ingestRaw` and compared with `<case>/expected.json` (optional `<case>/config.json`). Relations
 * are run in a real DuckDB to check decoded values.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_CONFIG, loadConfig } from '../src/config.js';
import { ingestRaw } from '../src/ingest/index.js';
import type { IngestedFile } from '../src/ingest/types.js';

type Row = Record<string, string | number | null>;
interface ExpectedFile {
  file: string;
  kind?: string; format?: string; encoding?: string; delimiter?: string; decimal?: string; dateOrder?: string;
  rowsRead: number;
  relation_rows?: number;
  rejects?: { line: number; column: string | null; code: string }[];
  reason_includes?: string;
  warnings_include?: string[];
  warnings_exclude?: string[];
  /** Whether the file held data (empty, header-only and unreadable files fail the quality gate). */
  status?: string;
  values?: Row[];
}

const ROOT = join(import.meta.dirname, 'files', 'ingest');
let inst: DuckDBInstance;
let con: DuckDBConnection;
let staging: string;

/** Runs a relation and returns its rows with `_line` as a number. */
async function relationRows(c: DuckDBConnection, relation: string | null): Promise<Row[]> {
  if (relation === null) return [];
  const r = await c.runAndReadAll(`SELECT * FROM (${relation}) ORDER BY _line`);
  return r.getRowObjects().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as string | null)])));
}

/** Asserts one expected partial row matches some relation row with the same `_line`. */
function assertValue(file: string, rows: Row[], want: Row): void {
  const same = rows.filter((r) => r._line === want._line);
  const hit = same.find((r) => Object.entries(want).every(([k, v]) => r[k] === v));
  assert.ok(hit, `${file} line ${want._line}: no relation row matches ${JSON.stringify(want)}; rows at that line: ${JSON.stringify(same)}`);
}

before(async () => {
  inst = await DuckDBInstance.create(':memory:');
  con = await inst.connect();
  staging = await mkdtemp(join(tmpdir(), 'nova-ingest-'));
});
after(async () => {
  con.closeSync();
  inst.closeSync();
  await rm(staging, { recursive: true, force: true });
});

describe('ingestRaw golden files', () => {
  for (const name of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { why: string; files: ExpectedFile[] };
    test(`${name}: ${expected.why}`, async () => {
      const cfgPath = join(dir, 'config.json');
      const config = existsSync(cfgPath) ? await loadConfig(cfgPath) : structuredClone(DEFAULT_CONFIG);
      const progress: string[] = [];
      const files = await ingestRaw(join(dir, 'raw'), config, join(staging, name), (m) => progress.push(m));
      assert.deepEqual(files.map((f) => f.file), expected.files.map((f) => f.file), 'files read, in order');
      for (const f of files) assert.ok(progress.includes(`reading ${f.file}`), `progress reported for ${f.file}`);
      for (const [i, want] of expected.files.entries()) await checkFile(files[i], want);
    });
  }
});

async function checkFile(got: IngestedFile, want: ExpectedFile): Promise<void> {
  const f = got.file;
  for (const k of ['kind', 'format', 'encoding', 'delimiter', 'decimal', 'dateOrder', 'rowsRead'] as const) {
    if (want[k] !== undefined) assert.equal(got[k], want[k], `${f}: ${k}`);
  }
  const rows = await relationRows(con, got.relation);
  assert.equal(got.rowsRead, rows.length + got.rejects.length, `${f}: rowsRead = relation rows + rejects`);
  assert.equal(got.relation === null, rows.length === 0, `${f}: relation is null exactly when it has no rows`);
  if (want.relation_rows !== undefined) assert.equal(rows.length, want.relation_rows, `${f}: relation rows`);
  if (got.relation) {
    const types = (await con.runAndReadAll(`DESCRIBE ${got.relation}`)).getRowObjects().map((o) => `${String(o.column_name)}:${String(o.column_type)}`);
    assert.deepEqual(types, ['_line:BIGINT', ...got.columns.map((c) => `${c}:VARCHAR`)], `${f}: relation columns`);
  }
  assert.deepEqual(got.rejects.map((r) => ({ line: r.line, column: r.column, code: r.code })), want.rejects ?? [], `${f}: rejects`);
  for (const r of got.rejects) {
    assert.equal(r.file, f);
    assert.ok(r.reason.includes(f), `${f}: reject reason names the file: ${r.reason}`);
    if (want.reason_includes) assert.ok(r.reason.includes(want.reason_includes), `${f}: reason ${JSON.stringify(r.reason)} should include ${JSON.stringify(want.reason_includes)}`);
  }
  for (const w of want.warnings_exclude ?? []) {
    assert.ok(!got.warnings.some((g) => g.includes(w)), `${f}: no warning including ${JSON.stringify(w)} in ${JSON.stringify(got.warnings)}`);
  }
  for (const w of want.warnings_include ?? []) {
    assert.ok(got.warnings.some((g) => g.includes(w)), `${f}: a warning including ${JSON.stringify(w)} in ${JSON.stringify(got.warnings)}`);
  }
  if (want.status) assert.equal(got.status, want.status, `${f}: status`);
  for (const v of want.values ?? []) assertValue(f, rows, v);
}
