import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFiles } from './helpers.ts';

/**
 * Compares two gold roots table by table, row by row in file order: every non-floating column
 * equal (nulls equal), every DOUBLE within a relative 1e-9 — parallel sums add in a different
 * order run to run, so their last bits differ even between two runs of the same build.
 * Returns one line per table that differs (rows, or the first differing row and column).
 * One DuckDB capped at `memoryLimit` (spilling to a temporary folder): uncapped, the row-by-row
 * join of two 50,000-item fact tables grew past 8 GB (ADR 0006, session 12). `skip`: tables not
 * compared (e.g. a fact table already found byte-identical by its files' SHA-256s).
 */
export async function goldDifferences(a: string, b: string, memoryLimit = '2GB', skip: string[] = []): Promise<string[]> {
  const spill = mkdtempSync(join(tmpdir(), 'nova-gold-compare-'));
  const inst = await DuckDBInstance.create(':memory:', { memory_limit: memoryLimit, temp_directory: spill });
  const con = await inst.connect();
  const query = async <T>(sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJson() as T[];
  try {
    return await compare(a, b, query, new Set(skip));
  } finally {
    con.closeSync();
    inst.closeSync();
    rmSync(spill, { recursive: true, force: true });
  }
}

async function compare(a: string, b: string, query: <T>(sql: string) => Promise<T[]>, skip: Set<string>): Promise<string[]> {
  const manifest = (g: string) => JSON.parse(readFileSync(join(g, 'manifest.json'), 'utf8'));
  const ma = manifest(a);
  const mb = manifest(b);
  const problems: string[] = [];
  for (const name of Object.keys(ma.tables).filter((n) => !skip.has(n))) {
    const files = (g: string, m: { tables: Record<string, any> }) => `[${tableFiles(g, m, name).map((f) => `'${join(g, f.path)}'`).join(', ')}]`;
    const cols = await query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${files(a, ma)})`);
    const rel = (g: string, m: typeof ma) =>
      `(SELECT row_number() OVER (ORDER BY filename, file_row_number) AS _n, * EXCLUDE (filename, file_row_number) FROM read_parquet(${files(g, m)}, filename = true, file_row_number = true))`;
    const same = cols.map((c) => {
      const x = `x.${JSON.stringify(c.column_name)}`;
      const y = `y.${JSON.stringify(c.column_name)}`;
      return c.column_type === 'DOUBLE'
        ? `((${x} IS NULL AND ${y} IS NULL) OR abs(${x} - ${y}) <= 1e-9 * greatest(1, abs(${x}), abs(${y})) OR (isnan(${x}) AND isnan(${y})))`
        : `${x} IS NOT DISTINCT FROM ${y}`;
    });
    const [r] = await query<{ na: number; nb: number; bad: number; first: number | null }>(
      `SELECT (SELECT count(*) FROM ${rel(a, ma)})::INTEGER AS na, (SELECT count(*) FROM ${rel(b, mb)})::INTEGER AS nb,
        count(*)::INTEGER AS bad, min(_n)::INTEGER AS first
       FROM ${rel(a, ma)} x JOIN ${rel(b, mb)} y USING (_n) WHERE NOT (${same.join(' AND ')})`,
    );
    if (r.na !== r.nb) problems.push(`${name}: ${r.na} rows ≠ ${r.nb} rows`);
    else if (r.bad > 0) problems.push(`${name}: ${r.bad} row(s) differ, the first at row ${r.first}`);
  }
  return problems;
}

/** The one snapshot folder of a gold root built once. */
export function onlySnapshot(gold: string): string {
  return join(gold, 'snapshots', readdirSync(join(gold, 'snapshots')).find((s) => !s.startsWith('.'))!);
}
