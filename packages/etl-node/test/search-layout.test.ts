// nova-gold/1.3 item search at catalogue scale (contract search-index.ts, docs/contract.md "Item
// search"): gold written by plain DuckDB SQL with a 1,500-item catalogue, hostile names included,
// sealed with the real CLI; the token-range files and their index checked against DuckDB; searches
// over HTTP with Range checked against an oracle written in DuckDB SQL from docs/contract.md, or by
// hand; a missing token file named; 1.2 gold (one search_item file) still read.
import { strict as assert } from 'node:assert';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createClient } from '@nova-corrente/core/node';
import { query, runCli, tempDir } from './helpers.js';
import { writeOutsideGold } from './support/outside-engine.mjs';
import { startStaticServer } from '../../../scripts/static-server.mjs';

let gold: string;
let manifest: any;

/**
 * Items whose folding needs more than DuckDB's lower/strip_accents (NFKC, invisible characters):
 * id, SKU, name, and the three folded by hand from docs/contract.md's definition for the oracle.
 */
const HOSTILE = [
  ['H-ACAO', 'SKU-ÇÃO', 'Ação Ótima Çedilha', 'h-acao', 'sku-cao', 'acao otima cedilha'],
  ['H-FULL', 'SKU-FW', 'ＰＡＲＡＦＵＳＯ ＦＵＬＬＷＩＤＴＨ', 'h-full', 'sku-fw', 'parafuso fullwidth'],
  ['H-ZW', 'SKU-ZW', 'PARA\u200BFUSO ZEROWIDTH', 'h-zw', 'sku-zw', 'parafuso zerowidth'],
  ["H-X'; DROP TABLE dim_item; --", "SKU-'OR'1'='1", "'; DROP TABLE x; -- ../../etc/passwd %_\\", "h-x'; drop table dim_item; --", "sku-'or'1'='1", "'; drop table x; -- ../../etc/passwd %_\\"],
  ['H-CJK', 'SKU-CJK', '日本 ケーブル 🔌', 'h-cjk', 'sku-cjk', '日本 ケーブル 🔌'],
  ['H-TR', 'SKU-TR', 'İSTANBUL ISTAKOZ', 'h-tr', 'sku-tr', 'istanbul istakoz'],
  ['H-LONG', 'SKU-LONG', `${'X'.repeat(150)} LONGWORD`, 'h-long', 'sku-long', `${'x'.repeat(150)} longword`],
];
const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The catalogue: the outside gold's 24 items (agg_item refers to them), 1,500 generated ones, the hostile ones. */
async function writeCatalogue(dir: string) {
  const file = join(dir, 'dim_item.parquet');
  const hostile = HOSTILE.map(([id, sku, name], i) => `(${[id, sku, name].map(sqlText).join(', ')}, ${i})`).join(', ');
  await query(`COPY (
    SELECT item_id, sku, name, category, 'UN' AS unit, (1.5 * i)::DOUBLE AS unit_cost, 'BRL' AS currency, (5 + i % 60)::INTEGER AS lead_time_days, 1::DOUBLE AS min_order_qty,
      CASE WHEN i % 3 = 0 THEN 'A' WHEN i % 3 = 1 THEN 'B' ELSE 'C' END AS criticality
    FROM (
      SELECT 'EXT-' || lpad(i::VARCHAR, 4, '0') AS item_id, 'SKU-' || i AS sku, 'PARAFUSO EXTERNO ' || i AS name, 'FERRO E AÇO' AS category, i FROM range(1, 25) r(i)
      UNION ALL
      SELECT 'GEN-' || lpad(i::VARCHAR, 5, '0'), 'GS-' || (i * 7919 % 100000), ['CABO FLEXÍVEL', 'CONECTOR N MACHO', 'PARAFUSO SEXTAVADO', 'ABRAÇADEIRA NYLON', 'LUVA ISOLANTE'][1 + i % 5] || ' ' || (i % 13) || 'MM TIPO ' || chr((65 + i % 26)::INTEGER),
        ['MATERIAL ELÉTRICO', 'CONECTORES', 'FERRO E AÇO', 'ESTRUTURAS', 'EPI'][1 + i % 5], i FROM range(1, 1501) r(i)
      UNION ALL
      SELECT h.item_id, h.sku, h.name, 'EPI', 1000 + h.i FROM (VALUES ${hostile}) h(item_id, sku, name, i)
    ) ORDER BY item_id) TO '${file}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`);
}

/**
 * The oracle, from docs/contract.md "Item search" in DuckDB SQL: an item's tokens are the words (runs
 * of letters and digits) of its folded id, SKU and name plus its whole folded id and SKU; it is found
 * when a token starts with one of the keys and its folded id, SKU or name contains the folded search.
 * Folding here is lower + strip_accents (enough for the generated items); the hostile items come folded by hand.
 */
