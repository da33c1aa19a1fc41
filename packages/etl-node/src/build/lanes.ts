import type { Db } from '../db.js';

/**
 * Runs independent lanes of work side by side, the first on `db`'s connection and each other one
 * on a sibling connection to the same database (`Db.connect`; tables and persistent macros are
 * shared, TEMP tables are not). Each lane's statements run one after the other; DuckDB's threads
 * serve whichever lane has work, so a lane whose statements run on one thread (the direct CSVs'
 * bronze copy numbers its rows in order) does not leave the other core idle.
 *
 * Failure: every lane is awaited to its end (none is left running on a connection about to be
 * closed), siblings are closed, then the error of the FIRST lane in the given order that failed
 * is thrown — the error the same lanes run one after the other would have stopped at first, and
 * the same one whichever lane happens to fail sooner.
 */
export async function inLanes(db: Db, lanes: ((con: Db) => Promise<void>)[]): Promise<void> {
  const siblings: Db[] = [];
  try {
    for (let i = 1; i < lanes.length; i++) siblings.push(await db.connect());
    const cons = [db, ...siblings];
    const settled = await Promise.allSettled(lanes.map((lane, i) => lane(cons[i])));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    for (const s of siblings) s.close();
  }
}
