// The fact path with hostile item, site and source ids: ids that differ only by case, accents
// (NFC and NFD spellings of the same letter), digits and leading punctuation stay distinct through
// the join of actuals, the sort by bucket, the writer and the aggregates, come out byte for byte as
// written, and each fact file is ordered by the contract's key in text order (DuckDB compares
// VARCHAR by bytes: for these ids, JavaScript's code-unit order), with the hand-written values per
// row. Written to check dictionary numbers (ENUM) for the keys (ADR 0006, session 11: measured,
// not kept); it guards any narrower key the fact path may use.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { query, runCli, tempDir } from './helpers.ts';

const NFD_E = 'e\u0301'; // "é" as e + combining acute: another id than the NFC "é"
const ITEMS = ['ação', 'Ação', 'acao', 'é1', `${NFD_E}1`, 'E1', 'a10', 'a9', 'A-2', '10', '9', 'Z', 'z', '_x', 'ünï'];
const SITES = ['São Paulo', 'SAO', 'sao', 'Sé'];
const SOURCES = ['ens', 'Ens', 'é-model'];
const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03'];
/** Forecast days: the consumption days and one after as_of (DAYS[2]), which has no actual. */
const FC_DAYS = [...DAYS, '2026-03-04'];

const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** The forecast written for item i, site s, source c, day d (hand-checkable: digits are the indexes). */
const forecast = (i: number, s: number, c: number, d: number) => 1000 * i + 100 * s + 10 * c + d;

describe('fact table keys: hostile item, site and source ids', () => {
  const dir = tempDir();
  const gold = join(dir, 'gold');

  before(async () => {
    const raw = join(dir, 'raw');
    mkdirSync(join(raw, 'forecasts'), { recursive: true });
    writeFileSync(join(raw, 'items.csv'), ['item_id,name', ...ITEMS.map((id, i) => `${q(id)},Part ${i}`)].join('\n') + '\n');
    writeFileSync(join(raw, 'sites.csv'), ['site_id,name', ...SITES.map((s, i) => `${q(s)},Site ${i}`)].join('\n') + '\n');
    // Item i consumes i + 1 units on every day at every site.
    const cons = ['date,item_id,site_id,quantity'];
    for (const d of DAYS) for (const [i, id] of ITEMS.entries()) for (const s of SITES) cons.push(`${d},${q(id)},${q(s)},${i + 1}`);
    writeFileSync(join(raw, 'consumption.csv'), cons.join('\n') + '\n');
    writeFileSync(join(raw, 'inventory.csv'), ['date,item_id,site_id,on_hand,on_order', ...ITEMS.map((id) => `${DAYS[2]},${q(id)},${q(SITES[0])},50,0`)].join('\n') + '\n');
    // Rows written in reverse key order, so any order in the files is the build's.
    const fc = ['item_id,site_id,date,forecast,forecast_lo,forecast_hi,source,model_version,generated_at,dataset_id'];
    for (let i = ITEMS.length - 1; i >= 0; i--) for (let s = SITES.length - 1; s >= 0; s--) for (let c = SOURCES.length - 1; c >= 0; c--) for (let d = FC_DAYS.length - 1; d >= 0; d--) {
      const f = forecast(i, s, c, d);
      fc.push([ITEMS[i], SITES[s], FC_DAYS[d], f, f - 1, f + 1, SOURCES[c], `v-${SOURCES[c]}`, '2026-03-01T06:00:00Z', 'ds'].map((v) => q(String(v))).join(','));
    }
    writeFileSync(join(raw, 'forecasts', 'f.csv'), fc.join('\n') + '\n');
    const r = await runCli(['build', '--input', raw, '--out', gold, '--as-of', DAYS[2], '--threads', '2', '--memory-limit', '256MB']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('writes every forecast row once, ids byte for byte, with its own values and actual', async () => {
    const m = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    const recs = readFileSync(join(gold, m.tables.fact_forecast.index.path), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const files = recs.filter((r: { rows: number }) => r.rows > 0).map((r: { path: string }) => `'${join(gold, r.path)}'`);
    const rows = await query<{ item_id: string; site_id: string; source: string; date: string; forecast: number; actual: number | null; model_version: string }>(
      `SELECT item_id, site_id, source, CAST(date AS VARCHAR) AS date, forecast, actual, model_version FROM read_parquet([${files.join(', ')}])`,
    );
    assert.equal(rows.length, ITEMS.length * SITES.length * SOURCES.length * FC_DAYS.length);
    const seen = new Set<string>();
    for (const r of rows) {
      const [i, s, c, d] = [ITEMS.indexOf(r.item_id), SITES.indexOf(r.site_id), SOURCES.indexOf(r.source), FC_DAYS.indexOf(r.date)];
      assert.ok(i >= 0 && s >= 0 && c >= 0 && d >= 0, `unknown key ${JSON.stringify(r)}`);
      seen.add(`${i}/${s}/${c}/${d}`);
      assert.equal(Number(r.forecast), forecast(i, s, c, d), JSON.stringify(r));
      // Actuals up to as_of (DAYS[2]) are the item's consumption at the site; after it unknown.
      assert.equal(r.actual === null ? null : Number(r.actual), d <= 2 ? i + 1 : null, JSON.stringify(r));
      assert.equal(r.model_version, `v-${SOURCES[c]}`);
    }
    assert.equal(seen.size, rows.length, 'a key written twice');
  });

  it('orders each fact file by (item_id, site_id, date, source) in text order', async () => {
    const m = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    const recs = readFileSync(join(gold, m.tables.fact_forecast.index.path), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    for (const r of recs.filter((x: { rows: number }) => x.rows > 0)) {
      const got = await query<{ item_id: string; site_id: string; date: string; source: string }>(
        `SELECT item_id, site_id, CAST(date AS VARCHAR) AS date, source FROM read_parquet('${join(gold, r.path)}', file_row_number = true) ORDER BY file_row_number`,
      );
      const want = [...got].sort((a, b) => cmp(a.item_id, b.item_id) || cmp(a.site_id, b.site_id) || cmp(a.date, b.date) || cmp(a.source, b.source));
      assert.deepEqual(got, want, r.path);
    }
  });

  it('keeps the ids apart in the aggregates: agg_item has each (item, site) once, its source with that source\'s model', async () => {
    const m = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    const paths = readFileSync(join(gold, m.tables.agg_item.index.path), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
      .filter((r: { rows: number }) => r.rows > 0).map((r: { path: string }) => `'${join(gold, r.path)}'`);
    const rows = await query<{ item_id: string; site_id: string; source: string; model_version: string; on_hand: number }>(
      `SELECT item_id, site_id, source, model_version, on_hand FROM read_parquet([${paths.join(', ')}])`,
    );
    const key = (i: string, s: string) => `${i}\u0000${s}`;
    assert.deepEqual(rows.map((r) => key(r.item_id, r.site_id)).sort(), ITEMS.flatMap((i) => SITES.map((s) => key(i, s))).sort());
    for (const r of rows) {
      assert.ok(SOURCES.includes(r.source), JSON.stringify(r));
      assert.equal(r.model_version, `v-${r.source}`, JSON.stringify(r));
      // The stock count (50 on hand) was given at the first site only.
      assert.equal(Number(r.on_hand), r.site_id === SITES[0] ? 50 : 0, JSON.stringify(r));
    }
  });
});