async function oracle(keys: string[], needle: string): Promise<string[]> {
  const dim = join(gold, manifest.tables.dim_item.files[0].path);
  const byHand = HOSTILE.map(([id, , , fid, fsku, fname]) => `(${[id, fid, fsku, fname].map(sqlText).join(', ')})`).join(', ');
  const rows = await query<{ item_id: string }>(
    `WITH f AS (SELECT item_id, strip_accents(lower(item_id)) AS fid, strip_accents(lower(sku)) AS fsku, strip_accents(lower(name)) AS fname
                FROM read_parquet('${dim}') WHERE item_id NOT LIKE 'H-%'
                UNION ALL SELECT * FROM (VALUES ${byHand}) h(item_id, fid, fsku, fname)),
          t AS (SELECT item_id, unnest(list_concat(regexp_split_to_array(fid, '[^\\p{L}\\p{N}]+'), regexp_split_to_array(fsku, '[^\\p{L}\\p{N}]+'),
                  regexp_split_to_array(fname, '[^\\p{L}\\p{N}]+'), [fid, fsku])) AS token FROM f)
     SELECT DISTINCT item_id FROM t JOIN f USING (item_id)
     WHERE token <> '' AND list_bool_or(list_transform(json_extract_string(?::JSON, '$[*]'), k -> starts_with(token, k)))
       AND contains(fid || chr(0) || fsku || chr(0) || fname, ?)
     ORDER BY item_id`,
    [JSON.stringify(keys), needle],
  );
  return rows.map((r) => r.item_id);
}

/** A client over HTTP with Range (a local static server), and the requests it made. */
async function overHttp<T>(root: string, fn: (nova: Awaited<ReturnType<typeof createClient>>, seen: string[]) => Promise<T>): Promise<T> {
  const seen: string[] = [];
  const server = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: root }], onRequest: (e: { url: string }) => seen.push(e.url) });
  const nova = await createClient({ url: `${server.url}/gold/` });
  try {
    return await fn(nova, seen);
  } finally {
    await nova.close();
    await server.close();
  }
}

