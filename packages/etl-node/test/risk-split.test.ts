// agg_risk in two files (docs/gold-layout.md, "Session 20"): each alert kind's ranks 1–64 in
// agg_risk/top.parquet, the others in agg_risk/rest.parquet. The SDK's risk() and riskTop() over
// HTTP must give DuckDB's answer from agg_item (the oracle: agg_item's rows of the kind in rank
// order, not agg_risk) whether the rows asked for lie in one file or both, and the top rows of a
// kind must come from top.parquet alone (rest.parquet's footer only).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient, type NovaClient } from '@nova-corrente/core';
import { createClient as createNodeClient } from '@nova-corrente/core/node';
import { startStaticServer } from '../../../scripts/static-server.mjs';
import { runCli, tempDir } from './helpers.js';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TABLES } from '@nova-corrente/core/contract';
import { openDb } from '../src/db.ts';
import { writeTable } from '../src/gold/write-tables.ts';

const HEAD = 64; // written out from docs/gold-layout.md

describe('agg_risk: top.parquet and rest.parquet', () => {
  let gold: string;
  let server: { url: string; close(): Promise<void> };
  let nova: NovaClient;
  let db: DuckDBConnection;
  const ranges: { path: string; range: string | null }[] = [];

  before(async () => {
    const dir = tempDir('nova-risk-split-');
    const r = await runCli(['demo', '--out', dir, '--items', '1000', '--days', '60', '--seed', '7', '--as-of', '2026-06-30', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    gold = join(dir, 'gold');
    server = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: gold }] });
    const counting: typeof fetch = (input, init) => {
      ranges.push({ path: String(input).split('/').slice(-2).join('/'), range: new Headers(init?.headers).get('range') });
      return fetch(input, init);
    };
    nova = await createClient({ url: `${server.url}/gold/`, fetch: counting });
    db = await (await DuckDBInstance.create()).connect();
    await db.run(`CREATE VIEW agg_item AS SELECT * FROM read_parquet('${join(gold, 'snapshots', '*', 'agg_item', '*.parquet')}')`);
  });
  after(async () => {
    await nova?.close();
    await server?.close();
  });

  /** The oracle: agg_item's rows of `kind` (at `siteId`) in rank order, first `limit`. */
  const expected = async (kind: string, siteId?: string, limit?: number) =>
    (await db.runAndReadAll(`SELECT item_id, site_id, risk_rank::INTEGER AS risk_rank FROM agg_item
      WHERE risk = $kind ${siteId ? 'AND site_id = $site' : ''} ORDER BY risk_rank, item_id, site_id ${limit ? `LIMIT ${limit}` : ''}`,
    { kind, ...(siteId ? { site: siteId } : {}) })).getRowObjectsJson().map((r) => ({ item_id: r.item_id, site_id: r.site_id, risk_rank: Number(r.risk_rank) }));
  const got = (rows: { item_id: string; site_id: string; risk_rank?: number | null }[]) => rows.map((r) => ({ item_id: r.item_id, site_id: r.site_id, risk_rank: r.risk_rank }));

  it('the demo has a kind with more than 64 rows, so both files hold rows of it', async () => {
    const n = (await db.runAndReadAll(`SELECT max(c)::INTEGER AS m FROM (SELECT count(*) AS c FROM agg_item WHERE risk = 'stockout' GROUP BY ALL)`)).getRowObjectsJson()[0];
    assert.ok(Number(n.m) > HEAD + 20, `stockout rows: ${n.m}`);
  });

  it('agg_item is one file per ~512 rows (docs/contract.md), each one row group: several files here', async () => {
    const t = nova.manifest.tables.agg_item;
    assert.equal(t.placement!.buckets, Math.ceil(t.rows / 512), `${t.rows} rows`);
    assert.ok(t.placement!.buckets >= 2);
    const groups = (await db.runAndReadAll(`SELECT file_name, count(DISTINCT row_group_id)::INTEGER AS g FROM parquet_metadata('${join(gold, 'snapshots', '*', 'agg_item', '*.parquet')}') GROUP BY ALL`)).getRowObjectsJson();
    assert.equal(groups.length, t.placement!.buckets);
    for (const g of groups) assert.equal(Number(g.g), 1, String(g.file_name));
  });

  it('the top 15 of a kind come from top.parquet: of rest.parquet only its footer is fetched', async () => {
    ranges.length = 0;
    assert.deepEqual(got(await nova.risk({ kind: 'stockout', limit: 15, fields: [] })), await expected('stockout', undefined, 15));
    // A file's tail (its footer) is a range ending at its last byte; a row group's ends before the footer.
    const files = Object.fromEntries(nova.manifest.tables.agg_risk.files!.map((f) => [f.path.split('/').slice(-2).join('/'), f.bytes]));
    const isTail = (r: { path: string; range: string | null }) => r.range?.endsWith(`-${files[r.path] - 1}`) || r.range?.startsWith('bytes=-');
    const rest = ranges.filter((r) => r.path === 'agg_risk/rest.parquet');
    assert.ok(rest.length <= 1 && rest.every(isTail), `rest.parquet reads: ${JSON.stringify(rest)} (${files['agg_risk/rest.parquet']} bytes)`);
    assert.ok(ranges.some((r) => r.path === 'agg_risk/top.parquet' && !isTail(r)), `a row group of top.parquet is read: ${JSON.stringify(ranges)}`);
    assert.deepEqual(await nova.riskTop({ kind: 'stockout' }), (({ item_id, site_id }) => ({ item_id, site_id }))((await expected('stockout', undefined, 1))[0]));
  });

  it('a limit past rank 64, a site filter that needs rows of rest.parquet, and no limit give DuckDB\'s rows', async () => {
    for (const kind of ['stockout', 'below_reorder', 'overstock'] as const) {
      assert.deepEqual(got(await nova.risk({ kind, limit: 100, fields: [] })), await expected(kind, undefined, 100), `${kind} limit 100`);
      assert.deepEqual(got(await nova.risk({ kind, fields: [] })), await expected(kind), `${kind} all`);
      const sites = (await db.runAndReadAll(`SELECT DISTINCT site_id FROM agg_item ORDER BY 1`)).getRowObjectsJson().map((r) => String(r.site_id));
      for (const siteId of sites) {
        assert.deepEqual(got(await nova.risk({ kind, siteId, limit: 40, fields: [] })), await expected(kind, siteId, 40), `${kind} at ${siteId}`);
        const first = (await expected(kind, siteId, 1))[0];
        assert.deepEqual(await nova.riskTop({ kind, siteId }), first ? { item_id: first.item_id, site_id: siteId } : null, `${kind} riskTop at ${siteId}`);
      }
    }
  });

  it('sql() sees agg_risk whole, both files: its rows per kind are agg_item\'s alert rows', async () => {
    // sql() in Node: the native DuckDB client over the same HTTP gold.
    const node = await createNodeClient({ url: `${server.url}/gold/` });
    const got = await node.sql('SELECT risk, count(*)::INTEGER AS n, max(risk_rank)::INTEGER AS last FROM agg_risk GROUP BY risk ORDER BY risk').finally(() => node.close());
    const want = (await db.runAndReadAll(`SELECT risk, count(*)::INTEGER AS n, max(risk_rank)::INTEGER AS last FROM agg_item
      WHERE risk IN ('stockout', 'below_reorder', 'overstock') GROUP BY risk ORDER BY risk`)).getRowObjectsJson();
    assert.deepEqual(got.rows.map((r) => ({ risk: r.risk, n: Number(r.n), last: Number(r.last) })), want.map((r) => ({ risk: r.risk, n: Number(r.n), last: Number(r.last) })));
    assert.ok(want.some((r) => Number(r.last) > HEAD), 'some kind reaches into rest.parquet');
  });

  it('validate accepts the gold, and names a rewritten rest.parquet', async () => {
    const ok = await runCli(['validate', gold]);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    const { writeFileSync, readdirSync } = await import('node:fs');
    const [snap] = readdirSync(join(gold, 'snapshots'));
    writeFileSync(join(gold, 'snapshots', snap, 'agg_risk', 'rest.parquet'), '<html>not parquet</html>');
    const bad = await runCli(['validate', gold]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr + bad.stdout, /agg_risk\/rest\.parquet/);
  });
});

