// `nova-etl seal` with a `search_item/` written by the outside engine in plain DuckDB SQL (the
// recipe of docs/scale.md, no nova-etl code): accepted when its rows are the ones docs/contract.md
// defines, in token-range files that follow each other; refused, naming the rule and the file,
// when a row is missing, files are out of order, or a run is missing.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createClient } from '@nova-corrente/core/node';
import { DuckDBInstance } from '@duckdb/node-api';
import { query, runCli, tempDir } from './helpers.js';
import { writeOutsideGold } from './support/outside-engine.mjs';

let source: string;
/** Rows per search_item file in this test (the writer uses 8,192; seal accepts up to 16,384). */
const RUN = 50;

/** docs/scale.md, "search_item": tokens of dim_item in DuckDB SQL, cut into runs of the sorted rows. */
async function writeSearch(dir: string, run = RUN): Promise<number> {
  const dim = join(dir, 'dim_item.parquet');
  mkdirSync(join(dir, 'search_item'), { recursive: true });
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(`CREATE OR REPLACE TABLE runs AS
    WITH f AS (SELECT item_id, strip_accents(lower(item_id)) AS fid, strip_accents(lower(coalesce(sku, ''))) AS fsku, strip_accents(lower(coalesce(name, ''))) AS fname FROM read_parquet('${dim}')),
    t AS (SELECT DISTINCT item_id, token FROM (SELECT item_id, unnest(list_concat(regexp_split_to_array(fid, '[^\\p{L}\\p{N}]+'), regexp_split_to_array(fsku, '[^\\p{L}\\p{N}]+'),
            regexp_split_to_array(fname, '[^\\p{L}\\p{N}]+'), [fid, fsku])) AS token FROM f) WHERE token <> '')
    SELECT ((row_number() OVER (ORDER BY t.token, t.item_id) - 1) // ${run})::INTEGER AS run, t.token, d.* FROM t JOIN read_parquet('${dim}') d USING (item_id)`);
  const n = Number((await con.runAndReadAll(`SELECT (max(run) + 1)::INTEGER AS n FROM runs`)).getRowObjectsJson()[0].n);
  for (let b = 0; b < n; b++) {
    await con.run(`COPY (SELECT * EXCLUDE (run) FROM runs WHERE run = ${b} ORDER BY token, item_id) TO '${join(dir, 'search_item', `part-${String(b).padStart(5, '0')}.parquet`)}'
      (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`);
  }
  con.closeSync();
  return n;
}

async function refused(dir: string, rule: string, file: RegExp) {
  const gold = join(tempDir('nova-seal-search-gold-'), 'gold');
  const r = await runCli(['seal', dir, '--out', gold]);
  assert.equal(r.code, 1, `exit 1 expected: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, new RegExp(`\\[rule ${rule}\\]`), r.stderr);
  assert.match(r.stderr, file, r.stderr);
  assert.ok(!existsSync(join(gold, 'manifest.json')), 'nothing published');
}

function copy(): string {
  const dir = join(tempDir('nova-seal-search-'), 'in');
  cpSync(source, dir, { recursive: true });
  return dir;
}

describe('nova-etl seal: search_item from the outside engine', () => {
  before(async () => {
    source = join(tempDir('nova-outside-search-'), 'in');
    await writeOutsideGold(source);
  });

  it('accepts the token-range files when their rows are the contract\'s; validate and search work', async () => {
    const dir = copy();
    const files = await writeSearch(dir);
    assert.ok(files >= 3, `${files} files`);
    const gold = join(tempDir('nova-seal-search-gold-'), 'gold');
    const r = await runCli(['seal', dir, '--out', gold]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const v = await runCli(['validate', gold]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const m = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    assert.equal(m.tables.search_item.placement.buckets, files, 'the engine\'s files, as it cut them');
    const nova = await createClient({ url: gold });
    try {
      assert.deepEqual((await nova.items({ search: 'externo 12' })).items.map((i) => i.item_id), ['EXT-0012']);
      const all = await nova.items({ search: 'parafuso', limit: 3 });
      assert.equal(all.total, 24);
      assert.deepEqual(all.items.map((i) => [i.item_id, i.name, i.lead_time_days]), [['EXT-0001', 'PARAFUSO EXTERNO 1', 6], ['EXT-0002', 'PARAFUSO EXTERNO 2', 7], ['EXT-0003', 'PARAFUSO EXTERNO 3', 8]]);
    } finally {
      await nova.close();
    }
  });

  it('refuses a search_item missing a token row, naming the rule', async () => {
    const dir = copy();
    await writeSearch(dir);
    const f = join(dir, 'search_item', 'part-00001.parquet');
    await query(`COPY (SELECT * FROM read_parquet('${f}') QUALIFY row_number() OVER () > 1) TO '${f}.x' (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(`${f}.x`, f);
    await refused(dir, 'search-tokens', /search_item\/ lacks 1 row/);
  });

  it('refuses files out of token order, and a missing run, naming the file', async () => {
    const dir = copy();
    await writeSearch(dir);
    const a = join(dir, 'search_item', 'part-00000.parquet');
    const b = join(dir, 'search_item', 'part-00001.parquet');
    renameSync(a, `${a}.x`);
    renameSync(b, a);
    renameSync(`${a}.x`, b);
    await refused(dir, 'sort', /search_item\/part-00001\.parquet starts at token/);
    const gap = copy();
    await writeSearch(gap);
    rmSync(join(gap, 'search_item', 'part-00001.parquet'));
    await refused(gap, 'layout', /search_item\/part-00001\.parquet is missing/);
  });
});
