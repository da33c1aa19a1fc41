// sql() limits and cancellation in both engines: the row cap (truncate or too_large), per-client
// and per-call settings, the time limit and abort interrupting a runaway query for real.
import type { NovaClient } from '../../src/types.js';
import { eq, ok, rejects } from './assert.js';
import type { Define, TestEnv } from './env.js';

/** Long enough that it can only finish quickly by being stopped (tens of seconds uninterrupted). */
const RUNAWAY = 'SELECT sum(hash(range)) AS s FROM range(3000000000)';
/**
 * After an aborted runaway, the next query must not wait for it. Measured well under 1 s (Node)
 * and about 1 s (browser, fresh worker); the bound is generous for a loaded 2-core machine and
 * still far below the tens of seconds the runaway takes.
 */
const NEXT_QUERY_BOUND_MS = 5_000;

export function limitsTests(def: Define, getEnv: () => TestEnv, label: string): void {
  let nova: Promise<NovaClient> | undefined;
  const client = () => (nova ??= getEnv().createClient({ url: getEnv().goldUrl }));

  def(`${label}: the row cap truncates by default and says so, or fails with too_large`, async () => {
    const c = await client();
    const big = await c.sql<{ r: number }>('SELECT range AS r FROM range(100005)');
    eq(big.rows.length, 100_000, 'default cap of 100,000 rows');
    eq(big.truncated, true, 'truncated flag');
    eq(big.rows[99_999].r, 99_999, 'the first rows, in order');
    const exact = await c.sql('SELECT range AS r FROM range(10)', [], { maxRows: 10 });
    eq(exact.rows.length, 10, 'exactly maxRows');
    eq(exact.truncated, undefined, 'not truncated at exactly maxRows');
    const cut = await c.sql('SELECT range AS r FROM range(11)', [], { maxRows: 10 });
    eq(cut.truncated, true, 'one more row is truncated');
    await rejects(c.sql('SELECT range AS r FROM range(11)', [], { maxRows: 10, onTooManyRows: 'error' }), 'too_large', 'too_large on request');
    await rejects(c.sql('SELECT 1', [], { maxRows: 0 }), 'invalid_argument', 'maxRows must be > 0');
    await rejects(c.sql('SELECT 1', [], { timeoutMs: -1 }), 'invalid_argument', 'timeoutMs must be > 0');
    await rejects(c.sql('SELECT 1', [], { memoryLimit: 'lots' }), 'invalid_argument', 'memoryLimit must be a size');
  });

  def(`${label}: limits set per client apply to every call, and a call overrides them`, async () => {
    const env = getEnv();
    const c = await env.createClient({ url: env.goldUrl, sqlLimits: { maxRows: 3, onTooManyRows: 'error' } });
    await rejects(c.sql('SELECT range FROM range(4)'), 'too_large', 'client cap');
    eq((await c.sql('SELECT range FROM range(4)', [], { maxRows: 4 })).rows.length, 4, 'call override');
    await rejects(env.createClient({ url: env.goldUrl, sqlLimits: { threads: 0 } }), 'invalid_argument', 'bad client limit fails at createClient');
  });

  def(`${label}: the time limit and abort interrupt a runaway query; the next one answers at once`, async () => {
    const c = await client();
    let t0 = Date.now();
    const e = await rejects(c.sql(RUNAWAY, [], { timeoutMs: 300 }), 'aborted', 'time limit');
    ok(/time limit of 300 ms/.test(e.message), `names the limit: ${e.message}`);
    let t1 = Date.now();
    eq((await c.sql<{ x: number }>('SELECT 42 AS x')).rows[0].x, 42, 'next query after a timeout');
    const afterTimeout = Date.now() - t1;
    ok(t1 - t0 < NEXT_QUERY_BOUND_MS + 300, `the timed-out call settled in ${t1 - t0} ms`);

    const ac = new AbortController();
    t0 = Date.now();
    const p = c.sql(RUNAWAY, [], { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    await rejects(p, 'aborted', 'abort');
    t1 = Date.now();
    const n = await c.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item');
    const afterAbort = Date.now() - t1;
    ok(n.rows[0].n > 0, 'gold answers after an abort');
    // With a bound parameter the query runs as a prepared statement (in the browser: in one go in
    // the worker, so stopping it means replacing the worker).
    const ac2 = new AbortController();
    const p2 = c.sql('SELECT sum(hash(range + ?)) AS s FROM range(3000000000)', [1], { signal: ac2.signal });
    setTimeout(() => ac2.abort(), 300);
    await rejects(p2, 'aborted', 'abort of a prepared statement');
    t1 = Date.now();
    eq((await c.sql<{ n: number }>('SELECT count(*) AS n FROM dim_item WHERE item_id <> ?', [''])).rows[0].n, n.rows[0].n, 'gold answers after the prepared abort');
    const afterPrepared = Date.now() - t1;
    console.log(`${label}: next query after timeout ${afterTimeout} ms, after abort ${afterAbort} ms, after a prepared abort ${afterPrepared} ms (gold reload included)`);
    ok(Math.max(afterTimeout, afterAbort, afterPrepared) < NEXT_QUERY_BOUND_MS, `next query waited ${afterTimeout} / ${afterAbort} / ${afterPrepared} ms`);
  });
}