describe('nova-gold/1.3 search index', () => {
  before(async () => {
    const input = join(tempDir('nova-search-in-'), 'in');
    await writeOutsideGold(input);
    await writeCatalogue(input);
    gold = join(tempDir('nova-search-gold-'), 'gold');
    const r = await runCli(['seal', input, '--out', gold]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
  });

  it('is written as token-range files with a fixed-record index that validate accepts', async () => {
    const v = await runCli(['validate', gold]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /conform to nova-gold\/1\.5\b/); // the 1.3 search layout, written by the current (1.5) writer
    const t = manifest.tables.search_item;
    assert.deepEqual(t.placement, { column: 'token', split: 'token-range', buckets: t.placement.buckets });
    assert.ok(t.placement.buckets >= 2, `${t.placement.buckets} files`);
    const text = readFileSync(join(gold, t.index.path), 'latin1');
    assert.equal(text.length, t.placement.buckets * 512);
    let rows = 0;
    let prevLast = '';
    for (let b = 0; b < t.placement.buckets; b++) {
      const r = JSON.parse(text.slice(b * 512, (b + 1) * 512));
      const [got] = await query<{ n: number; lo: string; hi: string; rg: number }>(
        `SELECT count(*)::INTEGER AS n, min(token) AS lo, max(token) AS hi, (SELECT count(DISTINCT row_group_id)::INTEGER FROM parquet_metadata('${join(gold, r.path)}')) AS rg FROM read_parquet('${join(gold, r.path)}')`);
      assert.equal(r.rows, got.n);
      assert.ok(got.n <= 8192, `${r.path}: ${got.n} rows`);
      assert.equal(r.row_groups, got.rg);
      assert.equal(r.first, r.cut ? got.lo.slice(0, r.first.length) : got.lo, `${r.path} first`);
      assert.equal(r.last, r.cut ? got.hi.slice(0, r.last.length) : got.hi, `${r.path} last`);
      assert.ok(Buffer.compare(Buffer.from(prevLast), Buffer.from(got.lo)) <= 0, 'files follow each other in token order');
      prevLast = got.hi;
      rows += got.n;
    }
    assert.equal(rows, t.rows);
    // Every (token, item) of the catalogue once, with the item's whole dim_item row (DuckDB over both tables).
    const dim = join(gold, manifest.tables.dim_item.files[0].path);
    const [j] = await query<{ bad: number; items: number }>(
      `SELECT count(*) FILTER (WHERE s.name IS DISTINCT FROM d.name OR s.unit_cost IS DISTINCT FROM d.unit_cost OR s.criticality IS DISTINCT FROM d.criticality)::INTEGER AS bad,
         count(DISTINCT s.item_id)::INTEGER AS items FROM read_parquet('${join(gold, t.path)}/part-*.parquet') s JOIN read_parquet('${dim}') d USING (item_id)`);
    assert.equal(j.bad, 0);
    assert.equal(j.items, manifest.tables.dim_item.rows);
  });

  it('answers searches as the SQL oracle does: totals, pages and every field of dim_item', async () => {
    const dim = await query<Record<string, unknown>>(`SELECT * FROM read_parquet('${join(gold, manifest.tables.dim_item.files[0].path)}')`);
    const byId = new Map(dim.map((d) => [d.item_id as string, d]));
    // Keys worked out by hand from docs/contract.md (searchKeys): the search itself when it has no
    // space, and its longest word (the first of equal length) when it has several.
    const cases: [string, string[], string][] = [
      ['GEN-00123', ['gen-00123', '00123'], 'gen-00123'],
      ['gen-0012', ['gen-0012', '0012'], 'gen-0012'],
      ['Parafuso', ['parafuso'], 'parafuso'],
      ['cabo flexivel', ['flexivel'], 'cabo flexivel'],
      ['FLEXÍVEL 7MM', ['flexivel'], 'flexivel 7mm'],
      ['abraçadeira', ['abracadeira'], 'abracadeira'],
      ['tipo q', ['tipo'], 'tipo q'],
      ['gs-1', ['gs-1', 'gs'], 'gs-1'],
      ['12', ['12'], '12'],
      ['e', ['e'], 'e'],
    ];
    await overHttp(gold, async (nova) => {
      for (const [search, keys, needle] of cases) {
        const want = await oracle(keys, needle);
        const got = await nova.items({ search, limit: 20 });
        assert.equal(got.total, want.length, `${search}: total`);
        assert.deepEqual(got.items.map((i) => i.item_id), want.slice(0, 20), `${search}: page`);
        for (const it of got.items) assert.deepEqual({ ...it }, { ...byId.get(it.item_id) }, `${search}: ${it.item_id} has its dim_item row`);
        const page2 = await nova.items({ search, limit: 7, offset: 5, fields: ['name', 'category'] });
        assert.deepEqual(page2.items.map((i) => i.item_id), want.slice(5, 12), `${search}: offset page`);
        for (const it of page2.items) assert.deepEqual(it, { item_id: it.item_id, name: byId.get(it.item_id)!.name, category: byId.get(it.item_id)!.category });
      }
      const cat = await nova.items({ search: 'parafuso', category: 'FERRO E AÇO', limit: 500 });
      const want = (await oracle(['parafuso'], 'parafuso')).filter((id) => byId.get(id)!.category === 'FERRO E AÇO');
      assert.deepEqual(cat.items.map((i) => i.item_id), want, 'category filter');
    });
  });

  it('hostile names and searches: accents, NFKC, invisible characters, case, injection text, no match', async () => {
    await overHttp(gold, async (nova) => {
      const ids = async (search: string) => (await nova.items({ search, limit: 50 })).items.map((i) => i.item_id);
      assert.deepEqual(await ids('ACAO otima'), ['H-ACAO'], 'accents and case folded on both sides');
      assert.deepEqual(await ids('çedilha'), ['H-ACAO']);
      assert.deepEqual(await ids('parafuso fullwidth'), ['H-FULL'], 'full-width letters are NFKC-folded');
      assert.deepEqual(await ids('ＦＵＬＬＷＩＤＴＨ'), ['H-FULL'], 'a full-width search too');
      assert.deepEqual(await ids('parafuso zerowidth'), ['H-ZW'], 'the zero-width space inside the name is ignored');
      assert.deepEqual(await ids('para\u200Bfuso zero'), ['H-ZW'], 'and inside the search');
      assert.deepEqual(await ids('istanbul'), ['H-TR'], 'dotted capital I folds to i');
      assert.deepEqual(await ids('ケーブル'), ['H-CJK']);
      assert.deepEqual(await ids('日本'), ['H-CJK']);
      assert.deepEqual(await ids('🔌'), [], 'an emoji is not a word: nothing starts with it');
      assert.deepEqual(await ids("'; DROP TABLE x; --"), ["H-X'; DROP TABLE dim_item; --"], 'SQL in the search is text');
      assert.deepEqual(await ids("h-x'; drop"), ["H-X'; DROP TABLE dim_item; --"], 'and in the id');
      assert.deepEqual(await ids('../../etc/passwd'), ["H-X'; DROP TABLE dim_item; --"], 'a path in the search is text');
      assert.deepEqual(await ids("sku-'or'1'='1"), ["H-X'; DROP TABLE dim_item; --"]);
      assert.deepEqual(await ids('%'), [], 'no LIKE wildcards');
      assert.deepEqual(await ids('_'), []);
      assert.deepEqual(await ids('zzzz'), [], 'an empty result');
      assert.deepEqual(await nova.items({ search: 'zzzz', limit: 5 }), { items: [], total: 0 });
      assert.deepEqual(await ids(`${'x'.repeat(150)} longword`), ['H-LONG'], 'a 150-letter token');
      assert.deepEqual(await ids('x'.repeat(100)), ['H-LONG']);
      const r = await nova.sql<{ n: number }>('SELECT count(*) AS n FROM search_item');
      assert.equal(Number(r.rows[0].n), manifest.tables.search_item.rows, 'sql() reads every search file through the index');
    });
    const v = await runCli(['validate', gold]);
    assert.equal(v.code, 0, 'the gold is untouched');
  });

  it('a missing token file: the search fails naming the file; validate names it too', async () => {
    const dir = join(tempDir('nova-search-broken-'), 'gold');
    cpSync(gold, dir, { recursive: true });
    const t = manifest.tables.search_item;
    const text = readFileSync(join(dir, t.index.path), 'latin1');
    // The file that holds the generated ids "gen-…".
    const records = Array.from({ length: t.placement.buckets }, (_, b) => JSON.parse(text.slice(b * 512, (b + 1) * 512)));
    const victim = records.find((r) => r.first <= 'gen-00500' && r.last >= 'gen-00500');
    assert.ok(victim, 'a file holds gen-00500');
    rmSync(join(dir, victim.path));
    await overHttp(dir, async (nova) => {
      await assert.rejects(nova.items({ search: 'GEN-00500' }), (e: Error) => e.message.includes(victim.path) && /not found|404/.test(e.message));
      const other = records.find((r) => r.rows > 0 && (r.last < victim.first || r.first > victim.last));
      assert.ok(other, 'another file');
      assert.ok((await nova.items({ search: other.last })).total > 0, `a search in another file (${other.path}) still works`);
    });
    const v = await runCli(['validate', dir]);
    assert.equal(v.code, 1);
    assert.match(v.stdout + v.stderr, new RegExp(`${victim.path.replaceAll('.', '\\.')}: file is missing`));
  });

  it('nova-gold/1.2 gold (search_item one file of five columns) still validates and answers the same searches', async () => {
    const dir = join(tempDir('nova-search-12-'), 'gold');
    cpSync(gold, dir, { recursive: true });
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const t = m.tables.search_item;
    const single = `snapshots/${m.snapshot_id}/search_item.parquet`;
    await query(`COPY (SELECT token, item_id, sku, name, category FROM read_parquet('${join(dir, t.path)}/part-*.parquet') ORDER BY token, item_id)
      TO '${join(dir, single)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`);
    rmSync(join(dir, t.path), { recursive: true });
    const [f] = await query<{ n: number; rg: number }>(`SELECT count(*)::INTEGER AS n, (SELECT count(DISTINCT row_group_id)::INTEGER FROM parquet_metadata('${join(dir, single)}')) AS rg FROM read_parquet('${join(dir, single)}')`);
    const bytes = readFileSync(join(dir, single));
    const sha256 = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    const file = { path: single, rows: f.n, bytes: bytes.byteLength, sha256, row_groups: f.rg };
    m.tables.search_item = { path: single, rows: f.n, bytes: bytes.byteLength, sha256, files: [file] };
    m.contract = 'nova-gold/1.2';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const v = await runCli(['validate', dir]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /conform to nova-gold\/1\.2\b/);
    await overHttp(dir, async (nova) => {
      assert.equal(nova.manifest.contract, 'nova-gold/1.2');
      for (const [search, keys, needle] of [['GEN-00123', ['gen-00123', '00123'], 'gen-00123'], ['cabo flexivel', ['flexivel'], 'cabo flexivel']] as const) {
        const want = await oracle([...keys], needle);
        const got = await nova.items({ search, limit: 20 });
        assert.equal(got.total, want.length);
        assert.deepEqual(got.items.map((i) => i.item_id), want.slice(0, 20));
        assert.equal(typeof got.items[0].lead_time_days, 'number', 'the page comes from dim_item');
      }
      assert.deepEqual((await nova.items({ search: 'ACAO otima', fields: ['name'] })).items.map((i) => i.item_id), ['H-ACAO']);
    });
  });
});
