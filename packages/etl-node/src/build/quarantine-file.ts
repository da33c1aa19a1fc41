import { lit, type Db } from '../db.js';

/**
 * Writes the quarantine as CSV (UTF-8): file, line, column,
 * code, reason, raw — sorted by file and line. Returns the row count.
 */
export async function writeQuarantineCsv(db: Db, path: string): Promise<number> {
  await db.run(`COPY (SELECT file, line, "column", code, reason, raw FROM quarantine ORDER BY file, line, code)
    TO ${lit(path)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"')`);
  const n = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM quarantine`);
  return Number(n?.n ?? 0);
}
