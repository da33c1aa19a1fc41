// nova-gold/1.4: agg_item carries the item's label (name, unit), copies of dim_item's. Built by the
// real CLI from a raw folder with hostile names (accents, quotes, a bidi override and a zero-width
// space, an empty unit cell) and an item without forecasts; checked with DuckDB SQL written from
// docs/contract.md (never with the SDK's code), and read through the SDK over real HTTP: the label
// of an item with agg_item rows comes without any dim_item request, in the request its chart's
// timeseries() makes anyway; the item without forecasts and 1.3 gold still get dim_item's label.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CONTRACT, indexRecordText } from '@nova-corrente/core/contract';
import { createClient } from '@nova-corrente/core/node';
// @ts-expect-error -- plain ESM helper without types
import { startStaticServer } from '../../../scripts/static-server.mjs';
import { query, runCli, tempDir } from './helpers.js';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const NO_FORECASTS = 'MAT-SEMPREV';
/** Names a planner's ERP may well hold, and worse. */
const NAMES = [
  'CONECTOR N FÊMEA "PAINEL" D\'ÁGUA — Ø12MM',
  '\u202Eexe.live Para\u200Bfuso',
  'LUVA; "ISOLANTE" 1.000V',
];

let raw: string;
let gold: string;
let server: { url: string; close(): Promise<void> };

/** dim_item's (item_id, name, unit) by DuckDB over the snapshot's file (contract: dim_item.parquet). */
async function dimLabels(root: string): Promise<{ item_id: string; name: string; unit: string }[]> {
  const m = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  return query(`SELECT item_id, name, unit FROM read_parquet('${join(root, m.tables.dim_item.path)}') ORDER BY item_id`);
}

/** A client over HTTP whose every request URL is recorded. */
async function recordingClient(root: string, prefix: string): Promise<{ nova: Awaited<ReturnType<typeof createClient>>; urls: string[] }> {
  const urls: string[] = [];
  const nova = await createClient({
    url: `${server.url}/${prefix}/`,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    },
  });
  void root;
  return { nova, urls };
}

/** Rewrites a copied nova-gold/1.4 gold in place as 1.3 gold: agg_item files without the label, index and manifest to match. */
async function toV13(dir: string): Promise<void> {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  m.contract = 'nova-gold/1.3';
  const t = m.tables.agg_item;
  const records: string[] = [];
  let bytes = 0;
  const text = readFileSync(join(dir, t.index.path), 'utf8');
  for (let i = 0; i < text.length; i += t.index.record_bytes) {
    const r = JSON.parse(text.slice(i, i + t.index.record_bytes));
    const abs = join(dir, r.path);
    await query(`COPY (SELECT * EXCLUDE (name, unit) FROM read_parquet('${abs}')) TO '${abs}.old' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)`);
    renameSync(`${abs}.old`, abs);
    Object.assign(r, { bytes: statSync(abs).size, sha256: sha(abs) });
    bytes += r.bytes;
    records.push(indexRecordText(r));
  }
  writeFileSync(join(dir, t.index.path), records.join(''));
  Object.assign(t.index, { bytes: statSync(join(dir, t.index.path)).size, sha256: sha(join(dir, t.index.path)) });
  t.bytes = bytes;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
}

