// The all-sites rule (docs/contract.md, Figures, "All sites"; nova-gold/1.5): an item with a
// forecast without a site (site `default`) counts across all sites by those rows alone, never also
// by its per-site rows. Gold built by the real CLI, read by the SDK over real HTTP (Range requests).
//
// Fixture (raw-fixture.ts, sites SSA and REC): I<k> consumes k a day at each site 2026-03-01..10
// (as_of 2026-03-10), counts 100k at SSA and 100k + 1 at REC on 03-10; source `ens` forecasts k a
// day at each site 03-01..20. Added here: source `nat`, without a site, forecasts 3k a day (bounds
// 3k ± 1) for I1–I5 over the same 20 days. So I1–I5 have both a national and per-site forecasts.
// The plan: `nat` at site default (its only source), `ens` at SSA and REC.
//
// Hand figures (Σk over 1..40 = 820, over 1..5 = 15, over 6..40 = 805):
// - a day's demand over all sites, each unit once: Σ 2k = 1,640; ten days: 16,400;
// - a day's plan forecast over all sites: I1–I5 by `nat` (3k) + I6–I40 by `ens` at both sites
//   (2k): 45 + 1,610 = 1,655 (summing every site's rows would give 1,685);
// - its absolute error on a day with actuals: I1–I5 |3k − 2k| = 15; the others 0;
// - agg_item.forecast_next_30d = 30 × the mean daily plan forecast after as_of (docs/inventory.md):
//   90k at default for I1–I5, 30k at each site for I6–I40: 1,350 + 48,300 = 49,650 (summing every
//   row would add 60k × 15 = 900 more).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CONTRACT } from '@nova-corrente/core/contract';
import { createClient } from '@nova-corrente/core/node';
// @ts-expect-error -- plain ESM helper without types
import { startStaticServer } from '../../../scripts/static-server.mjs';
import { query, runCli, tableFiles, tempDir } from './helpers.ts';
import { writeRaw } from './raw-fixture.ts';

