// inLanes (build/lanes.ts) runs the build's independent stages side by side on sibling DuckDB
// connections: silver (consumption + inventory ‖ forecasts) and the writer (fact tables ‖ the
// other tables). On a real DuckDB: the error thrown is the first failing lane's in lane order (not
// the one that failed sooner); the lanes before a failing one run to their end, the lanes after it
// are stopped at once (a statement that would run for minutes is interrupted, the next never
// runs); the database stays usable (siblings closed, nothing left running).
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

  it('a failing lane stops the lanes after it at once: their running statement is interrupted, the next never runs', async () => {
    const db = await openDb({ threads: 2, memoryLimit: '256MB' });
    try {
      // ~10^10 pairs: minutes on this machine if it were left to run.
      const endless = async (con: Db) => {
        await con.run(`CREATE TABLE endless AS SELECT count(*) AS n FROM range(100000) a(i), range(100000) b(j) WHERE (a.i * 7 + b.j) % 13 = 5`);
        await con.run(`CREATE TABLE after_endless AS SELECT 1 AS x`);
      };
      const failsSoon = async (con: Db) => {
        await con.run(`CREATE TABLE first_step AS SELECT 1 AS x`);
        await failing('no_such_soon')(con);
      };
      const err = await inLanes(db, [failsSoon, endless]).then(() => null, (e: Error) => e);
      assert.match(String(err), /no_such_soon/);
      const tables = (await db.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() ORDER BY 1`)).map((t) => t.name);
      assert.deepEqual(tables, ['first_step'], 'the later lane neither finished its statement nor ran the next');
      // A lane whose statement had not started yet when the first failed: stopped before it runs.
      const late = async (con: Db) => {
        await new Promise((r) => setTimeout(r, 300));
        await con.run(`CREATE TABLE too_late AS SELECT 1 AS x`);
      };
      await assert.rejects(inLanes(db, [failing('no_such_again'), late]), /no_such_again/);
      assert.equal((await db.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'too_late'`)).length, 0);
      assert.equal((await db.all(`SELECT 42 AS x`)).length, 1, 'the main connection still works');
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
