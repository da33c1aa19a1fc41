import { copyFile, mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { InputKind } from '../config.js';
import { ident, lit, type Db } from '../db.js';
import type { IngestedFile } from '../ingest/types.js';
import { NATIVE_VALUES, nativeName } from '../ingest/plan.js';
import { RULES } from './silver-rules.js';

/**
 * The raw records of one kind as a SQL relation: every file's canonical columns as text plus
 * `_file`, `_line`, `_decimal` and `_date_order` (the file's dialect). Files lacking a column give NULL.
 * `written` (file → its bronze Parquet, from {@link writeBronze}) reads text inputs back from bronze.
 */
export function bronzeRelation(kind: InputKind, files: IngestedFile[], written?: ReadonlyMap<string, string>, opts: { typed?: boolean } = {}): string {
  const raw = RULES[kind].raw;
  // Silver's relation also has the typed twins of NATIVE_VALUES' columns (ingest/plan.ts): a
  // Parquet file's values as they are, NULL for every other file (their text is parsed).
  const native = Object.entries(opts.typed === false ? {} : (NATIVE_VALUES[kind] ?? {}));
  const noTyped = native.map(([c, t]) => `CAST(NULL AS ${t}) AS ${ident(nativeName(c))}`);
  const parts = files
    .filter((f) => f.relation)
    .map((f) => {
      // A text or Excel file's bronze Parquet holds exactly these columns: reading it back costs
      // one Parquet scan of the columns used instead of parsing the staging CSV again.
      const bronze = f.format !== 'parquet' ? written?.get(f.file) : undefined;
      if (bronze) return `SELECT _file, _line, _decimal, _date_order, ${[...raw.map(ident), ...noTyped].join(', ')} FROM read_parquet(${lit(bronze)})`;
      const typed = native.length > 0 && f.typedRelation ? f.typedRelation : null;
      const cols = raw.map((c) => (f.columns.includes(c) ? `CAST(${ident(c)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)') + ` AS ${ident(c)}`);
      const twins = typed
        ? native.map(([c, t]) => (f.columns.includes(c) ? ident(nativeName(c)) : `CAST(NULL AS ${t})`) + ` AS ${ident(nativeName(c))}`)
        : noTyped;
      return `SELECT ${lit(f.file)} AS _file, CAST(_line AS BIGINT) AS _line, ${lit(f.decimal)} AS _decimal, ${lit(f.dateOrder)} AS _date_order, ${[...cols, ...twins].join(', ')} FROM (${typed ?? f.relation})`;
    });
  if (parts.length === 0) {
    return `SELECT CAST(NULL AS VARCHAR) AS _file, CAST(NULL AS BIGINT) AS _line, CAST(NULL AS VARCHAR) AS _decimal, CAST(NULL AS VARCHAR) AS _date_order, ${[...raw
      .map((c) => `CAST(NULL AS VARCHAR) AS ${ident(c)}`), ...noTyped]
      .join(', ')} WHERE false`;
  }
  return parts.join('\nUNION ALL\n');
}

/**
 * Keeps the raw inputs inspectable as Parquet, partitioned by ingestion date (returns input file → bronze path):
 * `<work>/bronze/<kind>/year=Y/month=M/day=D/<run>-<n>-<file>.parquet`. A Parquet input is kept
 * byte for byte; text and Excel inputs as their records (text columns, file, line, dialect).
 */
export async function writeBronze(db: Db, kind: InputKind, files: IngestedFile[], inputDir: string, workDir: string, runId: string, now: Date): Promise<Map<string, string>> {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, '0');
  const d = String(now.getUTCDate()).padStart(2, '0');
  const dir = join(workDir, 'bronze', kind, `year=${y}`, `month=${m}`, `day=${d}`);
  await mkdir(dir, { recursive: true });
  const out = new Map<string, string>();
  for (const [i, f] of files.entries()) {
    const path = join(dir, `${runId}-${i}-${basename(f.file).replace(/\.[^.]+$/, '')}.parquet`);
    if (f.format === 'parquet') await copyFile(join(inputDir, f.file), path);
    // ZSTD level 1, as the silver files: −12 % of this copy's CPU for +7 % bytes (ADR 0006, session 12).
    else if (f.relation) await db.run(`COPY (${bronzeRelation(kind, [f], undefined, { typed: false })}) TO ${lit(path)} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)`);
    else continue;
    out.set(f.file, path);
  }
  return out;
}

/** Snapshot ids start the bronze file names: `<YYYYMMDDTHHMMSSZ>-<hex>-…`. */
const RUN = /^(\d{8}T\d{6}Z-[0-9a-f]{6})-/;

/**
 * Keeps the bronze files of the newest `keep` builds (runs sort by their time-based id) and
 * deletes older ones, with the partition folders they leave empty: bronze does not grow forever.
 */
export async function pruneBronze(workDir: string, keep: number): Promise<void> {
  const files: { path: string; run: string }[] = [];
  const dirs: string[] = [];
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) { dirs.push(p); await walk(p); }
      else { const m = RUN.exec(e.name); if (m) files.push({ path: p, run: m[1] }); }
    }
  };
  await walk(join(workDir, 'bronze'));
  const runs = [...new Set(files.map((f) => f.run))].sort().reverse();
  const kept = new Set(runs.slice(0, keep));
  for (const f of files) if (!kept.has(f.run)) await rm(f.path, { force: true });
  for (const d of dirs.reverse()) await rmdir(d).catch(() => undefined); // only empty ones go
}
