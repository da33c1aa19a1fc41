import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import {
  bucketFileName, checkManifest, CONTRACT, TABLES, TABLE_NAMES,
  type Grain, type Manifest, type ManifestTable, type TableFile, type TableName,
} from '@nova-corrente/core/contract';
import { ident, lit, openDb, type Db } from '../db.js';
import { DataError } from '../errors.js';
import { LAYOUT } from '../gold/layout.js';
import { newSnapshotId } from '../gold/root.js';
import { castColumns, describeFile, tableEntry, writeIndex, writeTable } from '../gold/write-tables.js';
import { FolderStore } from '../store/folder.js';
import { commitSnapshot } from '../store/snapshots.js';
import { itemLabelProblem } from '../gold/validate-label.js';
import { allSitesProblem } from '../gold/validate-all-sites.js';
import { SealError } from './error.js';
import { checkSealed } from './rules.js';
import { sealSearch } from './search.js';
import { scanFolder, type InputFile } from './scan.js';

/** Options of `nova-etl seal`. */
export interface SealOptions {
  /** Folder of Parquet files written by another engine (docs/scale.md). */
  input: string;
  /** Gold root to publish the snapshot into. */
  out: string;
  /** Time grain; default inferred from the fact dates. */
  grain?: Grain;
  /** Last date with actuals; default the last date of fact_forecast with an actual. */
  asOf?: string;
  /** Snapshots kept on the root. */
  keep?: number;
}

/** The grain of a list of distinct dates: months if all are 1st of month, weeks if all Mondays, else days. */
async function inferGrain(db: Db): Promise<Grain> {
  const r = await db.one<{ n: number; firsts: number; mondays: number }>(
    `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE day(date) = 1)::INTEGER AS firsts, count(*) FILTER (WHERE isodow(date) = 1)::INTEGER AS mondays
     FROM (SELECT DISTINCT date FROM g_fact_forecast)`,
  );
  const n = Number(r?.n ?? 0);
  if (n > 1 && Number(r?.firsts) === n) return 'month';
  if (n > 1 && Number(r?.mondays) === n) return 'week';
  return 'day';
}

/**
 * Turns a folder of Parquet files written by another engine into a published snapshot of `out`:
 * copies the files into the snapshot (checks run on the copies, so what is published is what was
 * checked), checks the contract and layout rules (refusing with the rule and the file), writes the
 * derived tables, the file indexes and the manifest, then swaps `manifest.json` like a build.
 */