describe('nova-gold/1.4: the item label in agg_item', () => {
  before(async () => {
    const base = tempDir('nova-label-');
    const demo = await runCli(['demo', '--out', base, '--items', '8', '--days', '120', '--seed', '7', '--as-of', '2026-06-30', '--quiet']);
    assert.equal(demo.code, 0, demo.stderr);
    raw = join(base, 'raw');
    // The demo writes Windows-1252; rewritten as UTF-8 (the bidi name is not representable in it).
    const lines = readFileSync(join(raw, 'items.csv'), 'latin1').trim().split(/\r?\n/);
    const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;
    NAMES.forEach((name, i) => {
      const cells = lines[i + 1].split(';');
      cells[2] = csv(name);
      lines[i + 1] = cells.join(';');
    });
    const fourth = lines[4].split(';');
    fourth[4] = '""'; // an empty unit
    lines[4] = fourth.join(';');
    lines.push(`${NO_FORECASTS};SKU-0;${csv("ITEM SEM PREVISÃO 'NOVO'")};EPI;PÇ;1,00;BRL;5;1;C`);
    writeFileSync(join(raw, 'items.csv'), `${lines.join('\n')}\n`, 'utf8');
    gold = join(base, 'gold');
    const b = await runCli(['build', '--input', raw, '--out', gold, '--quiet']);
    assert.equal(b.code, 0, b.stdout + b.stderr);
    const v13 = join(base, 'gold13');
    cpSync(gold, v13, { recursive: true });
    await toV13(v13);
    server = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: gold }, { prefix: '/gold13/', dir: v13 }] });
  });
  after(async () => server?.close());

  it('validate accepts the build (1.4 and later); agg_item holds dim_item\'s label right after source, on every row', async () => {
    const v = await runCli(['validate', gold]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, new RegExp(`conform to ${CONTRACT.replaceAll('.', '\\.')}\\b`));
    const m = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    const agg = `read_parquet('${join(gold, m.tables.agg_item.path, '*.parquet')}')`;
    const cols = (await query<{ column_name: string }>(`DESCRIBE SELECT * FROM ${agg}`)).map((c) => c.column_name);
    assert.deepEqual(cols.slice(0, 5), ['item_id', 'site_id', 'source', 'name', 'unit']);
    const dim = `read_parquet('${join(gold, m.tables.dim_item.path)}')`;
    const [{ rows, same }] = await query<{ rows: number; same: number }>(
      `SELECT count(*)::INTEGER AS rows, count(*) FILTER (WHERE a.name = d.name AND a.unit = d.unit)::INTEGER AS same FROM ${agg} a JOIN ${dim} d USING (item_id)`);
    assert.ok(rows >= 8, `agg_item has ${rows} rows`);
    assert.equal(same, rows, 'every agg_item row carries its item\'s dim_item name and unit');
    const labels = await dimLabels(gold);
    for (const name of NAMES) assert.ok(labels.some((l) => l.name === name), `dim_item keeps ${JSON.stringify(name)}`);
    // An empty unit in items.csv is replaced by its default (quality.json "defaulted"): the label
    // copies dim_item's whatever it is; an engine's empty unit is sealed in seal.test.ts.
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${agg} WHERE item_id = ?`, [NO_FORECASTS]);
    assert.equal(n, 0, 'the item without forecasts has no agg_item row');
  });

  it('items({ ids, fields: [name, unit] }) answers dim_item\'s label without reading dim_item; the item without forecasts from dim_item', async () => {
    const want = await dimLabels(gold);
    const { nova, urls } = await recordingClient(gold, 'gold');
    try {
      for (const w of want.filter((l) => l.item_id !== NO_FORECASTS)) {
        const { items } = await nova.items({ ids: [w.item_id], fields: ['name', 'unit'] });
        assert.deepEqual(items, [w]);
      }
      assert.equal(urls.filter((u) => u.includes('dim_item')).length, 0, `no dim_item request: ${urls.join(' ')}`);
      const { items } = await nova.items({ ids: [NO_FORECASTS, want[0].item_id, 'MAT-NAO-EXISTE'], fields: ['name', 'unit'] });
      assert.deepEqual(items, [want[0], want.find((l) => l.item_id === NO_FORECASTS)], 'both, sorted by id; the unknown id left out');
      assert.ok(urls.some((u) => u.includes('dim_item')), 'the item without forecasts is read from dim_item');
      const one = await nova.items({ ids: [want[1].item_id], fields: ['unit'] });
      assert.deepEqual(one.items, [{ item_id: want[1].item_id, unit: want[1].unit }], 'only the asked field');
    } finally {
      await nova.close();
    }
  });

  it('a chart\'s timeseries() and its title\'s items() read agg_item once between them', async () => {
    const [w] = (await dimLabels(gold)).filter((l) => NAMES.includes(l.name));
    const aggRequests = async (title: boolean) => {
      const { nova, urls } = await recordingClient(gold, 'gold');
      try {
        const [ts, label] = await Promise.all([
          nova.timeseries({ itemId: w.item_id }),
          title ? nova.items({ ids: [w.item_id], fields: ['name', 'unit'] }) : Promise.resolve(null),
        ]);
        assert.ok(ts.points.length > 0);
        if (label) assert.deepEqual(label.items, [w]);
        return { agg: urls.filter((u) => u.includes('/agg_item/')).length, all: urls.length };
      } finally {
        await nova.close();
      }
    };
    const alone = await aggRequests(false);
    const both = await aggRequests(true);
    assert.deepEqual(both, alone, 'the title adds no request at all');
  });

  it('1.3 gold (no label in agg_item) validates and gives the same labels, from dim_item', async () => {
    const v = await runCli(['validate', join(gold, '..', 'gold13')]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /conform to nova-gold\/1\.3\b/);
    const want = await dimLabels(gold);
    const { nova, urls } = await recordingClient(gold, 'gold13');
    try {
      assert.equal(nova.manifest.contract, 'nova-gold/1.3');
      for (const w of want) assert.deepEqual((await nova.items({ ids: [w.item_id], fields: ['name', 'unit'] })).items, [w]);
      assert.ok(urls.some((u) => u.includes('dim_item')), 'read from dim_item');
    } finally {
      await nova.close();
    }
  });

  it('validate refuses 1.4 gold whose agg_item label differs from dim_item, naming item, site and values', async () => {
    const dir = join(tempDir('nova-label-bad-'), 'gold');
    cpSync(gold, dir, { recursive: true });
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    // dim_item renamed for one item (its manifest entry updated, so only the label rule can object).
    const [first] = await dimLabels(dir);
    const f = m.tables.dim_item.files[0];
    const abs = join(dir, f.path);
    await query(`COPY (SELECT * REPLACE (CASE WHEN item_id = ? THEN name || ' (novo)' ELSE name END AS name) FROM read_parquet('${abs}') ORDER BY item_id) TO '${abs}.new' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)`, [first.item_id]);
    renameSync(`${abs}.new`, abs);
    Object.assign(f, { bytes: statSync(abs).size, sha256: sha(abs) });
    Object.assign(m.tables.dim_item, { bytes: f.bytes, sha256: f.sha256 });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const v = await runCli(['validate', dir]);
    assert.equal(v.code, 1, v.stdout + v.stderr);
    assert.match(v.stdout + v.stderr, new RegExp(`label \\(name, unit\\).*item "${first.item_id}" at site "[^"]+": name is ".*" where dim_item says ".*\\(novo\\)"`));
    assert.equal(readdirSync(dir).includes('manifest.json'), true);
  });
});
