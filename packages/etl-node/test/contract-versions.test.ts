// The contract change is additive and versioned: gold written to `nova-gold/1` (before the plan
// rollups) still validates with the real CLI and still serves every call that does not need them;
// the calls that do say so. The old gold is made the way the old writer laid it out: the same
// files without the 1.1 tables and columns, and a manifest declaring `nova-gold/1`.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TABLES } from '@nova-corrente/core/contract';
import { createClient } from '@nova-corrente/core/node';
import { demoGold, query, runCli, tempDir } from './helpers.js';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/**
 * Rewrites a copied nova-gold/1.3 gold in place as 1.1 gold, the way the 1.1 writer laid out its
 * manifest: every table lists its files (the fact files with their item range), columns and sort
 * key restated, no 1.2 tables. (The fact files stay split by hash bucket: a 1.1 reader picks files
 * by item range, so overlapping ranges only make it open more files.)
 */
async function toV11(dir: string): Promise<Record<string, any>> {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  m.contract = 'nova-gold/1.1';
  // The 1.2 tables go first (search_item is a folder of token-range files from 1.3 on).
  for (const name of ['agg_risk', 'search_item']) {
    rmSync(join(dir, m.tables[name].path), { recursive: true });
    delete m.tables[name];
  }
  for (const [name, t] of Object.entries<any>(m.tables)) {
    t.columns ??= TABLES[name as keyof typeof TABLES].columns.filter((c) => c.since === undefined || c.since === '1.1');
    t.sort_key ??= TABLES[name as keyof typeof TABLES].sortKey;
    if (!t.index) continue;
    const text = readFileSync(join(dir, t.index.path), 'utf8');
    t.files = [];
    for (let i = 0; i < text.length; i += t.index.record_bytes) {
      const { bucket: _b, ...f } = JSON.parse(text.slice(i, i + t.index.record_bytes));
      const [r] = await query<{ lo: string; hi: string }>(`SELECT min(item_id) AS lo, max(item_id) AS hi FROM read_parquet('${join(dir, f.path)}')`);
      if (r.lo !== null) t.files.push({ ...f, min_item_id: r.lo, max_item_id: r.hi });
      else rmSync(join(dir, f.path));
    }
    delete t.index;
    delete t.placement;
    rmSync(join(dir, t.path, 'index.jsonl'));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
  return m;
}

/** Copies a 1.2 gold and rewrites it as nova-gold/1 gold. */
async function downgrade(src: string): Promise<string> {
  const dir = join(tempDir('nova-gold-1-'), 'gold');
  cpSync(src, dir, { recursive: true });
  const m = await toV11(dir);
  m.contract = 'nova-gold/1';
  delete m.tables.agg_accuracy;
  delete m.tables.agg_model;
  delete m.tables.agg_totals;
  const drop: Record<string, string[]> = { agg_item: ['risk_rank', 'demand_value_30d'], agg_daily: ['scored_actual', 'forecast_with_actual'] };
  for (const [table, cols] of Object.entries(drop)) {
    const t = m.tables[table];
    const f = t.files[0];
    const abs = join(dir, f.path);
    // The old writer had no plan rows in agg_daily either.
    const where = table === 'agg_daily' ? `WHERE source <> 'plan'` : '';
    await query(`COPY (SELECT * EXCLUDE (${cols.join(', ')}) FROM read_parquet('${abs}') ${where}) TO '${abs}.old' (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(`${abs}.old`, abs);
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${abs}')`);
    Object.assign(f, { bytes: statSync(abs).size, sha256: sha(abs), rows: n });
    Object.assign(t, { bytes: f.bytes, sha256: f.sha256, rows: n, columns: t.columns.filter((c: { name: string }) => !cols.includes(c.name)) });
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
  const snap = join(dir, 'snapshots', m.snapshot_id);
  rmSync(join(snap, 'agg_accuracy.parquet'));
  rmSync(join(snap, 'agg_model.parquet'));
  rmSync(join(snap, 'agg_totals.parquet'));
  return dir;
}

test('nova-gold/1 gold: validate reads it, typed calls work, the plan figures ask for a rebuild', async () => {
  const gold = await downgrade(await demoGold());
  const v = await runCli(['validate', gold]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /conform to nova-gold\/1\b/);
  const nova = await createClient({ url: gold });
  try {
    assert.equal(nova.manifest.contract, 'nova-gold/1');
    const [top] = await nova.risk({ kind: 'stockout', limit: 1 });
    assert.ok(top, 'risk() answers');
    const ts = await nova.timeseries({ itemId: top.item_id });
    assert.ok(ts.points.length > 0, 'timeseries() answers');
    const inv = await nova.inventory({ itemId: top.item_id });
    assert.ok(inv.series.length > 0, 'inventory() answers');
    await assert.rejects(nova.summary({ start: nova.manifest.as_of, end: nova.manifest.as_of }), (e: Error & { code?: string }) =>
      e.code === 'contract_mismatch' && /nova-gold\/1\.1/.test(e.message) && /rebuild/.test(e.message));
    await assert.rejects(nova.modelAccuracy(), (e: Error & { code?: string }) => e.code === 'contract_mismatch');
  } finally {
    await nova.close();
  }
});

test('nova-gold/1.1 gold (files listed in the manifest, item ranges) still validates and serves every call', async () => {
  const dir = join(tempDir('nova-gold-11-'), 'gold');
  cpSync(await demoGold(), dir, { recursive: true });
  await toV11(dir);
  const v = await runCli(['validate', dir]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /conform to nova-gold\/1\.1\b/);
  const nova = await createClient({ url: dir });
  try {
    assert.equal(nova.manifest.contract, 'nova-gold/1.1');
    const top = await nova.risk({ kind: 'stockout', limit: 3 });
    assert.ok(top.length > 0, 'risk() answers from agg_item');
    const ts = await nova.timeseries({ itemId: top[0].item_id });
    assert.ok(ts.points.length > 0, 'timeseries() picks the file by item range');
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(dir, 'snapshots/*/fact_forecast/*.parquet')}') WHERE item_id = ?`, [top[0].item_id]);
    assert.ok(n >= ts.points.length, 'the item has rows in its files');
    const found = await nova.items({ search: top[0].item_id });
    assert.ok(found.items.some((i) => i.item_id === top[0].item_id), 'items() search over dim_item');
    const r = await nova.sql<{ n: number }>('SELECT count(*) AS n FROM fact_forecast');
    assert.equal(Number(r.rows[0].n), nova.manifest.tables.fact_forecast.rows, 'sql() reads every listed file');
  } finally {
    await nova.close();
  }
});

test('a 1.1 gold missing a 1.1 table fails validate, naming it', async () => {
  const dir = join(tempDir('nova-gold-11-'), 'gold');
  cpSync(await demoGold(), dir, { recursive: true });
  await toV11(dir);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  delete m.tables.agg_model;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  const v = await runCli(['validate', dir]);
  assert.equal(v.code, 1);
  assert.match(v.stdout + v.stderr, /tables\.agg_model is missing/);
});
