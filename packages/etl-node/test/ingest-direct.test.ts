/**
 * Clean UTF-8 CSVs are read by DuckDB directly (no record pass): the relation must hold exactly
 * what the record pass gives — every row with its physical line, raw text trimmed, empty → NULL —
 * and any file the direct read could get wrong (blank or empty lines, a ragged row, quotes, CRLF,
 * Windows-1252, a title above the header) must still come out right. Expected rows are written
 * here from the lines generated, not from the code under test.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { DEFAULT_CONFIG } from '../src/config.js';
import { ingestRaw } from '../src/ingest/index.js';
import { directCsvRows, directCsvScan } from '../src/ingest/csv-direct.js';
import { query, tempDir } from './helpers.ts';

type Row = { _line: number; date: string | null; item_id: string | null; site_id: string | null; quantity: string | null };

/** Ingests a raw folder with items.csv and the given consumption file; returns the consumption file and its rows. */
async function consumption(body: string | Buffer) {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  mkdirSync(raw);
  writeFileSync(join(raw, 'items.csv'), 'item_id;name\nI0;x\n');
  writeFileSync(join(raw, 'consumption.csv'), body);
  const files = await ingestRaw(raw, structuredClone(DEFAULT_CONFIG), join(dir, 'staging'));
  const f = files.find((x) => x.file === 'consumption.csv')!;
  const rows = f.relation ? await query<Row>(`SELECT _line::INTEGER AS _line, date, item_id, site_id, quantity FROM (${f.relation}) ORDER BY _line`) : [];
  return { f, rows };
}

/** 3,000 data lines with spaces to trim, empty cells and decimal commas; `lines` are the data lines. */
function log(n = 3000) {
  const lines: string[] = [];
  const want: Row[] = [];
  for (let i = 0; i < n; i++) {
    const site = i % 7 === 0 ? '' : ` S${i % 3} `;
    const qty = i % 11 === 0 ? '' : `${i % 10},5`;
    lines.push(`${String((i % 28) + 1).padStart(2, '0')}/02/2024;I${i % 50};${site};${qty}`);
    want.push({ _line: i + 2, date: `${String((i % 28) + 1).padStart(2, '0')}/02/2024`, item_id: `I${i % 50}`, site_id: site.trim() || null, quantity: qty || null });
  }
  return { lines, want };
}

