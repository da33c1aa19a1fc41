// sql() against hostile texts (shared/hostile-sql.ts) in the engine of each runtime: each is
// refused with its code, or answers exactly the harmless rows, and the engine keeps serving.
import { NovaError } from '../../src/errors.js';
import type { NovaClient } from '../../src/types.js';
import { eq, ok, same } from './assert.js';
import type { Define, TestEnv } from './env.js';
import { HOSTILE } from './hostile-sql.js';

export function hostileTests(def: Define, getEnv: () => TestEnv, label: string): void {
  let nova: Promise<NovaClient> | undefined;
  const client = () => (nova ??= getEnv().createClient({ url: getEnv().goldUrl }));

  def(`${label}: ${HOSTILE.length} hostile sql() texts are refused or disclose nothing`, async () => {
    const c = await client();
    ok(HOSTILE.length >= 40, 'corpus size');
    // Load a gold table first, so the browser engine has internal _nova_* tables to aim at.
    ok((await c.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item')).rows[0].n > 0, 'gold readable');
    const wrong: string[] = [];
    for (const h of HOSTILE) {
      try {
        const r = await c.sql(h.sql, h.params ?? []);
        if (!h.rows) wrong.push(`${h.sql} — answered ${JSON.stringify(r.rows).slice(0, 200)} (${h.why})`);
        else same(r.rows, h.rows, h.sql);
      } catch (err) {
        if (h.rows) wrong.push(`${h.sql} — refused (${(err as Error).message}) but is harmless`);
        else if (!(err instanceof NovaError) || !(h.codes ?? ['forbidden_sql']).includes(err.code)) {
          wrong.push(`${h.sql} — ${err instanceof NovaError ? err.code : 'not a NovaError'}: ${(err as Error).message}`);
        } else if (err.code === 'forbidden_sql') {
          ok(/refused .+/.test(err.message), `the refusal names the construct: ${err.message}`);
        }
      }
    }
    eq(wrong.join('\n'), '', 'every hostile text refused with its code');
    const after = await c.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item');
    ok(after.rows[0].n > 0, 'gold still there and the engine still serves');
  });

  def(`${label}: sql() accepts the read statements, functions and CTEs analysts use`, async () => {
    const c = await client();
    const env = getEnv();
    const total = (await env.ref<{ n: number }[]>('rawSql', { sql: 'SELECT count(*) AS n FROM dim_item' }))[0].n;
    const cases: [string, unknown[]][] = [
      ['FROM dim_item SELECT count(*) AS n', []],
      ['WITH a AS (SELECT * FROM dim_item), b(x) AS (SELECT count(*) FROM a) SELECT x AS n FROM b', []],
      ['SELECT count(*) AS n FROM (VALUES (1)) v(x), dim_item d', []],
      ['SELECT count(*) FILTER (WHERE unit_cost >= 0) AS n FROM dim_item', []],
      ['SELECT n FROM (SELECT row_number() OVER (ORDER BY item_id) AS n FROM dim_item) ORDER BY n DESC LIMIT 1', []],
      ['SELECT count(*) AS n FROM dim_item WHERE upper(name) LIKE ? OR strip_accents(lower(category)) <> ?', ['%', '\u00e7']],
      ['SELECT sum(x) AS n FROM (SELECT 1 AS x FROM dim_item d(a))', []],
    ];
    for (const [q, p] of cases) {
      const r = await c.sql<{ n: number }>(q, p);
      eq(r.rows[0].n, total, q);
    }
    const d = await c.sql<{ column_name: string }>('DESCRIBE dim_item');
    ok(d.rows.some((r) => r.column_name === 'item_id'), 'DESCRIBE of a gold table');
    const s = await c.sql<{ column_name: string }>('SUMMARIZE dim_item');
    ok(s.rows.some((r) => r.column_name === 'unit_cost'), 'SUMMARIZE of a gold table');
    const p = await c.sql<Record<string, unknown>>("PIVOT (SELECT criticality FROM dim_item) ON criticality IN ('A', 'B', 'C') USING count(*)");
    const ref = await env.ref<{ a: number; b: number; c: number }[]>('rawSql', {
      sql: "SELECT count(*) FILTER (WHERE criticality = 'A') AS a, count(*) FILTER (WHERE criticality = 'B') AS b, count(*) FILTER (WHERE criticality = 'C') AS c FROM dim_item",
    });
    same(p.rows.map((r) => [r.A, r.B, r.C]), [[ref[0].a, ref[0].b, ref[0].c]], 'PIVOT with a fixed IN list');
  });

  def(`${label}: narrowing a fact table to one item never changes an answer`, async () => {
    const c = await client();
    const env = getEnv();
    const [id] = await env.ref<string[]>('sampleItems');
    const cases: [string, unknown[]][] = [
      ['SELECT count(*) AS n FROM fact_forecast WHERE item_id = ?', [id]],
      [`SELECT count(*) AS n FROM fact_inventory WHERE date > ? AND item_id = '${id}'`, ['2026-01-01']],
      ['SELECT count(*) AS n FROM fact_forecast f WHERE f.item_id = ? AND f.source = f.source', [id]],
      ['SELECT count(*) AS n FROM fact_forecast WHERE item_id = ? OR forecast > 1', [id]],
      ['SELECT count(*) AS n FROM fact_forecast WHERE NOT item_id = ?', [id]],
      ['SELECT count(*) AS n FROM fact_forecast WHERE item_id <= ?', [id]],
      ['SELECT count(*) AS n FROM fact_forecast WHERE (SELECT 1) = 1 AND item_id = ?', [id]],
      ["SELECT count(*) AS n FROM fact_forecast WHERE item_id = ? || ''", [id]],
      ['SELECT count(*) AS n FROM fact_forecast WHERE CASE WHEN item_id = ? THEN true ELSE true END', [id]],
      [`SELECT count(*) AS n FROM fact_forecast WHERE item_id = E'${id}'`, []],
      ['SELECT count(*) AS n FROM fact_forecast WHERE item_id = $1 OR item_id <> $1', [id]],
    ];
    for (const [q, p] of cases) {
      const [want] = await env.ref<{ n: number }[]>('rawSql', { sql: q, params: p });
      same((await c.sql<{ n: number }>(q, p)).rows, [want], q);
    }
  });
}