const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}`;

/**
 * The fixture's raw folder: `ens` per site (`perSite`) or without a site, and the national source
 * `nat` for I1–I5 when `national` is true.
 */
function raw(dir: string, national: boolean, perSite: boolean): string {
  const r = join(dir, 'raw');
  writeRaw(r, { sites: ['SSA', 'REC'], forecastSites: perSite ? ['SSA', 'REC'] : undefined });
  if (national) {
    const nat = ['item_id,date,forecast,forecast_lo,forecast_hi'];
    for (let d = 1; d <= 20; d++) for (let k = 1; k <= 5; k++) nat.push(`I${k},${day(d)},${3 * k},${3 * k - 1},${3 * k + 1}`);
    writeFileSync(join(r, 'forecasts', 'nat.csv'), `${nat.join('\n')}\n`);
    writeFileSync(join(r, 'forecasts', 'nat.meta.json'), JSON.stringify({ source: 'nat', model_version: 'nat-1', generated_at: '2026-03-10T06:00:00Z', dataset_id: 'ds-1' }));
  }
  return r;
}

async function build(dir: string, rawDir: string) {
  const gold = join(dir, 'gold');
  const r = await runCli(['build', '--input', rawDir, '--out', gold, '--quiet', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout).manifest;
  const files = (t: string) => `[${tableFiles(gold, m, t).map((f: { path: string }) => `'${join(gold, f.path)}'`).join(', ')}]`;
  return { gold, m, files };
}

let server: { url: string; close(): Promise<void> };
let mixed: Awaited<ReturnType<typeof build>>;
let national: Awaited<ReturnType<typeof build>>;
let perSite: Awaited<ReturnType<typeof build>>;

before(async () => {
  const base = tempDir();
  for (const d of ['mixed', 'national', 'per-site']) mkdirSync(join(base, d));
  [mixed, national, perSite] = await Promise.all([
    build(join(base, 'mixed'), raw(join(base, 'mixed'), true, true)),
    build(join(base, 'national'), raw(join(base, 'national'), false, false)),
    build(join(base, 'per-site'), raw(join(base, 'per-site'), false, true)),
  ]);
  server = await startStaticServer({ mounts: [{ prefix: '/mixed/', dir: mixed.gold }, { prefix: '/national/', dir: national.gold }] });
});
after(async () => {
  await server?.close();
});

describe('gold: the all-sites rows and totals of an item with a national and per-site forecasts', () => {
  it('declares the current contract and passes validate', async () => {
    assert.equal(mixed.m.contract, CONTRACT);
    assert.equal(CONTRACT, 'nova-gold/1.5');
    const v = await runCli(['validate', mixed.gold, '--json']);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });

  it('validate reports 1.5 gold whose agg_daily lacks the all-sites rows an item needs, naming the item', async () => {
    // A copy of the mixed gold whose agg_daily lost its all-sites rows (what an engine that does
    // not know the rule writes), with the manifest's size, hash and rows made to match.
    const dir = join(tempDir(), 'gold');
    cpSync(mixed.gold, dir, { recursive: true });
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const t = m.tables.agg_daily;
    const file = join(dir, t.path);
    await query(`COPY (SELECT * FROM read_parquet('${file}') WHERE site_id <> '' ORDER BY site_id, source, date) TO '${file}.new' (FORMAT parquet)`);
    renameSync(`${file}.new`, file);
    const bytes = readFileSync(file);
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${file}')`);
    const entry = { rows: n, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    Object.assign(t, entry);
    Object.assign(t.files[0], entry, { row_groups: 1 });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const v = await runCli(['validate', dir]);
    assert.equal(v.code, 1, v.stdout + v.stderr);
    assert.match(v.stdout + v.stderr, /agg_daily has no all-sites rows \(site_id ''\), but item "I1" has forecasts both without a site \(site default\) and per site/);
  });

  it("agg_daily's all-sites rows count each item once: the national forecast for I1–I5, the per-site ones for the others", async () => {
    const rows = await query<{ source: string; date: string; forecast: number; actual: number | null; abs_error: number | null; scored_actual: number | null }>(
      `SELECT source, CAST(date AS VARCHAR) AS date, forecast, actual, abs_error, scored_actual FROM read_parquet(${mixed.files('agg_daily')})
       WHERE site_id = '' AND date IN (DATE '2026-03-05', DATE '2026-03-15') ORDER BY source, date`,
    );
    assert.deepEqual(rows, [
      // ens forecasts only per site: all of its rows count (k at each site).
      { source: 'ens', date: day(5), forecast: 1640, actual: 1640, abs_error: 0, scored_actual: 1640 },
      { source: 'ens', date: day(15), forecast: 1640, actual: null, abs_error: null, scored_actual: null },
      { source: 'nat', date: day(5), forecast: 45, actual: 30, abs_error: 15, scored_actual: 30 },
      { source: 'nat', date: day(15), forecast: 45, actual: null, abs_error: null, scored_actual: null },
      { source: 'plan', date: day(5), forecast: 1655, actual: 1640, abs_error: 15, scored_actual: 1640 },
      { source: 'plan', date: day(15), forecast: 1655, actual: null, abs_error: null, scored_actual: null },
    ]);
    // The per-site rows are as before: SSA's plan is ens, k a day.
    const [ssa] = await query<{ forecast: number; actual: number }>(
      `SELECT forecast, actual FROM read_parquet(${mixed.files('agg_daily')}) WHERE site_id = 'SSA' AND source = 'plan' AND date = DATE '2026-03-05'`,
    );
    assert.deepEqual(ssa, { forecast: 820, actual: 820 });
  });

  it("agg_totals' all-sites row sums the rows the rule keeps; the counts are unchanged", async () => {
    const [t] = await query<{ items: number; forecast_next_30d: number }>(
      `SELECT items, forecast_next_30d FROM read_parquet(${mixed.files('agg_totals')}) WHERE site_id = ''`,
    );
    assert.equal(t.items, 40);
    assert.ok(Math.abs(t.forecast_next_30d - 49650) < 1e-6, String(t.forecast_next_30d));
  });

  it("agg_accuracy's weekly all-sites plan row scores I1–I5 on the national forecast only", async () => {
    // Daily gold holds the weekly cells too. The week of Monday 2026-03-02: 7 days with actuals. Demand 7 × 1,640; I1–I5's cells
    // (item, week) are off by 7k each (7 × 15 = 105); 5 national + 35 × 2 per-site cells.
    const [w] = await query<{ actual: number; scored_actual: number; abs_error: number; item_sites: number }>(
      `SELECT actual, scored_actual, abs_error, item_sites FROM read_parquet(${mixed.files('agg_accuracy')})
       WHERE grain = 'week' AND site_id = '' AND source = 'plan' AND date = DATE '2026-03-02'`,
    );
    assert.deepEqual(w, { actual: 11480, scored_actual: 11480, abs_error: 105, item_sites: 75 });
  });

  it('with a sites file, a forecast without a site is kept (site default, a Default row in dim_site), not quarantined as unknown_site', async () => {
    const dir = tempDir();
    const r = raw(dir, true, true);
    writeFileSync(join(r, 'sites.csv'), 'site_id,name,state,region\nSSA,Salvador,BA,Nordeste\nREC,Recife,PE,Nordeste\n');
    const g = await build(dir, r);
    assert.equal(g.m.quality.rows_quarantined, 0);
    const sites = await query<{ site_id: string; name: string }>(`SELECT site_id, name FROM read_parquet(${g.files('dim_site')}) ORDER BY site_id`);
    assert.deepEqual(sites, [{ site_id: 'REC', name: 'Recife' }, { site_id: 'SSA', name: 'Salvador' }, { site_id: 'default', name: 'Default' }]);
    const [n] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet(${g.files('fact_forecast')}) WHERE source = 'nat' AND site_id = 'default'`);
    assert.equal(n.n, 100, '5 items × 20 days');
  });

  it('with a sites file, a consumption row with a blank depot is still quarantined as unknown_site (not taken for a national figure)', async () => {
    const dir = tempDir();
    const r = raw(dir, true, true);
    writeFileSync(join(r, 'sites.csv'), 'site_id,name,state,region\nSSA,Salvador,BA,Nordeste\nREC,Recife,PE,Nordeste\n');
    // consumption.csv is `date,item_id,site_id,quantity`; its 2nd line's depot blanked.
    const file = join(r, 'consumption.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1].replace(/,(SSA|REC),/, ',,');
    writeFileSync(file, lines.join('\n'));
    const gold = join(dir, 'gold');
    const b = await runCli(['build', '--input', r, '--out', gold, '--allow-partial', '--quiet', '--json']);
    assert.equal(b.code, 0, b.stderr);
    const rows = readFileSync(join(gold, JSON.parse(b.stdout).manifest.quality.quarantine_path), 'utf8').trim().split('\n').slice(1);
    assert.equal(rows.length, 1, rows.join('\n'));
    assert.match(rows[0], /^consumption\.csv,2,site_id,unknown_site,/);
  });

  it('gold without an item of both kinds has no all-sites rows in agg_daily (the sum of the sites is exact)', async () => {
    for (const g of [national, perSite]) {
      const [r] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet(${g.files('agg_daily')}) WHERE site_id = ''`);
      assert.equal(r.n, 0);
    }
  });
});

