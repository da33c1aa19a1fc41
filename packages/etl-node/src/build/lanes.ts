import type { Db } from '../db.js';

/**
 * Runs independent lanes of work side by side, the first on `db`'s connection and each other one
 * on a sibling connection to the same database (`Db.connect`; tables and persistent macros are
 * shared, TEMP tables are not). Each lane's statements run one after the other; DuckDB's threads
 * serve whichever lane has work, so a lane whose statements run on one thread (the direct CSVs'
 * bronze copy numbers its rows in order) does not leave the other core idle.
 *
 * Failure: the error of the FIRST lane in the given order that failed is thrown — the error the
 * same lanes run one after the other would have stopped at first, and the same one whichever lane
 * happens to fail sooner. So a failing lane stops the lanes after it at once (their errors could
 * never be the one thrown): DuckDB interrupts the statement each is running and their next
 * statements fail without running. The lanes before it run to their end, since one of them may
 * still fail first in order. Every lane is awaited (none is left running on a connection about to
 * be closed), then the siblings are closed.
 */
export async function inLanes(db: Db, lanes: ((con: Db) => Promise<void>)[]): Promise<void> {
  const siblings: Db[] = [];
  try {
    for (let i = 1; i < lanes.length; i++) siblings.push(await db.connect());
    const cons = [db, ...siblings];
    let firstFailed = lanes.length;
    const settled = await Promise.allSettled(lanes.map(async (lane, i) => {
      try {
        await lane(i === 0 ? db : stoppable(cons[i], () => i > firstFailed));
      } catch (err) {
        if (i < firstFailed) {
          firstFailed = i;
          for (const later of cons.slice(i + 1)) later.con.interrupt();
        }
        throw err;
      }
    }));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    for (const s of siblings) s.close();
  }
}

/** `con`, whose statements fail without running once `stopped()` (an earlier lane failed). */
function stoppable(con: Db, stopped: () => boolean): Db {
  const check = () => {
    if (stopped()) throw new Error('stopped: an earlier lane of the build failed');
  };
  return {
    ...con,
    async run(sql, params) {
      check();
      return con.run(sql, params);
    },
    async all(sql, params) {
      check();
      return con.all(sql, params);
    },
    async one(sql, params) {
      check();
      return con.one(sql, params);
    },
  };
}