export async function sealFolder(opts: SealOptions): Promise<{ manifest: Manifest; seconds: number }> {
  const t0 = performance.now();
  const inputs = await scanFolder(opts.input);
  const store = new FolderStore(opts.out);
  await mkdir(opts.out, { recursive: true });
  const release = await store.lock('seal');
  const snapshotId = newSnapshotId();
  const rel = `snapshots/${snapshotId}`;
  const tmp = join(opts.out, 'snapshots', `.tmp-${snapshotId}-${process.pid}`);
  let db: Db | undefined;
  try {
    await mkdir(tmp, { recursive: true });
    db = await openDb();
    const tables = {} as Record<TableName, ManifestTable>;
    for (const table of TABLE_NAMES.filter((t) => !TABLES[t].derived)) {
      const mine = inputs.filter((f) => f.table === table);
      tables[table] = TABLES[table].partitionedByItem ? await sealBuckets(db, table, mine, tmp, rel) : await sealSingle(db, table, mine[0], tmp, rel);
    }
    const label = await itemLabelProblem(db, 'g_agg_item', 'g_dim_item');
    if (label) throw new SealError('item-label', 'agg_item', label.replace(/^agg_item /, ''));
    const allSites = await allSitesProblem(db, 'g_fact_forecast', 'g_agg_daily');
    if (allSites) throw new SealError('all-sites', 'agg_daily', allSites.replace(/^agg_daily /, ''));
    for (const table of TABLE_NAMES.filter((t) => TABLES[t].derived)) {
      const given = inputs.filter((f) => f.table === table);
      tables[table] = given.length ? await sealSearch(db, given, tmp, rel) : await writeTable(db, table, tmp, rel);
    }
    const range = await db.one<{ lo: string; hi: string; actual: string | null }>(
      `SELECT CAST(min(date) AS VARCHAR) AS lo, CAST(max(date) AS VARCHAR) AS hi, CAST(max(date) FILTER (WHERE actual IS NOT NULL) AS VARCHAR) AS actual FROM g_fact_forecast`,
    );
    const ml = await db.all<{ source: string; model_version: string; generated_at: string; dataset_id: string; rows: number }>(
      `SELECT source, model_version, strftime(max(generated_at), '%Y-%m-%dT%H:%M:%SZ') AS generated_at, dataset_id, count(*)::INTEGER AS rows
       FROM g_fact_forecast GROUP BY source, model_version, dataset_id ORDER BY source, model_version`,
    );
    const rows = tables.fact_forecast.rows;
    const manifest: Manifest = {
      contract: CONTRACT,
      snapshot_id: snapshotId,
      created_at: new Date().toISOString(),
      grain: opts.grain ?? (await inferGrain(db)),
      as_of: opts.asOf ?? range?.actual ?? range?.lo ?? '',
      date_range: { min: range?.lo ?? '', max: range?.hi ?? '' },
      ml: ml.map((m) => ({ ...m, rows: Number(m.rows) })),
      tables,
      quality: { rows_read: rows, rows_kept: rows, rows_quarantined: 0, quarantine_path: `${rel}/quarantine.csv`, report_path: `${rel}/quality.json`, inputs: [] },
      previous_snapshot_id: null,
    };
    const problems = checkManifest(manifest);
    if (problems.length) throw new DataError(`seal refused: the sealed gold would not conform to ${CONTRACT}: ${problems.join('; ')} [rule contract]`);
    await writeFile(join(tmp, 'quarantine.csv'), 'file,line,column,code,reason,raw\n');
    const report = { sealed_from: opts.input, gate: { passed: true, allow_partial: false, failures: [] }, inputs: inputs.map((f) => f.rel).sort(), warnings: [] };
    await writeFile(join(tmp, 'quality.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(tmp, join(opts.out, 'snapshots', snapshotId));
    const committed = (await commitSnapshot(store, manifest, opts.keep ?? 5)).manifest;
    return { manifest: committed, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    db?.close();
    await release();
  }
}

/** A single-file table: copied, checked, viewed as `g_<table>` for the derived tables and the manifest. */
async function sealSingle(db: Db, table: TableName, input: InputFile, tmp: string, rel: string): Promise<ManifestTable> {
  const abs = join(tmp, `${table}.parquet`);
  await copyFile(input.abs, abs);
  const f = await describeFile(db, abs, posix.join(rel, `${table}.parquet`));
  await checkSealed(db, table, abs, input.rel, f);
  await db.run(`CREATE OR REPLACE VIEW ${ident(`g_${table}`)} AS SELECT ${castColumns(table)} FROM read_parquet(${lit(abs)})`);
  return tableEntry(db, table, rel, [f], ident(`g_${table}`));
}

/**
 * An item-partitioned table: bucket files copied as `part-NNNNN.parquet` (buckets = highest bucket
 * + 1; a bucket the engine wrote no file for is an empty file), each checked with its placement.
 */
async function sealBuckets(db: Db, table: TableName, inputs: InputFile[], tmp: string, rel: string): Promise<ManifestTable> {
  const buckets = Math.max(...inputs.map((f) => f.bucket ?? 0)) + 1;
  await mkdir(join(tmp, table), { recursive: true });
  const files: TableFile[] = [];
  const paths: string[] = [];
  for (let b = 0; b < buckets; b++) {
    const input = inputs.find((f) => f.bucket === b);
    const abs = join(tmp, table, bucketFileName(b));
    if (input) await copyFile(input.abs, abs);
    else await db.run(`COPY (SELECT ${castColumns(table)} FROM read_parquet(${lit(inputs[0].abs)}) LIMIT 0) TO ${lit(abs)} (FORMAT parquet, COMPRESSION ${LAYOUT.compression})`);
    const f = await describeFile(db, abs, posix.join(rel, table, bucketFileName(b)));
    if (input) await checkSealed(db, table, abs, input.rel, f, { bucket: b, buckets });
    files.push(f);
    paths.push(abs);
  }
  await db.run(`CREATE OR REPLACE VIEW ${ident(`g_${table}`)} AS SELECT ${castColumns(table)} FROM read_parquet([${paths.map(lit).join(', ')}])`);
  return tableEntry(db, table, rel, files, ident(`g_${table}`), await writeIndex(tmp, rel, table, files));
}
