// modelAccuracy() against an oracle written from docs/contract.md ("Figures") and docs/inventory.md
// (error window: the last ⌈90 / P⌉ periods up to as_of; daily gold: 90 days), computed by native
// DuckDB straight from fact_forecast, agg_item and dim_item of the shared test gold: per source and
// for the plan (each item-site's selected source), overall and per category — scored cells only,
// WAPE = Σ|f − a| / Σa, MAPE over a > 0, bias = (Σf − Σa) / Σa.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createClient } from '../src/node/index.js';
import type { NovaClient } from '../src/types.js';

const gold = process.env.NOVA_TEST_GOLD ?? join(import.meta.dirname, '../../../.nova/test-demo/gold');
const manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8')) as { as_of: string; grain: string; tables: Record<string, { path: string; files?: { path: string }[] }> };
let conn: DuckDBConnection;
let nova: NovaClient;

// Single-file tables list their file; 1.2 split tables are a folder of part files (docs/contract.md).
const files = (t: string) => {
  const e = manifest.tables[t];
  return e.files ? `[${e.files.map((f) => `'${join(gold, f.path)}'`).join(', ')}]` : `'${join(gold, e.path, 'part-*.parquet')}'`;
};
const close = (a: number | null, b: number | null, what: string) => {
  if (a === null || b === null) return assert.equal(a, b, what);
  assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
};

before(async () => {
  assert.equal(manifest.grain, 'day', 'the oracle below is written for daily gold');
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  nova = await createClient({ url: gold });
});
after(async () => {
  conn?.closeSync();
  await nova?.close();
});

/** Oracle rows per source (and 'plan'), optionally for one category. */
async function oracle(category?: string) {
  const where = category === undefined ? '' : `AND d.category = '${category.replaceAll("'", "''")}'`;
  const sql = `
    WITH cells AS (
      SELECT f.item_id, f.site_id, f.date, f.source, f.forecast AS f, f.actual AS a
      FROM read_parquet(${files('fact_forecast')}) f JOIN read_parquet(${files('dim_item')}) d USING (item_id)
      WHERE f.actual IS NOT NULL AND f.forecast IS NOT NULL
        AND f.date BETWEEN DATE '${manifest.as_of}' - INTERVAL 89 DAY AND DATE '${manifest.as_of}' ${where}
    ),
    plan AS (
      SELECT c.item_id, c.site_id, c.date, 'plan' AS source, c.f, c.a FROM cells c
      JOIN read_parquet(${files('agg_item')}) i ON i.item_id = c.item_id AND i.site_id = c.site_id AND i.source = c.source
    ),
    scored AS (SELECT * FROM cells UNION ALL SELECT * FROM plan)
    SELECT source, count(DISTINCT (item_id, site_id))::INTEGER AS item_sites,
      sum(abs(f - a)) / nullif(sum(a), 0) AS wape,
      sum(CASE WHEN a > 0 THEN abs(f - a) / a END) / nullif(count(*) FILTER (WHERE a > 0), 0) AS mape,
      (sum(f) - sum(a)) / nullif(sum(a), 0) AS bias
    FROM scored GROUP BY source ORDER BY source`;
  const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS() as { source: string; item_sites: number; wape: number | null; mape: number | null; bias: number | null }[];
  const sel = (await conn.runAndReadAll(`SELECT i.source, count(*)::INTEGER AS n FROM read_parquet(${files('agg_item')}) i
    JOIN read_parquet(${files('dim_item')}) d USING (item_id) WHERE true ${where} GROUP BY i.source`)).getRowObjectsJS() as { source: string; n: number }[];
  return { rows, selected: new Map(sel.map((r) => [r.source, r.n])) };
}

function check(got: { source: string; itemSites: number; selected: number; wape: number | null; mape: number | null; bias: number | null }[], want: Awaited<ReturnType<typeof oracle>>, scope: string) {
  for (const s of got) {
    const o = want.rows.find((r) => r.source === s.source);
    assert.ok(o, `${scope} ${s.source} has scored cells in the oracle`);
    assert.equal(s.itemSites, o.item_sites, `${scope} ${s.source} item-sites`);
    close(s.wape, o.wape, `${scope} ${s.source} WAPE`);
    close(s.mape, o.mape, `${scope} ${s.source} MAPE`);
    close(s.bias, o.bias, `${scope} ${s.source} bias`);
    if (s.source !== 'plan') assert.equal(s.selected, want.selected.get(s.source) ?? 0, `${scope} ${s.source} selected`);
  }
}

test('modelAccuracy(): the 90-day window ends at as_of; each source and the plan match the oracle', async () => {
  const r = await nova.modelAccuracy();
  const asOf = new Date(`${manifest.as_of}T00:00:00Z`);
  assert.equal(r.windowEnd, manifest.as_of);
  assert.equal(r.windowStart, new Date(asOf.getTime() - 89 * 86_400_000).toISOString().slice(0, 10));
  assert.equal(r.plan.source, 'plan');
  assert.equal(r.plan.meta, null);
  assert.deepEqual(r.sources.map((s) => s.source), ['croston_sba', 'ensemble'], 'manifest order');
  for (const s of r.sources) assert.equal(s.meta?.source, s.source, 'each source carries its provenance');
  const want = await oracle();
  check([r.plan, ...r.sources], want, 'all');
  // Every item-site is selected for exactly one source: the selections add up to the item-sites.
  assert.equal(r.sources.reduce((n, s) => n + s.selected, 0), [...want.selected.values()].reduce((a, b) => a + b, 0));
  // Sources differ in accuracy (the demo makes them so), and the plan is a blend of them.
  assert.notEqual(r.sources[0].wape, r.sources[1].wape);
});

test('modelAccuracy(): per category and with a category filter, the same oracle over that category', async () => {
  const r = await nova.modelAccuracy();
  assert.ok(r.byCategory.length >= 2, `${r.byCategory.length} categories`);
  const cats = r.byCategory.map((c) => c.category);
  assert.deepEqual(cats, [...cats].sort(), 'categories sorted');
  for (const c of r.byCategory.slice(0, 3)) {
    const want = await oracle(c.category);
    check([c.plan, ...c.sources], want, c.category);
    const one = await nova.modelAccuracy({ category: c.category });
    assert.deepEqual(one.byCategory.map((x) => x.category), [c.category]);
    close(one.plan.wape, c.plan.wape, `${c.category} filtered = its byCategory entry`);
  }
  const none = await nova.modelAccuracy({ category: 'NO SUCH CATEGORY' });
  assert.deepEqual(none.byCategory, []);
  assert.equal(none.plan.itemSites, 0);
  assert.equal(none.plan.wape, null, 'no scored cells: WAPE is null, not 0');
  await assert.rejects(nova.modelAccuracy({ category: 42 as unknown as string }), (e: Error & { code?: string }) => e.code === 'invalid_argument');
});
