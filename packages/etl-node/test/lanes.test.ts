// inLanes (build/lanes.ts) runs the build's independent stages side by side on sibling DuckDB
// connections: silver (consumption + inventory ‖ forecasts) and the writer (fact tables ‖ the
// other tables). On a real DuckDB: every lane runs to its end even when another fails, the error
// thrown is the first failing lane's in lane order (not the one that failed sooner), and the
// database stays usable (siblings closed, nothing left running).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDb, type Db } from '../src/db.js';
import { inLanes } from '../src/build/lanes.js';

/** A statement that takes a while (a few million rows summed), then a table that proves it finished. */
const slow = (name: string) => async (con: Db) => {
  await con.run(`CREATE OR REPLACE TABLE ${name} AS SELECT sum(i * i) AS s FROM range(6000000) t(i)`);
};
/** A real DuckDB error: a table that does not exist. */
const failing = (table: string) => async (con: Db) => {
  await con.run(`SELECT * FROM ${table}`);
};

describe('inLanes', () => {
  it('runs every lane to its end; a later lane failing first does not cut the earlier one short', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '256MB' });
    try {
      await assert.rejects(inLanes(db, [slow('done_a'), failing('no_such_b')]), /no_such_b/);
      const [r] = await db.all<{ s: string }>(`SELECT s::VARCHAR AS s FROM done_a`);
      // sum of i² for i < n is (n-1)n(2n-1)/6, n = 6,000,000
      assert.equal(r.s, ((5999999n * 6000000n * 11999999n) / 6n).toString());
    } finally {
      db.close();
    }
  });

  it('two failing lanes: the first lane\'s error, even when the second fails sooner', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '256MB' });
    try {
      const firstFailsLate = async (con: Db) => {
        await slow('before_failing')(con);
        await failing('no_such_first')(con);
      };
      for (let i = 0; i < 3; i++) await assert.rejects(inLanes(db, [firstFailsLate, failing('no_such_second')]), /no_such_first/);
      // The main connection still works and sees what the lanes made.
      assert.equal((await db.all(`SELECT * FROM before_failing`)).length, 1);
    } finally {
      db.close();
    }
  });

  it('lanes share tables and see each other\'s committed work; all succeed', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '256MB' });
    try {
      await db.run(`CREATE TABLE shared (lane INTEGER, n BIGINT)`);
      await inLanes(db, [0, 1, 2].map((lane) => async (con: Db) => {
        await con.run(`INSERT INTO shared SELECT ${lane}, count(*) FROM range(${(lane + 1) * 1000})`);
      }));
      assert.deepEqual(await db.all(`SELECT lane, n::INTEGER AS n FROM shared ORDER BY lane`), [{ lane: 0, n: 1000 }, { lane: 1, n: 2000 }, { lane: 2, n: 3000 }]);
    } finally {
      db.close();
    }
  });
});