describe('agg_risk without alert rows', () => {
  it('writes top.parquet and rest.parquet empty, each a readable Parquet file, and lists both', async () => {
    const dir = tempDir('nova-risk-empty-');
    const db = await openDb({ tempDir: dir });
    try {
      // agg_item and dim_item with the contract's columns; every item-site 'ok', so no alert rows.
      const empty = (t: 'agg_item' | 'dim_item') => TABLES[t].columns.map((c) => `CAST(${c.name === 'risk' ? "'ok'" : 'NULL'} AS ${c.type}) AS "${c.name}"`).join(', ');
      await db.run(`CREATE TABLE g_agg_item AS SELECT ${empty('agg_item')} FROM range(3)`);
      await db.run(`CREATE TABLE g_dim_item AS SELECT ${empty('dim_item')} FROM range(3)`);
      const entry = await writeTable(db, 'agg_risk', dir, 'snapshots/s');
      assert.equal(entry.path, 'snapshots/s/agg_risk');
      assert.equal(entry.rows, 0);
      assert.deepEqual(entry.files!.map((f) => [f.path, f.rows]), [['snapshots/s/agg_risk/top.parquet', 0], ['snapshots/s/agg_risk/rest.parquet', 0]]);
      const back = await (await (await DuckDBInstance.create()).connect()).runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(dir, 'agg_risk', '*.parquet')}')`);
      assert.equal(Number(back.getRowObjectsJson()[0].n), 0);
    } finally {
      db.close();
    }
  });
});
