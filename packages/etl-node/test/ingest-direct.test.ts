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
import { directCsvRows } from '../src/ingest/csv-direct.js';
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
});
