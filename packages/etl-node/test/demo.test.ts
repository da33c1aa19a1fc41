import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import { generateDemoRaw, type DemoResult } from '../src/demo/index.js';

const AS_OF = '2026-10-31';
const SMALL = { items: 300, days: 730, seed: 42, asOf: AS_OF };

let root: string;
let a: string;
let res: DemoResult;
let seconds: number;
let con: DuckDBConnection;
let instance: DuckDBInstance;

async function sha(dir: string, files: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of files) out[f] = createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
  return out;
}

async function rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as T[];
}

/** items.csv decoded from Windows-1252 and parsed by DuckDB (via a UTF-8 copy) as table `items`. */
async function loadItems(dir: string): Promise<void> {
  const text = iconv.decode(await readFile(join(dir, 'items.csv')), 'win1252');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(root, 'items-utf8.csv'), text, 'utf8');
  await con.run(`CREATE OR REPLACE TABLE items AS SELECT * FROM read_csv('${join(root, 'items-utf8.csv')}', delim = ';', header = true, quote = '"', all_varchar = true)`);
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'nova-demo-test-'));
  a = join(root, 'a');
  const t = performance.now();
  res = await generateDemoRaw({ ...SMALL, out: a });
  seconds = (performance.now() - t) / 1000;
  instance = await DuckDBInstance.create(':memory:');
  con = await instance.connect();
  await loadItems(a);
  await con.run(`CREATE TABLE cons AS SELECT strptime(data, '%d/%m/%Y')::DATE AS d, codigo, deposito, replace(quantidade, ',', '.')::DOUBLE AS q
    FROM read_csv('${join(a, 'consumption.csv')}', delim = ';', header = true, all_varchar = true)`);
  await con.run(`CREATE TABLE ens AS SELECT * FROM '${join(a, 'forecasts/ensemble.parquet')}'`);
  await con.run(`CREATE TABLE cro AS SELECT * FROM '${join(a, 'forecasts/croston_sba.parquet')}'`);
  await con.run(`CREATE TABLE inv AS SELECT * FROM read_csv('${join(a, 'inventory.csv')}', all_varchar = true)`);
});

after(async () => {
  con?.closeSync();
  instance?.closeSync();
  await rm(root, { recursive: true, force: true });
});

