/** Unit tests of the small ingest modules: sniffing, decoding, header resolution, discovery, quoting. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG, type NovaConfig } from '../src/config.js';
import { DataError, UsageError } from '../src/errors.js';
import { decodeText, looksBinary } from '../src/ingest/decode.js';
import { DialectSniffer, dateOrderEvidence, decimalEvidence, sniffDelimiter } from '../src/ingest/dialect.js';
import { discoverRaw } from '../src/ingest/discover.js';
import { detectShape } from '../src/ingest/forecasts.js';
import { normalizeHeader, resolveHeader } from '../src/ingest/headers.js';
import { parseCsvBatches, parseQuoted } from '../src/ingest/csv.js';
import { csvField } from '../src/ingest/staging.js';
import { type Cell, cellSql, sqlString } from '../src/ingest/plan.js';
import { DuckDBInstance } from '@duckdb/node-api';

const cfg = (mapping: NovaConfig['mapping'] = {}): NovaConfig => ({ ...structuredClone(DEFAULT_CONFIG), mapping });

describe('dialect', () => {
  test('delimiter: the one most present in the header outside quotes', () => {
    assert.equal(sniffDelimiter('a;b;c\n1,5;2;3\n'), ';');
    assert.equal(sniffDelimiter('a,b,c\n"x;y",2,3\n'), ',');
    assert.equal(sniffDelimiter('a\tb\n"1,2"\t3\n'), '\t');
    assert.equal(sniffDelimiter('"a;b",c,d\n'), ',');
    assert.equal(sniffDelimiter('only\n1\n'), ',');
    assert.equal(sniffDelimiter(''), ',');
  });
  test('decimal evidence: grouped and plain forms, ambiguous thousands left undecided', () => {
    const cases: [string, number][] = [['1.234,56', 1], ['1,234.56', -1], ['12,5', 1], ['0,125', 1], ['1234,567', 1], ['1,234', 0],
      ['12.5', -1], ['0.125', -1], ['1.234', 0], ['-3,75', 1], ['42', 0], ['abc', 0], ['1.234.567', 0]];
    for (const [v, e] of cases) assert.equal(decimalEvidence(v), e, v);
  });
  test('date order evidence', () => {
    assert.equal(dateOrderEvidence('15/03/2024'), 1);
    assert.equal(dateOrderEvidence('03/15/2024'), -1);
    assert.equal(dateOrderEvidence('03/04/2024'), 0);
    assert.equal(dateOrderEvidence('2024-03-15'), 0);
    assert.equal(dateOrderEvidence('31.12.2024 10:00'), 1);
  });
  test('sniffer: majority wins, ";" files default to decimal comma, contradictions warn', () => {
    const s = new DialectSniffer();
    assert.equal(s.decimal(';'), ',');
    assert.equal(s.decimal(','), '.');
    for (const v of ['1,5', '2,25', '3.5']) s.number(v);
    assert.equal(s.decimal(','), ',');
    s.date('13/01/2024');
    s.date('01/13/2024');
    assert.equal(s.dateOrder(), 'dmy');
    assert.equal(s.warnings().length, 2);
    const m = new DialectSniffer();
    m.date('01/31/2024');
    assert.equal(m.dateOrder(), 'mdy');
  });
});

describe('decode', () => {
  test('UTF-8, BOM, Windows-1252 and damaged UTF-8', () => {
    assert.deepEqual(decodeText(Buffer.from('ação\r\nb', 'utf8')), { text: 'ação\nb', encoding: 'utf-8', bom: false });
    assert.deepEqual(decodeText(Buffer.from('\ufeffa;b', 'utf8')), { text: 'a;b', encoding: 'utf-8', bom: true });
    assert.deepEqual(decodeText(Buffer.from([0x80, 0x20, 0x93, 0x61, 0x94, 0xe7, 0xe3, 0x0d])), { text: '€ “a”çã\n', encoding: 'windows-1252', bom: false });
    const damaged = decodeText(Buffer.concat([Buffer.from('ação ', 'utf8'), Buffer.from([0xe7, 0x20])]));
    assert.equal(damaged.encoding, 'utf-8');
    assert.equal(damaged.text, 'ação \uFFFD ');
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0xe7, 0x00])), { text: 'aç', encoding: 'utf-16le', bom: true });
  });
  test('binary detection', () => {
    assert.equal(looksBinary(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00])), true);
    assert.equal(looksBinary(Buffer.from('a,b\n1,2\n')), false);
    assert.equal(looksBinary(Buffer.from([0xff, 0xfe, 0x61, 0x00])), false);
  });
});

describe('headers', () => {
  test('normal form ignores case, accents, spaces, underscores and punctuation', () => {
    assert.equal(normalizeHeader(' Cód. Item '), 'coditem');
    assert.equal(normalizeHeader('QUANTIDADE_Consumida'), 'quantidadeconsumida');
  });
  test('aliases per kind, config first, unknown → null', () => {
    assert.equal(resolveHeader('items', 'Código', cfg()), 'item_id');
    assert.equal(resolveHeader('sites', 'Código', cfg()), 'site_id');
    assert.equal(resolveHeader('inventory', 'Qtde', cfg()), 'on_hand');
    assert.equal(resolveHeader('consumption', 'Qtde', cfg()), 'quantity');
    assert.equal(resolveHeader('consumption', 'Saldo', cfg()), null, 'on_hand is not a consumption column');
    assert.equal(resolveHeader('items', 'Observação', cfg()), null);
    assert.equal(resolveHeader('items', 'Código', cfg({ items: { codigo: 'sku' } })), 'sku');
  });
  test('a config mapping to a column the kind does not have is a usage error', () => {
    assert.throws(() => resolveHeader('consumption', 'qtd', cfg({ consumption: { qtd: 'qty' } })), (e: Error) => e instanceof UsageError && /"qty" is not a consumption column/.test(e.message));
  });
  test('forecast shapes', () => {
    assert.equal(detectShape(['ds', 'yhat', 'item_id']), 'prophet');
    assert.equal(detectShape(['unique_id', 'ds', 'AutoETS']), 'statsforecast');
    assert.equal(detectShape(['item_id', 'date', 'forecast']), 'native');
  });
});

describe('csv records', () => {
  test('start lines across quoted newlines, blank lines and an unclosed quote', async () => {
    const out = [];
    for await (const b of parseCsvBatches('h1;h2\n"a\nb";1\n\nc;"d\n\ne;2\nf;3', ';')) for (const r of b) out.push([r.line, r.fields.join('|'), r.problem?.code ?? '']);
    assert.deepEqual(out, [[1, 'h1|h2', ''], [2, 'a\nb|1', ''], [5, 'c|"d', 'ragged_row'], [7, 'e|2', ''], [8, 'f|3', '']]);
  });
  test('mixed text: quoted runs go through csv-parse, the rest is split, together equal to csv-parse on the whole', async () => {
    const kinds = ['8;"ab"c;t', '9;x"y"z;s', 'a;"";b', '"lead;q;r', '1;plain;x', '2;"quoted; with delimiter";y', '3;"multi\nline\n";z', '', '4;"say ""hi""";w', '5;5" pipe;v', '6;"open\n\nstill";u', '7;a;b;c'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lines = ['h1;h2;h3'];
    for (let i = 0; i < 6000; i++) lines.push(kinds[Math.floor(rnd() * kinds.length)]);
    for (const text of [lines.join('\n'), `${lines.join('\n')}\n9;"never closed\n10;ok;ok\n`]) {
      const hybrid = [];
      for await (const b of parseCsvBatches(text, ';')) hybrid.push(...b);
      const whole = [];
      for await (const r of parseQuoted(text, ';')) whole.push(r);
      assert.ok(hybrid.length > 4000, `${hybrid.length} records`);
      assert.deepEqual(hybrid, whole);
    }
  });
  test('quoted rows a few lines apart (a catalogue with quoted names) are parsed together, equal to csv-parse on the whole', async () => {
    // Gaps of 0 to 70 unquoted lines (around the 64 that still join two runs), empty and blank
    // lines inside the gaps, a multi-line field, a field left open for several lines, ~1.3 MB of
    // text (past the 1 MB region cap), then a quote never closed.
    const lines = ['id;name;cost'];
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    while (lines.join('\n').length < 1_300_000) {
      const gap = [0, 1, 3, 63, 64, 65, 70][rnd(7)];
      for (let k = 0; k < gap; k++) lines.push(k % 17 === 5 ? '' : k % 19 === 7 ? ' ; ' : `${lines.length};part ${k};${k},5`);
      lines.push([`${lines.length};"CANTONEIRA L 3""X3/16"" GALV.";9,5`, `${lines.length};"two\nlines";1`, `${lines.length};"open;\nstill;\nopen";2`, `${lines.length};5" pipe;3`][rnd(4)]);
    }
    for (const text of [lines.join('\n'), `${lines.join('\n')}\n9;"never closed\n10;ok;ok\n`]) {
      const merged = [];
      for await (const b of parseCsvBatches(text, ';')) merged.push(...b);
      const whole = [];
      for await (const r of parseQuoted(text, ';')) whole.push(r);
      assert.ok(merged.length > 20_000, `${merged.length} records`);
      assert.deepEqual(merged, whole);
    }
  });
  test('quote-free text takes the fast path and yields exactly what csv-parse yields, across batches', async () => {
    const lines = ['a;b;c'];
    for (let i = 0; i < 4500; i++) lines.push(i % 7 === 0 ? '' : i % 11 === 0 ? `${i};x` : `${i};ç ${i}; ${i % 3} `);
    const text = lines.join('\n') + '\n';
    const fast = [];
    let batches = 0;
    for await (const b of parseCsvBatches(text, ';')) { batches++; fast.push(...b); }
    const slow = [];
    for await (const r of parseQuoted(text, ';')) slow.push(r);
    assert.ok(batches >= 2, `${batches} batches`);
    assert.equal(fast.length, 1 + 4500 - Math.ceil(4500 / 7));
    assert.deepEqual(fast, slow);
  });
  test('staging fields are RFC 4180 quoted only when needed', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(''), '');
  });
});

describe('discover', () => {
  test('kinds in order, several files per kind (prefix or folder), sidecars skipped; unread files fail unless ignored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nova-discover-'));
    try {
      await mkdir(join(dir, 'forecasts'));
      await mkdir(join(dir, 'consumption'));
      for (const f of ['ITEMS.XLSX', 'inventory.tsv', 'consumption_2024.csv', 'consumption/2025-01.csv', 'consumption.csv', 'nova.config.json', 'notes.pdf',
        'forecasts/b.parquet', 'forecasts/a.csv', 'forecasts/a.meta.json', 'forecasts/x.json']) {
        await writeFile(join(dir, f), '');
      }
      await assert.rejects(discoverRaw(dir), (e: Error) => e instanceof DataError && /that no input reads: forecasts\/x\.json, notes\.pdf\./.test(e.message) && /"ignore"/.test(e.message));
      const d = await discoverRaw(dir, ['notes.*', 'forecasts/*.json']);
      assert.deepEqual(d.files.map((f) => `${f.kind}:${f.file}:${f.format}`), [
        'items:ITEMS.XLSX:xlsx', 'consumption:consumption/2025-01.csv:csv', 'consumption:consumption.csv:csv', 'consumption:consumption_2024.csv:csv',
        'inventory:inventory.tsv:csv', 'forecasts:forecasts/a.csv:csv', 'forecasts:forecasts/b.parquet:parquet',
      ]);
      assert.deepEqual(d.ignored, ['forecasts/x.json', 'notes.pdf']);
      // A name that only starts like a kind without a separator is not that kind.
      await writeFile(join(dir, 'itemsold.csv'), '');
      await assert.rejects(discoverRaw(dir, ['notes.*', 'forecasts/*.json']), (e: Error) => /no input reads: itemsold\.csv/.test(e.message));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  test('symbolic links and other non-regular files are refused and named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nova-discover-'));
    try {
      await mkdir(join(dir, 'forecasts'));
      await writeFile(join(dir, 'items.csv'), 'item_id\n');
      await symlink('/etc/passwd', join(dir, 'forecasts', 'x.csv'));
      await assert.rejects(discoverRaw(dir), (e: Error) => e instanceof DataError && /must be regular files.*refused: forecasts\/x\.csv \(symbolic link to \/etc\/passwd\)/.test(e.message));
      // An ignore entry does not let a link in unnoticed: ignored means not read.
      const d = await discoverRaw(dir, ['forecasts/x.csv']);
      assert.deepEqual(d.ignored, ['forecasts/x.csv']);
      assert.deepEqual(d.files.map((f) => f.file), ['items.csv']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  test('no items file is a data error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nova-discover-'));
    try {
      await writeFile(join(dir, 'consumption.csv'), 'a\n');
      await assert.rejects(discoverRaw(dir), (e: Error) => e instanceof DataError && /no items file in raw folder .*items\.csv or items\.xlsx is required/.test(e.message));
      await assert.rejects(discoverRaw(join(dir, 'nope')), (e: Error) => e instanceof DataError && /cannot read raw folder/.test(e.message));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('plan cells', () => {
  test('the one interpreter of a cell (SQL, for CSV, XLSX and Parquet alike) against hand-written results', async () => {
    const cells: Cell[] = [
      { col: 0 }, { col: 0, split: { sep: '|', part: 0 } }, { col: 0, split: { sep: '||', part: 1 } },
      { col: 0, split: { sep: '|', part: 1 }, fallback: 'none' }, { col: 0, fallback: "it's" }, { value: 'k' }, { value: '' }, null,
    ];
    // value → what each cell above yields (trimmed; empty → NULL, or the fallback).
    const expected: Record<string, (string | null)[]> = {
      'A|S1': ['A|S1', 'A', null, 'S1', 'A|S1', 'k', null, null],
      A: ['A', 'A', null, 'none', 'A', 'k', null, null],
      ' A | S1 ': ['A | S1', 'A', null, 'S1', 'A | S1', 'k', null, null],
      '': [null, null, null, 'none', "it's", 'k', null, null],
      '   ': [null, null, null, 'none', "it's", 'k', null, null],
      '|S': ['|S', null, null, 'S', '|S', 'k', null, null],
      'A|': ['A|', 'A', null, 'none', 'A|', 'k', null, null],
      'A||B': ['A||B', 'A', 'B', '|B', 'A||B', 'k', null, null],
      "O'Brien|x": ["O'Brien|x", "O'Brien", null, 'x', "O'Brien|x", 'k', null, null],
    };
    const values = Object.keys(expected);
    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    try {
      for (const v of values) {
        const sql = `SELECT ${cells.map((c, i) => `${cellSql(c, ['raw col'])} AS c${i}`).join(', ')} FROM (SELECT ${sqlString(v)} AS "raw col")`;
        const got = Object.values((await con.runAndReadAll(sql)).getRowObjects()[0]);
        const want = expected[v];
        assert.deepEqual(got, want, `value ${JSON.stringify(v)}`);
      }
    } finally {
      con.closeSync();
      inst.closeSync();
    }
  });
});
