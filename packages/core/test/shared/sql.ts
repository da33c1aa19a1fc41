// sql(): answers match DuckDB, only read statements run, parameters are bound.
import { tableFromIPC } from 'apache-arrow';
import type { NovaClient } from '../../src/types.js';
import { eq, ok, rejects, same } from './assert.js';
import type { Define, TestEnv } from './env.js';

export function sqlTests(def: Define, getEnv: () => TestEnv, label: string): void {
  let ctx: Promise<{ nova: NovaClient; ids: string[] }> | undefined;
  const setup = () =>
    (ctx ??= (async () => {
      const env = getEnv();
      return { nova: await env.createClient({ url: env.goldUrl }), ids: await env.ref<string[]>('sampleItems') };
    })());

  def(`${label}: sql() with a bound item matches DuckDB`, async () => {
    const { nova, ids } = await setup();
    const env = getEnv();
    for (const itemId of ids.slice(0, 2)) {
      const r = await nova.sql<{ n: number; total: number }>('SELECT count(*) AS n, sum(forecast) AS total FROM fact_forecast WHERE item_id = ?', [itemId]);
      same(r.rows, [await env.ref('itemStats', { itemId })], `item ${itemId}`);
      same(r.columns, [{ name: 'n', type: 'BIGINT' }, { name: 'total', type: 'DOUBLE' }], 'column types');
    }
    const cats = await nova.sql('SELECT category, count(*) AS n, round(avg(unit_cost), 6) AS avg_cost FROM dim_item GROUP BY category ORDER BY category');
    same(cats.rows, await env.ref('categoryCounts'), 'group by over dim_item');
    const dates = await nova.sql<{ d: string }>('SELECT max(date) AS d FROM fact_forecast WHERE item_id = ?', [ids[0]]);
    eq(typeof dates.rows[0].d, 'string', 'DATE as YYYY-MM-DD');
    ok(/^\d{4}-\d{2}-\d{2}$/.test(dates.rows[0].d), 'date format');
    const joined = await nova.sql<{ n: number }>(
      "SELECT count(*) AS n FROM agg_item a JOIN dim_item d ON a.item_id = d.item_id WHERE a.risk = ? AND d.unit_cost >= ?", ['below_reorder', 0]);
    eq(joined.rows[0].n, (await env.ref<unknown[]>('risk', { kind: 'below_reorder' })).length, 'join agg_item × dim_item');
    ok(cats.arrow instanceof Uint8Array && cats.arrow.byteLength > 0, 'Arrow IPC bytes');
    const table = tableFromIPC(cats.arrow);
    eq(table.numRows, cats.rows.length, 'Arrow rows');
    eq(String(table.getChild('category')?.get(0)), String(cats.rows[0].category), 'Arrow values');
  });

  def(`${label}: prepareSql() readies the engine on a fresh client; sql() then matches DuckDB; an aborted prepare leaves sql() working`, async () => {
    const env = getEnv();
    const ids = await env.ref<string[]>('sampleItems');
    const nova = await env.createClient({ url: env.goldUrl });
    const first = nova.prepareSql();
    ok(nova.prepareSql() === first, 'idempotent: the same start');
    await first;
    const r = await nova.sql<{ n: number; total: number }>('SELECT count(*) AS n, sum(forecast) AS total FROM fact_forecast WHERE item_id = ?', [ids[0]]);
    same(r.rows, [await env.ref('itemStats', { itemId: ids[0] })], 'answer after prepareSql()');
    await nova.close();
    const other = await env.createClient({ url: env.goldUrl });
    const ctl = new AbortController();
    const p = other.prepareSql({ signal: ctl.signal });
    ctl.abort();
    await rejects(p, 'aborted', 'aborted prepareSql()');
    const again = await other.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item');
    eq(again.rows[0].n, other.manifest.tables.dim_item.rows, 'sql() after an aborted prepareSql()');
    await other.close();
    // A caller without a signal keeps the start alive when another caller aborts.
    const third = await env.createClient({ url: env.goldUrl });
    const kept = third.prepareSql();
    const ctl2 = new AbortController();
    const gone = third.prepareSql({ signal: ctl2.signal });
    ctl2.abort();
    await rejects(gone, 'aborted', 'the caller that aborted');
    await kept;
    eq((await third.sql<{ x: number }>('SELECT 3 AS x')).rows[0].x, 3, 'the kept start answers');
    await third.close();
  });

  def(`${label}: settings cannot be read back through sql() (the allowlist holds before DuckDB's lockdown)`, async () => {
    const { nova } = await setup();
    const e = await rejects(nova.sql("SELECT current_setting('enable_external_access')::VARCHAR AS ext"), 'forbidden_sql', 'setting read');
    ok(e.message.includes('current_setting'), 'the refusal names the function');
  });

  def(`${label}: under the allowlist, DuckDB itself is locked down (settings read on the engine's own connection)`, async () => {
    const { nova } = await setup();
    await nova.sql('SELECT count(*) AS n FROM dim_item'); // the engine is up
    // White box: the engine's connection, which user text never reaches directly.
    const engine = (nova as unknown as { engine: Record<string, unknown> }).engine;
    const q = "SELECT current_setting('enable_external_access')::VARCHAR AS ext, current_setting('lock_configuration')::VARCHAR AS lock, " +
      "current_setting('autoload_known_extensions')::VARCHAR AS autoload, current_setting('autoinstall_known_extensions')::VARCHAR AS autoinstall";
    let row: Record<string, unknown>;
    if (getEnv().runtime === 'node') {
      const conn = await (engine.current as { conn: Promise<{ runAndReadAll(q: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }> }> }).conn;
      row = (await conn.runAndReadAll(q)).getRowObjectsJS()[0];
    } else {
      // The browser engine loads lazily: the client holds a wrapper whose loaded() is the engine.
      const inner = (await (engine.loaded as () => Promise<Record<string, unknown>>)()) as Record<string, unknown>;
      const { conn } = await (inner.started as Promise<{ conn: { query(q: string): Promise<{ toArray(): { toJSON(): Record<string, unknown> }[] }> } }>);
      row = (await conn.query(q)).toArray()[0].toJSON();
    }
    same(row, { ext: 'false', lock: 'true', autoload: 'false', autoinstall: 'false' }, 'lockdown settings');
  });

  def(`${label}: an empty result keeps its columns`, async () => {
    const { nova } = await setup();
    const r = await nova.sql('SELECT item_id, unit_cost FROM dim_item WHERE 1 = 0');
    same(r.rows, [], 'no rows');
    same(r.columns.map((c) => c.name), ['item_id', 'unit_cost'], 'columns');
  });

  def(`${label}: sql() binds parameters, never interpolates`, async () => {
    const { nova } = await setup();
    for (const evil of ["x' OR '1'='1", "'; DROP TABLE dim_item; --", 'ITM%']) {
      const r = await nova.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item WHERE item_id = ?', [evil]);
      eq(r.rows[0].n, 0, `param ${evil}`);
    }
    const still = await nova.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item');
    ok(still.rows[0].n > 0, 'dim_item intact');
    await rejects(nova.sql('SELECT * FROM dim_item WHERE item_id = ?', []), 'invalid_argument', 'missing parameter');
    await rejects(nova.sql('SELECT ?', [{ a: 1 }]), 'invalid_argument', 'object parameter');
  });

  def(`${label}: sql() rejects anything but one read-only query over gold tables`, async () => {
    const { nova } = await setup();
    const bad = [
      'CREATE TABLE x AS SELECT 1',
      'DROP TABLE dim_item',
      'INSERT INTO dim_item SELECT * FROM dim_item',
      'UPDATE dim_item SET name = 1',
      'DELETE FROM dim_item',
      "COPY dim_item TO '/tmp/x.csv'",
      "ATTACH '/tmp/x.db' AS x",
      'INSTALL httpfs',
      'LOAD httpfs',
      'PRAGMA version',
      'SET enable_external_access = true',
      'CALL pragma_version()',
      "EXPORT DATABASE '/tmp/x'",
      'SELECT 1; SELECT 2',
      'SELECT 1; DROP TABLE dim_item',
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_parquet('http://example.com/x.parquet')",
      "SELECT * FROM 'https://example.com/x.csv'",
      'SELECT * FROM duckdb_tables()',
      'SELECT * FROM information_schema.tables',
      'WITH x AS (SELECT 1) INSERT INTO dim_item SELECT * FROM x',
      '',
    ];
    for (const q of bad) await rejects(nova.sql(q), q === '' ? 'invalid_argument' : 'forbidden_sql', `rejected: ${JSON.stringify(q)}`);
    await rejects(nova.sql('SELECT * FROM no_such_table'), 'forbidden_sql', 'unknown table');
    await rejects(nova.sql('SELECT FROM WHERE'), 'query_failed', 'syntax error');
    const r = await nova.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item -- trailing comment;\n;');
    ok(r.rows[0].n > 0, 'still usable, trailing semicolon accepted');
  });
}