describe('generateDemoRaw', () => {
  it('writes the expected files and reports their rows', async () => {
    assert.deepEqual(res.files, [
      'items.csv', 'sites.csv', 'consumption.csv', 'inventory.csv',
      'forecasts/ensemble.parquet', 'forecasts/croston_sba.parquet', 'forecasts/croston_sba.meta.json', 'nova.config.json',
    ]);
    assert.equal(res.rows['items.csv'], 300);
    assert.equal(res.rows['sites.csv'], 3);
    const [c] = await rows<{ n: string }>(`SELECT count(*) AS n FROM cons`);
    assert.equal(Number(c.n), res.rows['consumption.csv']);
    const [e] = await rows<{ n: string }>(`SELECT count(*) AS n FROM ens`);
    assert.equal(Number(e.n), res.rows['forecasts/ensemble.parquet']);
    const [i] = await rows<{ n: string }>(`SELECT count(*) AS n FROM inv`);
    assert.equal(Number(i.n), res.rows['inventory.csv']);
  });

  it('is byte-identical for the same options and different for another seed', async () => {
    const b = join(root, 'b');
    const c = join(root, 'c');
    const again = await generateDemoRaw({ ...SMALL, out: b });
    await generateDemoRaw({ ...SMALL, seed: 7, out: c });
    assert.deepEqual(again.rows, res.rows);
    assert.deepEqual(await sha(b, res.files), await sha(a, res.files));
    const other = await sha(c, res.files);
    const same = await sha(a, res.files);
    for (const f of ['items.csv', 'consumption.csv', 'inventory.csv', 'forecasts/ensemble.parquet', 'forecasts/croston_sba.parquet']) {
      assert.notEqual(other[f], same[f], `${f} should change with the seed`);
    }
  });

  it('is fast at 300 items × 730 days', () => {
    assert.ok(seconds < 10, `took ${seconds.toFixed(1)} s`);
  });

  it('writes items.csv in Windows-1252 with ; and decimal comma, quoting what needs it', async () => {
    const bytes = await readFile(join(a, 'items.csv'));
    assert.ok(!bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'no BOM');
    assert.ok(bytes.includes(Buffer.from('FERRO E A\xc7O', 'latin1')), 'Ç as the single byte 0xC7');
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'not valid UTF-8');
    const text = iconv.decode(bytes, 'win1252');
    assert.equal(text.split('\r\n')[0], 'codigo;sku;descricao;familia;unidade;custo_unitario;moeda;prazo_entrega_dias;lote_minimo;criticidade');
    assert.match(text, /\r\nMAT-000001;/);
    assert.match(text, /;"[^"\r\n]*""[^\r\n]*";/, 'a quoted name with doubled quotes');
    const items = await rows<Record<string, string>>(`SELECT * FROM items`);
    assert.equal(items.length, 300);
    assert.equal(new Set(items.map((r) => r.descricao)).size, 300, 'unique names');
    assert.ok(items.every((r) => /^MAT-\d{6}$/.test(r.codigo)));
    assert.ok(items.every((r) => /^\d{1,3}(\.\d{3})*,\d{2}$/.test(r.custo_unitario)), 'decimal comma, thousands dot');
    const costs = items.map((r) => Number(r.custo_unitario.replace(/\./g, '').replace(',', '.')));
    assert.ok(Math.min(...costs) < 1 && Math.max(...costs) > 1000, 'cents to thousands of BRL');
    const leads = items.map((r) => Number(r.prazo_entrega_dias));
    assert.ok(Math.min(...leads) <= 5 && Math.max(...leads) >= 60, 'local and imported lead times');
    assert.deepEqual([...new Set(items.map((r) => r.criticidade))].sort(), ['A', 'B', 'C']);
    assert.deepEqual([...new Set(items.map((r) => r.familia))].sort(), ['CONECTORES', 'EPI', 'ESTRUTURAS', 'FERRAMENTAS', 'FERRO E AÇO', 'MATERIAL ELÉTRICO']);
  });

  it('writes consumption.csv as an ERP log: UTF-8 BOM, ;, dd/mm/yyyy, decimal comma, movements only', async () => {
    const bytes = await readFile(join(a, 'consumption.csv'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    assert.equal(text.slice(0, text.indexOf('\n')), 'data;codigo;deposito;quantidade');
    assert.match(text, /\n\d{2}\/\d{2}\/\d{4};MAT-\d{6};(SSA|REC|FOR);\d+(,\d)?\n/);
    assert.match(text, /;\d+,5\n/, 'some half units (cable metres)');
    const [r] = await rows<{ zero: string; mind: string; maxd: string; dup: string }>(`SELECT count(*) FILTER (q <= 0) AS zero,
      min(d)::VARCHAR AS mind, max(d)::VARCHAR AS maxd, count(*) - count(DISTINCT (d, codigo, deposito)) AS dup FROM cons`);
    assert.deepEqual(r, { zero: '0', mind: '2024-11-01', maxd: AS_OF, dup: '0' });
  });

  it('makes spare parts intermittent and consumables steadier', async () => {
    const shares = await rows<{ familia: string; zero: number }>(`
      WITH s AS (SELECT DISTINCT item_id, site_id FROM ens),
      moves AS (SELECT codigo, deposito, count(*) AS n FROM cons GROUP BY ALL)
      SELECT i.familia, 1 - sum(coalesce(m.n, 0)) / (count(*) * 730.0) AS zero
      FROM s JOIN items i ON i.codigo = s.item_id LEFT JOIN moves m ON m.codigo = s.item_id AND m.deposito = s.site_id
      GROUP BY ALL`);
    const by = Object.fromEntries(shares.map((s) => [s.familia, s.zero]));
    for (const f of ['ESTRUTURAS', 'FERRAMENTAS', 'CONECTORES', 'MATERIAL ELÉTRICO']) assert.ok(by[f] > 0.5, `${f}: ${by[f]} of item-days zero`);
    assert.ok(by['EPI'] < 0.8 && by['EPI'] < by['ESTRUTURAS'] - 0.15, `EPI steadier (${by['EPI']} vs ${by['ESTRUTURAS']})`);
  });

  it('peaks in the April–July rainy season and trends up', async () => {
    const [s] = await rows<{ wet: number; dry: number; y1: number; y2: number }>(`SELECT
      sum(q) FILTER (month(d) BETWEEN 4 AND 7) / count(DISTINCT d) FILTER (month(d) BETWEEN 4 AND 7) AS wet,
      sum(q) FILTER (month(d) NOT BETWEEN 4 AND 7) / count(DISTINCT d) FILTER (month(d) NOT BETWEEN 4 AND 7) AS dry,
      sum(q) FILTER (d < DATE '2025-11-01') AS y1, sum(q) FILTER (d >= DATE '2025-11-01') AS y2 FROM cons`);
    assert.ok(s.wet > s.dry * 1.1, `wet ${s.wet} vs dry ${s.dry}`);
    assert.ok(s.y2 > s.y1 * 1.03, `year 2 ${s.y2} vs year 1 ${s.y1}`);
  });

  it('stocks each item at 1–3 known warehouses', async () => {
    const sites = (await readFile(join(a, 'sites.csv'), 'utf8')).trim().split('\n');
    assert.deepEqual(sites, ['site_id,name,state,region', 'SSA,Salvador,BA,Nordeste', 'REC,Recife,PE,Nordeste', 'FOR,Fortaleza,CE,Nordeste']);
    const per = await rows<{ n: string; items: string }>(`SELECT n, count(*) AS items FROM (SELECT item_id, count(DISTINCT site_id) AS n FROM ens GROUP BY 1) GROUP BY 1 ORDER BY 1`);
    assert.deepEqual(per.map((p) => p.n), ['1', '2', '3']);
    assert.equal(per.reduce((s, p) => s + Number(p.items), 0), 300);
  });

  it('writes forecasts over the last 365 days of history (BACKTEST_DAYS) and 90 days ahead, both sources, metadata as columns or sidecar', async () => {
    const [e] = await rows<Record<string, string>>(`SELECT min(date)::VARCHAR AS mind, max(date)::VARCHAR AS maxd,
      (count(*) // count(DISTINCT (item_id, site_id)))::VARCHAR AS per, string_agg(DISTINCT source) AS source, string_agg(DISTINCT model_version) AS mv,
      string_agg(DISTINCT generated_at) AS ga, string_agg(DISTINCT dataset_id) AS ds,
      count(*) FILTER (forecast_lo > forecast OR forecast_hi < forecast OR forecast < 0) AS bad FROM ens`);
    assert.deepEqual(e, { mind: '2025-11-01', maxd: '2027-01-29', per: '455', source: 'ensemble', mv: 'ens-2026.10.2', ga: '2026-11-01T03:00:00Z', ds: 'erp-2026-10-31', bad: '0' });
    const cols = (await rows<{ column_name: string }>(`DESCRIBE cro`)).map((c) => c.column_name);
    assert.deepEqual(cols, ['item_id', 'site_id', 'date', 'forecast', 'forecast_lo', 'forecast_hi']);
    const [c] = await rows<Record<string, string>>(`SELECT min(date)::VARCHAR AS mind, max(date)::VARCHAR AS maxd,
      (count(*) // count(DISTINCT (item_id, site_id)))::VARCHAR AS per, count(*) FILTER (forecast_lo > forecast OR forecast_hi < forecast) AS bad FROM cro`);
    assert.deepEqual(c, { mind: '2025-11-01', maxd: '2027-01-29', per: '455', bad: '0' });
    const meta = JSON.parse(await readFile(join(a, 'forecasts/croston_sba.meta.json'), 'utf8'));
    assert.deepEqual(Object.keys(meta).sort(), ['dataset_id', 'generated_at', 'model_version', 'source']);
    assert.equal(meta.source, 'croston_sba');
    assert.notEqual(meta.model_version, 'ens-2026.10.2');
    assert.notEqual(meta.dataset_id, 'erp-2026-10-31');
    const cfg = JSON.parse(await readFile(join(a, 'nova.config.json'), 'utf8'));
    assert.equal(cfg.mapping.items.descricao, 'name');
    assert.equal(cfg.mapping.consumption.deposito, 'site_id');
  });

  it('makes the ensemble closer to the actuals than Croston/SBA, which is flatter', async () => {
    const [w] = await rows<{ ens: number; cro: number; ens_sd: number; cro_sd: number }>(`
      WITH j AS (SELECT e.forecast AS fe, c.forecast AS fc, coalesce(k.q, 0) AS act
        FROM ens e JOIN cro c USING (item_id, site_id, date)
        LEFT JOIN cons k ON k.codigo = e.item_id AND k.deposito = e.site_id AND k.d = e.date
        WHERE e.date <= DATE '${AS_OF}')
      SELECT sum(abs(fe - act)) / sum(act) AS ens, sum(abs(fc - act)) / sum(act) AS cro, stddev(fe) AS ens_sd, stddev(fc) AS cro_sd FROM j`);
    assert.ok(w.ens < w.cro * 0.9, `WAPE ensemble ${w.ens} vs croston ${w.cro}`);
    assert.ok(w.cro_sd < w.ens_sd, 'croston flatter');
  });

  it('counts stock weekly on Mondays, consistent with demand, with risky and overstocked positions at asOf', async () => {
    const [m] = await rows<{ notmon: string; weeks: string; neg: string }>(`SELECT count(*) FILTER (isodow(date::DATE) <> 1) AS notmon,
      count(DISTINCT date) AS weeks, count(*) FILTER (on_hand::DOUBLE < 0 OR on_order::DOUBLE < 0) AS neg FROM inv`);
    assert.deepEqual(m, { notmon: '0', weeks: '104', neg: '0' });
    // Between two counts with nothing on order, stock can only fall, by at most that week's demand.
    const [c] = await rows<{ bad: string; checked: string }>(`
      WITH v AS (SELECT date::DATE AS d, item_id, site_id, on_hand::DOUBLE AS oh, on_order::DOUBLE AS oo,
        lead(on_hand::DOUBLE) OVER w AS next_oh, lag(on_order::DOUBLE) OVER w AS prev_oo FROM inv WINDOW w AS (PARTITION BY item_id, site_id ORDER BY date)),
      dem AS (SELECT v.d, v.item_id, v.site_id, sum(k.q) AS q FROM v JOIN cons k ON k.codigo = v.item_id AND k.deposito = v.site_id AND k.d >= v.d AND k.d < v.d + 7 GROUP BY ALL)
      SELECT count(*) FILTER (next_oh > oh OR next_oh < oh - coalesce(q, 0)) AS bad, count(*) AS checked
      FROM v LEFT JOIN dem USING (d, item_id, site_id) WHERE oo = 0 AND prev_oo = 0 AND next_oh IS NOT NULL AND oh > coalesce(q, 0)`);
    assert.equal(c.bad, '0');
    assert.ok(Number(c.checked) > 100);
    const [r] = await rows<{ n: string; out: string; low: string; over: string }>(`
      WITH last AS (SELECT item_id, site_id, on_hand::DOUBLE AS oh FROM inv WHERE date = '2026-10-26'),
      mu AS (SELECT item_id, site_id, avg(forecast) AS m FROM ens WHERE date > DATE '${AS_OF}' AND date <= DATE '${AS_OF}' + 30 GROUP BY ALL)
      SELECT count(*) AS n, count(*) FILTER (oh = 0) AS out, count(*) FILTER (oh > 0 AND oh < m * i.prazo_entrega_dias::INT) AS low,
        count(*) FILTER (oh > 180 * m) AS over
      FROM last JOIN mu USING (item_id, site_id) JOIN items i ON i.codigo = item_id`);
    const n = Number(r.n);
    assert.ok(Number(r.out) >= 3 && Number(r.out) < n * 0.2, `stocked out: ${r.out} of ${n}`);
    assert.ok(Number(r.low) >= 5, `under lead-time demand: ${r.low}`);
    assert.ok(Number(r.over) >= n * 0.05 && Number(r.over) < n * 0.3, `overstocked: ${r.over} of ${n}`);
  });

  it('rejects bad options with a usage error', async () => {
    await assert.rejects(generateDemoRaw({ ...SMALL, out: join(root, 'x'), asOf: '2026-02-30' }), { name: 'UsageError' });
    await assert.rejects(generateDemoRaw({ ...SMALL, out: join(root, 'x'), items: 0 }), { name: 'UsageError' });
    await assert.rejects(generateDemoRaw({ ...SMALL, out: join(root, 'x'), seed: 1.5 }), { name: 'UsageError' });
  });
});
