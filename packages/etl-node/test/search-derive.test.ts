// search_item's tokens are computed in JavaScript beside the fact writer's connections, whose next
// statements the main thread issues (ADR 0006, session 15): the tokenizing must let the event loop
// turn while it runs, and its slices must together give every item's tokens once, as the one-go
// loop did.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchTokens } from '@nova-corrente/core/contract';
import { openDb } from '../src/db.ts';
import { deriveTable, tokenLines } from '../src/gold/derived.ts';

describe('search_item tokens in slices', () => {
  it('lets the event loop turn while tokenizing 20,000 items, and gives every (token, item) once', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '512MB' });
    try {
      await db.run(`CREATE TABLE g_dim_item AS
        SELECT 'IT-' || i AS item_id, CASE WHEN i % 7 = 0 THEN NULL ELSE 'SKU-' || (i * 13) END AS sku,
          CASE WHEN i % 11 = 0 THEN NULL ELSE 'Parafuso Sextavado ' || i || ' Ação Ótima' END AS name,
          'cat' AS category, 'UN' AS unit, 1.0 AS unit_cost, 'BRL' AS currency, 5 AS lead_time_days, 1.0 AS min_order_qty, 'A' AS criticality
        FROM range(20000) t(i)`);
      const items = await db.all<{ item_id: string; sku: string | null; name: string | null }>(`SELECT item_id, sku, name FROM g_dim_item`);
      let turns = 0;
      let done = false;
      const tick = () => {
        if (done) return;
        turns++;
        setImmediate(tick);
      };
      setImmediate(tick);
      const lines = await tokenLines(items);
      done = true;
      // A loop without a turn would leave the ticker at 0 (nothing else awaits in there).
      assert.ok(turns > 5, `the event loop turned ${turns} times while 20,000 items were tokenized`);
      await deriveTable(db, 'search_item');
      assert.equal(lines.length, Number((await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM g_search_item`))?.n));
      const want = new Set(items.flatMap((it) => [...searchTokens(it.item_id, it.sku, it.name)].map((t) => `${t}\u0000${it.item_id}`)));
      const got = await db.all<{ token: string; item_id: string; n: number }>(`SELECT token, item_id, count(*)::INTEGER AS n FROM g_search_item GROUP BY ALL`);
      assert.deepEqual(got.filter((r) => Number(r.n) !== 1), [], 'each (token, item) once');
      assert.equal(got.length, want.size);
      assert.deepEqual(new Set(got.map((r) => `${r.token}\u0000${r.item_id}`)), want);
    } finally {
      db.close();
    }
  });
});