describe('SDK: what a planner reads over all sites', () => {
  const client = (prefix: string) => createClient({ url: `${server.url}/${prefix}/` });

  it('summary(): demand counted once, the plan forecast of the national rows for I1–I5', async () => {
    const nova = await client('mixed');
    try {
      const all = await nova.summary({ start: day(1), end: day(20) });
      assert.equal(all.actualTotal, 16400);
      assert.equal(all.forecastFuture, 10 * 1655);
      assert.equal(all.forecastWithActual, 10 * 1655);
      assert.ok(Math.abs(all.forecastNext30d - 49650) < 1e-6, String(all.forecastNext30d));
      assert.ok(Math.abs((all.wape ?? NaN) - 150 / 16400) < 1e-12, String(all.wape));
      const ssa = await nova.summary({ start: day(1), end: day(20), siteId: 'SSA' });
      assert.equal(ssa.actualTotal, 8200);
      // One item, from its fact rows: I3 consumes 6 a day over both sites; nat forecasts 9.
      const i3 = await nova.summary({ start: day(1), end: day(20), itemIds: ['I3'] });
      assert.deepEqual([i3.actualTotal, i3.forecastFuture, i3.forecastWithActual], [60, 90, 90]);
      assert.ok(Math.abs(i3.forecastNext30d - 270) < 1e-9, String(i3.forecastNext30d));
      // Both paths agree over the whole catalogue.
      const ids = Array.from({ length: 40 }, (_, i) => `I${i + 1}`);
      const facts = await nova.summary({ start: day(1), end: day(20), itemIds: ids });
      assert.deepEqual([facts.actualTotal, facts.forecastFuture, facts.forecastWithActual], [all.actualTotal, all.forecastFuture, all.forecastWithActual]);
      assert.ok(Math.abs(facts.forecastNext30d - all.forecastNext30d) < 1e-6);
      assert.ok(Math.abs((facts.wape ?? NaN) - (all.wape ?? NaN)) < 1e-12);
    } finally {
      await nova.close();
    }
  });

  it("timeseries(): an item's all-sites line is its national forecast, each site's own series still there", async () => {
    const nova = await client('mixed');
    try {
      const t = await nova.timeseries({ itemId: 'I3', start: day(5), end: day(5) });
      assert.deepEqual(t.points, [{ date: day(5), forecast: 9, forecast_lo: 8, forecast_hi: 10, actual: 6 }]);
      assert.deepEqual(t.sites.map((s) => [s.siteId, s.source, s.points[0]?.forecast, s.points[0]?.actual]), [['REC', 'ens', 3, 3], ['SSA', 'ens', 3, 3], ['default', 'nat', 9, 6]]);
      // One source forecasting the item only per site: summed over its sites.
      const ens = await nova.timeseries({ itemId: 'I3', source: 'ens', start: day(5), end: day(5) });
      assert.deepEqual(ens.points.map((p) => [p.forecast, p.actual]), [[6, 6]]);
    } finally {
      await nova.close();
    }
  });

  it("docs/sql.md's all-sites query, run through sql(), counts each unit of demand once", async () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/sql.md'), 'utf8');
    const q = /\*\*All sites in SQL\.\*\*[\s\S]*?```sql\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(q, 'the query in docs/sql.md');
    // Mixed gold: its all-sites rows; national-only gold (no such rows): the sum of its one site.
    for (const prefix of ['mixed', 'national']) {
      const nova = await client(prefix);
      try {
        const { rows } = await nova.sql(q);
        assert.deepEqual(rows.slice(0, 10).map((r) => Number((r as { demand: unknown }).demand)), Array(10).fill(1640), prefix);
      } finally {
        await nova.close();
      }
    }
  });

  it("inventory(): the national position is the item's stock once, with every site's counts as its series", async () => {
    for (const prefix of ['mixed', 'national']) {
      const nova = await client(prefix);
      try {
        const inv = await nova.inventory({ itemId: 'I3' });
        // 300 at SSA + 301 at REC on 2026-03-10 (summing every position would give 1,202).
        assert.equal(inv.position.on_hand, 601, prefix);
        assert.equal(inv.siteId, 'default', prefix);
        assert.deepEqual(inv.series.map((p) => [p.date, p.on_hand]), [[day(10), 601]], prefix);
        // Its projection: 601 less the plan's forecast of the first day after as_of: 9 (mixed:
        // nat) or 3 (national: the fixture's ens without a site, k a day).
        assert.equal(inv.projection[0].on_hand, prefix === 'mixed' ? 601 - 9 : 601 - 3, prefix);
      } finally {
        await nova.close();
      }
    }
  });
});