describe('CSV read directly by DuckDB', () => {
  it('a clean UTF-8 log with a BOM: every row, its line, trimmed text, empty as NULL', async () => {
    const { lines, want } = log();
    const { f, rows } = await consumption(`\uFEFFdata;codigo;deposito;quantidade\n${lines.join('\n')}\n`);
    assert.match(f.relation!, /read_csv\(.*consumption\.csv/, 'read in place, not through a staging copy');
    assert.equal(f.rowsRead, 3000);
    assert.deepEqual(f.rejects, []);
    assert.equal(f.decimal, ',');
    assert.deepEqual(rows, want);
  });

  it('no final newline and a header only are read right', async () => {
    const { lines, want } = log(5);
    assert.deepEqual((await consumption(`data;codigo;deposito;quantidade\n${lines.join('\n')}`)).rows, want);
    const empty = await consumption('data;codigo;deposito;quantidade\n');
    assert.equal(empty.f.rowsRead, 0);
    assert.equal(empty.f.status, 'header_only');
  });

  it('blank and empty lines, a ragged row, quotes and CRLF keep the record pass results', async () => {
    const { lines, want } = log(20);
    // A blank row (only delimiters) at line 5 and an empty line at line 9 are skipped; lines keep their numbers.
    const withGaps = [...lines.slice(0, 3), ';;;', ...lines.slice(3, 6), '', ...lines.slice(6)];
    const gaps = await consumption(`data;codigo;deposito;quantidade\n${withGaps.join('\n')}\n`);
    const renumber = (w: Row[]) => w.map((r, i) => ({ ...r, _line: i + 2 + (i >= 3 ? 1 : 0) + (i >= 6 ? 1 : 0) }));
    assert.deepEqual(gaps.rows, renumber(want));
    assert.equal(gaps.f.rowsRead, 20);
    const ragged = await consumption(`data;codigo;deposito;quantidade\n${lines.slice(0, 4).join('\n')}\n01/02/2024;I1\n${lines.slice(4).join('\n')}\n`);
    assert.deepEqual(ragged.f.rejects.map((r) => [r.line, r.code]), [[6, 'ragged_row']]);
    assert.equal(ragged.rows.length, 20);
    const quoted = await consumption(`data;codigo;deposito;quantidade\n${lines.join('\n')}\n01/03/2024;"I;7";S1;2\n`);
    assert.deepEqual(quoted.rows.at(-1), { _line: 22, date: '01/03/2024', item_id: 'I;7', site_id: 'S1', quantity: '2' });
    const crlf = await consumption(`data;codigo;deposito;quantidade\r\n${lines.join('\r\n')}\r\n`);
    assert.deepEqual(crlf.rows, want);
  });

  it('Windows-1252 and a title above the header are read by the record pass', async () => {
    const { lines, want } = log(10);
    const cp = await consumption(iconv.encode(`data;código;depósito;quantidade\n${lines.join('\n')}\n`, 'win1252'));
    assert.equal(cp.f.encoding, 'windows-1252');
    assert.deepEqual(cp.rows, want);
    const titled = await consumption(`Relatório de consumo;Período: fevereiro;;\ndata;codigo;deposito;quantidade\n${lines.join('\n')}\n`);
    assert.deepEqual(titled.rows, want.map((r) => ({ ...r, _line: r._line + 1 })));
  });

  it('the line check scans bytes: non-ASCII first characters and blank rows of Unicode spaces decide as in the text', () => {
    const rows = (text: string, delimiter = ';', width = 2) => directCsvRows(Buffer.from(text, 'utf8'), text, delimiter, width);
    // Counted by hand: data lines after the header.
    assert.equal(rows('a;b\néx;1\nñ;2\n'), 2, 'rows starting with multi-byte characters are data');
    assert.equal(rows('\uFEFFa;b\nx;1'), 1, 'a BOM in the header and no final newline');
    assert.equal(rows('a;b\n\u2003x;1\n'), 1, 'an em space before a value is not a blank row');
    assert.equal(rows('a;b\n x;1\n'), 1, 'a space before a value is not a blank row');
    assert.equal(rows('a;b\nx;1\n\u00A0;\u3000\n'), null, 'a row of no-break and ideographic spaces is blank: record pass');
    assert.equal(rows('a;b\nx;1\n\uFEFF;\n'), null, 'a row of a stray BOM is blank: record pass');
    assert.equal(rows('a;b\nx;1\n ; \n'), null, 'a row of spaces is blank');
    assert.equal(rows('a;b\nx;1\n;\n'), null, 'a row of only the delimiter is blank');
    assert.equal(rows('a;b\nx;é;1\n'), null, 'a ragged row');
    assert.equal(rows('a;b\nx;1\n\ny;2\n'), null, 'an empty line');
    assert.equal(rows('a;b\n'), 0, 'header only');
    assert.equal(rows('a;b'), 0, 'header without newline');
    assert.equal(rows('a\u00A7b\nx\u00A71\n\u00A0\u00A7\n', '\u00A7'), null, 'a non-ASCII delimiter: the text pass, blank row found');
    assert.equal(rows('a\u00A7b\nx\u00A71\ny\u00A72', '\u00A7'), 2, 'a non-ASCII delimiter: the text pass counts');
  });

  it('a log without padded fields is read without TRIM and gives the same rows; any padding keeps TRIM', async () => {
    // Written by hand: empty fields first, in the middle and last are NULL, values as they are.
    const clean = 'data;codigo;deposito;quantidade\n01/02/2024;I1;S1;3\n02/02/2024;I2;;\n;I3;S2;4,5\n03/02/2024;AÇO-1;S3;1\n';
    const want: Row[] = [
      { _line: 2, date: '01/02/2024', item_id: 'I1', site_id: 'S1', quantity: '3' },
      { _line: 3, date: '02/02/2024', item_id: 'I2', site_id: null, quantity: null },
      { _line: 4, date: null, item_id: 'I3', site_id: 'S2', quantity: '4,5' },
      { _line: 5, date: '03/02/2024', item_id: 'AÇO-1', site_id: 'S3', quantity: '1' },
    ];
    const direct = await consumption(clean);
    assert.match(direct.f.relation!, /read_csv\(/);
    assert.doesNotMatch(direct.f.relation!, /TRIM/i, 'no padded field: the columns are taken as they are');
    assert.deepEqual(direct.rows, want);
    // The same lines through the record pass (CRLF sends the file there) give the same rows.
    assert.deepEqual((await consumption(clean.replaceAll('\n', '\r\n'))).rows, want);
    // Each kind of padding, alone in a clean file, keeps TRIM, and every row is as the record pass gives it.
    const pads: [string, string, Row][] = [
      ['a space ending a line', '04/02/2024;I4;S1;7 ', { _line: 6, date: '04/02/2024', item_id: 'I4', site_id: 'S1', quantity: '7' }],
      ['a space starting a line', ' 04/02/2024;I4;S1;7', { _line: 6, date: '04/02/2024', item_id: 'I4', site_id: 'S1', quantity: '7' }],
      ['a space before a delimiter', '04/02/2024;I4 ;S1;7', { _line: 6, date: '04/02/2024', item_id: 'I4', site_id: 'S1', quantity: '7' }],
      ['a space after a delimiter', '04/02/2024;I4; S1;7', { _line: 6, date: '04/02/2024', item_id: 'I4', site_id: 'S1', quantity: '7' }],
      ['a field of spaces', '04/02/2024;I4;   ;7', { _line: 6, date: '04/02/2024', item_id: 'I4', site_id: null, quantity: '7' }],
      ['a no-break space ending a line', '04/02/2024;I4;S1;7\u00A0', { _line: 6, date: '04/02/2024', item_id: 'I4', site_id: 'S1', quantity: '7' }],
      ['an ideographic space starting a field', '04/02/2024;\u3000I4;S1;7', { _line: 6, date: '04/02/2024', item_id: 'I4', site_id: 'S1', quantity: '7' }],
      ['an em space ending a field', '04/02/2024;I4\u2003;S1;7', { _line: 6, date: '04/02/2024', item_id: 'I4', site_id: 'S1', quantity: '7' }],
      // A tab is not trimmed by DuckDB, by either path: kept as it is.
      ['tabs around a value', '04/02/2024;\tI4\t;S1;7', { _line: 6, date: '04/02/2024', item_id: '\tI4\t', site_id: 'S1', quantity: '7' }],
    ];
    for (const [what, line, row] of pads) {
      const text = `${clean}${line}\n`;
      const got = await consumption(text);
      assert.match(got.f.relation!, /read_csv\(/, what);
      if (!what.startsWith('tabs')) assert.match(got.f.relation!, /TRIM/, `${what}: TRIM kept`);
      assert.deepEqual(got.rows, [...want, row], what);
      assert.deepEqual((await consumption(text.replaceAll('\n', '\r\n'))).rows, [...want, row], `${what}: the record pass agrees`);
    }
  });

  it('the padding check looks at both edges of every field, counted by hand', () => {
    const scan = (text: string, width = 3) => directCsvScan(Buffer.from(text, 'utf8'), text, ';', width);
    assert.deepEqual(scan('a;b;c\nx;y;z\n1;;2\n;3;\n'), { rows: 3, padded: false }, 'empty fields are not padding');
    assert.deepEqual(scan('a;b;c\nx;y;z\n'), { rows: 1, padded: false });
    assert.deepEqual(scan('a;b;c\nx;y;z '), { rows: 1, padded: true }, 'last field of the last line, no newline');
    assert.deepEqual(scan('a;b;c\nx;y ;z\n'), { rows: 1, padded: true }, 'middle field ends with a space');
    assert.deepEqual(scan('a;b;c\nx; y;z\n'), { rows: 1, padded: true }, 'middle field starts with a space');
    assert.deepEqual(scan('a;b;c\nx;y;\u00E9\n'), { rows: 1, padded: true }, 'a non-ASCII edge: kept trimmed (conservative)');
    assert.deepEqual(scan('a;b;c\nx;y\u00E9y;z\n'), { rows: 1, padded: false }, 'non-ASCII inside a value is no padding');
    assert.deepEqual(scan(' a;b;c\nx;y;z\n'), { rows: 1, padded: false }, 'the header is not data');
    assert.deepEqual(scan('a;b;c\n'), { rows: 0, padded: false });
    assert.equal(scan('a;b;c\nx;y\n'), null, 'ragged');
    assert.deepEqual(directCsvScan(Buffer.from('a\u00A7b\nx\u00A7y\n'), 'a\u00A7b\nx\u00A7y\n', '\u00A7', 2), { rows: 1, padded: true }, 'a non-ASCII delimiter: always trimmed');
  });

  it('a statsforecast CSV read directly: unique_id split into item and site, one row per model, with and without padding', async () => {
    type F = { _line: number; item_id: string | null; site_id: string | null; date: string | null; forecast: string | null; source: string | null };
    const read = async (body: string) => {
      const dir = tempDir();
      const raw = join(dir, 'raw');
      mkdirSync(join(raw, 'forecasts'), { recursive: true });
      writeFileSync(join(raw, 'items.csv'), 'item_id;name\nI0;x\n');
      writeFileSync(join(raw, 'forecasts', 'sf.csv'), body);
      writeFileSync(join(raw, 'forecasts', 'sf.meta.json'), JSON.stringify({ model_version: 'v1', generated_at: '2026-01-01T00:00:00Z', dataset_id: 'd1' }));
      const config = structuredClone(DEFAULT_CONFIG);
      config.forecasts.unique_id_separator = '|';
      const files = await ingestRaw(raw, config, join(dir, 'staging'));
      const f = files.find((x) => x.file === 'forecasts/sf.csv')!;
      const rows = await query<F>(`SELECT _line::INTEGER AS _line, item_id, site_id, date, forecast, source FROM (${f.relation}) ORDER BY _line, source`);
      return { f, rows };
    };
    // Written by hand: two models per line; an empty Naive value is NULL; the site part of "I2|" is empty.
    const want: F[] = [
      { _line: 2, item_id: 'I0', site_id: 'S1', date: '2024-02-01', forecast: '3', source: 'autoets' },
      { _line: 2, item_id: 'I0', site_id: 'S1', date: '2024-02-01', forecast: '4', source: 'naive' },
      { _line: 3, item_id: 'I1', site_id: 'S2', date: '2024-02-02', forecast: '5', source: 'autoets' },
      { _line: 3, item_id: 'I1', site_id: 'S2', date: '2024-02-02', forecast: null, source: 'naive' },
      { _line: 4, item_id: 'I2', site_id: null, date: '2024-02-03', forecast: '6', source: 'autoets' },
      { _line: 4, item_id: 'I2', site_id: null, date: '2024-02-03', forecast: '7', source: 'naive' },
    ];
    const clean = await read('unique_id,ds,AutoETS,Naive\nI0|S1,2024-02-01,3,4\nI1|S2,2024-02-02,5,\nI2|,2024-02-03,6,7\n');
    assert.match(clean.f.relation!, /read_csv\(/);
    assert.doesNotMatch(clean.f.relation!, /TRIM\(CAST/, 'no padded field: the raw columns are taken as they are');
    assert.deepEqual(clean.rows, want);
    // Spaces inside unique_id around the separator are trimmed from each part (the split's own TRIM).
    const inner = await read('unique_id,ds,AutoETS,Naive\nI0 | S1,2024-02-01,3,4\nI1|S2,2024-02-02,5,\nI2|,2024-02-03,6,7\n');
    assert.deepEqual(inner.rows, want);
    // Padding at a field's edge keeps TRIM for the file; the same rows.
    const padded = await read('unique_id,ds,AutoETS,Naive\n I0|S1 ,2024-02-01,3,4\nI1|S2,2024-02-02,5,\nI2|,2024-02-03,6,7\n');
    assert.match(padded.f.relation!, /TRIM\(CAST/);
    assert.deepEqual(padded.rows, want);
  });
});
