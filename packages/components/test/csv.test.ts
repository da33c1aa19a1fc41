// CSV for Excel: exact bytes (BOM, separators, decimal mark, quoting, formula injection), written by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvDialect, csvField, csvFileName, toCsv } from '../src/internal/csv.js';

const bytes = (s: string) => [...new TextEncoder().encode(s)];
const pt = csvDialect('pt-BR');
const en = csvDialect('en');

describe('csv', () => {
  it('pt-BR: BOM, semicolons, decimal comma, CRLF — byte for byte', () => {
    const csv = toCsv(['Data', 'Previsão'], [['2026-06-30', 1234.5], ['2026-07-01', -0.25]], pt);
    assert.deepEqual(
      bytes(csv),
      [0xef, 0xbb, 0xbf, ...bytes('Data;Previs'), 0xc3, 0xa3, ...bytes('o\r\n2026-06-30;1234,5\r\n2026-07-01;-0,25\r\n')],
    );
  });

  it('en: BOM, commas, decimal point', () => {
    assert.equal(toCsv(['Date', 'Forecast'], [['2026-06-30', 1234.5]], en), '\uFEFFDate,Forecast\r\n2026-06-30,1234.5\r\n');
  });

  it('numbers: no thousands separator, no float noise, no exponent; empty for missing', () => {
    assert.equal(csvField(0.1 + 0.2, pt), '0,3');
    assert.equal(csvField(1e21, pt), '1000000000000000000000');
    assert.equal(csvField(1.5e-7, en), '0.00000015');
    assert.equal(csvField(-0, pt), '0');
    assert.equal(csvField(1234567.891, pt), '1234567,891');
    for (const v of [null, undefined, Number.NaN, Infinity, -Infinity]) assert.equal(csvField(v, pt), '');
  });

  it('quotes fields holding the separator, quotes or line breaks (and only those)', () => {
    assert.equal(csvField('a;b', pt), '"a;b"');
    assert.equal(csvField('a,b', pt), 'a,b', 'a comma is not the pt-BR separator');
    assert.equal(csvField('a,b', en), '"a,b"');
    assert.equal(csvField('say "hi"', pt), '"say ""hi"""');
    assert.equal(csvField('two\nlines', pt), '"two\nlines"');
    assert.equal(csvField('cr\rhere', en), '"cr\rhere"');
    assert.equal(csvField('Válvula ½"', pt), '"Válvula ½"""');
  });

  it('neutralises formula injection in text cells with an apostrophe', () => {
    assert.equal(csvField('=HYPERLINK("http://x","y")', en), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvField('+cmd|\' /C calc\'!A0', pt), `'+cmd|' /C calc'!A0`);
    assert.equal(csvField('-2+3', pt), `'-2+3`);
    assert.equal(csvField('@SUM(A1)', pt), `'@SUM(A1)`);
    assert.equal(csvField('\t=1', pt), `'\t=1`);
    assert.equal(csvField('\r=1', pt), `"'\r=1"`);
    assert.equal(csvField('  =1+1', pt), `'  =1+1`);
    assert.equal(csvField('\uFF1D1+1', pt), `'\uFF1D1+1`);
    assert.equal(csvField('=1;2', pt), `"'=1;2"`);
    assert.equal(csvField('a=b', pt), 'a=b', 'only a leading sign is a formula');
    assert.equal(csvField(-3.5, pt), '-3,5', 'a negative number stays a number');
  });

  it('a whole file with hostile text splits into the intended cells', () => {
    const csv = toCsv(['Item', 'Qtd'], [['x;"=1"\n', 2]], pt);
    assert.equal(csv, '\uFEFFItem;Qtd\r\n"x;""=1""\n";2\r\n');
  });

  it('file names keep letters, digits, dot, underscore and dash only', () => {
    assert.equal(csvFileName('inventory', 'MAT-0001'), 'inventory-MAT-0001.csv');
    assert.equal(csvFileName('risk', '../../etc/passwd'), 'risk-.._.._etc_passwd.csv');
    assert.equal(csvFileName('forecast', '<img src=x>'), 'forecast-_img_src_x_.csv');
  });
});
