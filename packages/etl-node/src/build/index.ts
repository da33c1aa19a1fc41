import { mkdir, readdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CONTRACT, TABLES, TABLE_NAMES, type Grain, type Manifest, type ManifestTable, type TableName } from '@nova-corrente/core/contract';
import type { InputKind, NovaConfig } from '../config.js';
import { openDb, resolveResources, type Db, type DbResources } from '../db.js';
import { DataError } from '../errors.js';
import { acquireLock } from '../gold/lock.js';
import { checkpoint } from '../checkpoint.js';
import { newSnapshotId, readManifest } from '../gold/root.js';
import { FolderStore } from '../store/folder.js';
import { commitSnapshot } from '../store/snapshots.js';
import { startTable, writeTable } from '../gold/write-tables.js';
import { labelAggItem } from '../gold/derived.js';
import { checkRawFolder } from '../ingest/discover.js';
import { ingestRaw } from '../ingest/index.js';
import { assertInputsUnchanged } from '../ingest/identity.js';
import type { IngestedFile, Progress } from '../ingest/types.js';
import { buildAggAccuracy, buildAggDaily, buildAggModel, buildAggTotals } from './accuracy.js';
import { buildDimTime, buildFacts, MODEL_ROWS_SQL } from './gold-tables.js';
import { buildInventory } from './inventory.js';
import { checkGoldTables, type QualityReport } from './quality.js';
import { pruneBronze, writeBronze } from './bronze.js';
import { checkConservation } from './conservation.js';
import { gateMessage, qualityGate } from './gate.js';
import { buildSilver, createQuarantine, insertRejects, KEY_KINDS, removeDeadSilverTemps, SILVER_LANES, writeSilver } from './silver.js';
import { inLanes } from './lanes.js';
import { removeDeadScratch, scratchName } from './scratch.js';
import { writeQuarantineCsv } from './quarantine-file.js';
import { createMacros } from './sql-macros.js';
import { formatTimings, laneLog, stageTimer, type StageTiming } from './timings.js';

/** A build's spill subfolder: `nova-<snapshot_id>-<pid>@<host>`. */
const SPILL_PREFIX = 'nova-';

/** Options of {@link build}. */
export interface BuildOptions {
  /** Raw folder. */
  input: string;
  /** Gold root (created when missing). */
  out: string;
  grain: Grain;
  config: NovaConfig;
  /** Work folder for bronze and silver (default: `<out>.work` beside the gold root). */
  work?: string;
  onProgress?: Progress;
  /** Build time (tests pin it). */
  now?: Date;
  /** Last date with actuals (YYYY-MM-DD); default: the last consumption or inventory date, never after the build date. */
  asOf?: string;
  /** Publish even when the quality gate fails (recorded in quality.json). */
  allowPartial?: boolean;
  /**
   * DuckDB's memory cap, spill folder and threads (default: the `NOVA_DUCKDB_*` environment, else
   * a quarter of the machine's memory up to 1,600 MB, `<work>/duckdb-tmp`, every CPU).
   */
  resources?: DbResources;
}

/** What a build produced. */
export interface BuildResult {
  manifest: Manifest;
  quality: QualityReport;
  snapshotDir: string;
  seconds: number;
  /** The first quarantined rows (file, line, column, code, reason), for the console. */
  quarantineSample: { file: string; line: number; column: string | null; code: string; reason: string }[];
  /** Wall and CPU seconds per stage (printed to stderr when `NOVA_PROFILE` is set). */
  timings: StageTiming[];
}

/**
 * raw → bronze → silver → gold. Writes the snapshot into a temporary folder, renames it into
 * `snapshots/<id>`, then swaps `manifest.json` last: a failing or killed build leaves the
 * previous manifest and snapshot untouched.
 */
export async function build(opts: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const now = opts.now ?? new Date();
  const progress = opts.onProgress ?? (() => {});
  const timer = stageTimer();
  const work = opts.work ?? join(dirname(opts.out), `${basename(opts.out)}.work`);
  const snapshotId = newSnapshotId(now);
  await checkRawFolder(opts.input);
  // One build per gold root at a time (exit 2 naming the running one); a killed build's lock is stale.
  const release = await acquireLock(opts.out, 'build');
  // Scratch folders named after this build (pid and host): two builds sharing a work or spill
  // folder each clean only what dead builds left (build/scratch.ts).
  const own = scratchName(snapshotId);
  const staging = join(work, 'staging', own);
  let db: Db | null = null;
  // Work started beside the read (the key kinds' silver), settled before the database closes.
  const side: { keys?: { read: IngestedFile[]; mark: (step: string) => void; built: InputKind[]; done: Promise<void> } } = {};
  let spill: string | null = null;
  const tmpDir = join(opts.out, 'snapshots', `.tmp-${snapshotId}-${process.pid}`);
  try {
    // What a killed build left in the work folder is garbage. The lock covers this gold root only;
    // another root's running build may share `--work`, so only dead builds' scratch goes.
    await removeDeadScratch(join(work, 'staging'), { foreign: 'remove' });
    await removeDeadScratch(join(work, 'duckdb-tmp'), { foreign: 'remove' });
    // And so is a killed build's temporary snapshot folder (builds and seals of this root hold the
    // lock): the store's prune after the swap lists files, so one killed before its first file
    // (only empty table folders: the writer's lanes make those first) would stay forever.
    for (const name of await readdir(join(opts.out, 'snapshots')).catch(() => [] as string[])) {
      if (name.startsWith('.tmp-')) await rm(join(opts.out, 'snapshots', name), { recursive: true, force: true });
    }
    // And a silver file a killed build was copying (build/silver.ts writes it beside, then renames).
    await removeDeadSilverTemps(work);
    await mkdir(staging, { recursive: true });
    const res = resolveResources(opts.resources ?? {}, join(work, 'duckdb-tmp'));
    // A spill folder may be shared (the user's, or the work folder of several gold roots): this
    // build spills into its own subfolder, and clears those of dead builds (never other files).
    if (res.tempDir !== join(work, 'duckdb-tmp')) await removeDeadScratch(res.tempDir, { prefix: SPILL_PREFIX, foreign: 'keep' });
    spill = res.tempDir = join(res.tempDir, `${SPILL_PREFIX}${own}`);
    await mkdir(spill, { recursive: true });
    timer.mark('read raw inputs');
    progress('reading raw inputs');
    const inputDir = await realpath(opts.input).catch(() => opts.input);
    // The cut-off: --as-of, else the build date. Later actuals and stock counts are quarantined.
    const cutoff = opts.asOf ?? now.toISOString().slice(0, 10);
    type Mark = (step: string) => void;
    // bronze → silver → silver file of one kind (of the files `of`); `mark` names its steps (timer or lane log).
    const toBronze = (con: Db, kind: InputKind, of: IngestedFile[], mark: Mark) => {
      progress(`bronze → silver: ${kind}`);
      mark(`bronze: ${kind}`);
      return writeBronze(con, kind, of.filter((f) => f.kind === kind), inputDir, work, snapshotId, now);
    };
    const silverFile = (con: Db, kind: InputKind, mark: Mark) => {
      mark(`silver file: ${kind}`);
      return writeSilver(con, kind, work);
    };
    const fromBronze = async (con: Db, kind: InputKind, of: IngestedFile[], bronze: Map<string, string>, mark: Mark, file = true) => {
      mark(`silver: ${kind}`);
      await buildSilver(con, kind, of.filter((f) => f.kind === kind), { sitesGiven: sitesIn(of), bronze });
      if (file) await silverFile(con, kind, mark);
    };
    // The macros, the quarantine with the rejects of `read`, and the silver of the kinds every other
    // kind's keys point to (items, sites), from the files `read` (`files`: with their silver files).
    const keySilver = async (con: Db, read: IngestedFile[], mark: Mark, files: boolean, built: InputKind[] = []) => {
      await createMacros(con, { date: cutoff, buildTime: now }, opts.config.item_defaults);
      await createQuarantine(con);
      await insertRejects(con, read.flatMap((f) => f.rejects));
      for (const kind of KEY_KINDS) {
        await fromBronze(con, kind, read, await toBronze(con, kind, read, mark), mark, files);
        built.push(kind);
      }
    };
    const lanes = laneLog();
    // DuckDB is opened once the read's scan worker runs: loading its module then overlaps the
    // worker's byte pass (ingest/index.ts; an error opening it still wins over the read's). Once the
    // catalogue, the sites and the forecasts are read, their silver starts while the worker may
    // still scan the logs (`side.keys`); its error comes after the read's, as when it ran after.
    let opening: Promise<Db> | undefined;
    const files = await ingestRaw(inputDir, opts.config, staging, progress, async () => {
      db = await (opening = openDb(res));
    }, (read) => {
      if (!read.some((f) => f.kind === 'items') || !read.some((f) => f.kind === 'forecasts')) return; // the build stops after the read
      const mark = lanes.mark('items, sites');
      const built: InputKind[] = [];
      side.keys = { read, mark, built, done: keySilver(db!, read, mark, false, built) };
      side.keys.done.catch(() => undefined); // awaited below, or settled before the database closes
    });
    db = await opening!;
    await checkpoint('build:staged');
    const byKind = (k: InputKind) => files.filter((f) => f.kind === k);
    if (byKind('items').length === 0) throw new DataError(`no items file in ${opts.input} (expected items.csv or items.xlsx)`);
    if (byKind('forecasts').length === 0) throw new DataError(`no forecast files in ${join(opts.input, 'forecasts')}`);
    if (side.keys) {
      const early = new Set(side.keys.read);
      const failed = await side.keys.done.then(() => null, (err: unknown) => ({ err }));
      // Their silver files once the read has succeeded: a build whose read fails leaves the silver
      // files as they were, as when nothing ran beside the read. The files of the kinds made before
      // a failure first (one of them may fail first, as kind after kind), then that failure.
      for (const kind of side.keys.built) await silverFile(db, kind, side.keys.mark);
      side.keys.mark('');
      if (failed) throw failed.err;
      await insertRejects(db, files.filter((f) => !early.has(f)).flatMap((f) => f.rejects));
    } else {
      const keyMark: Mark = (step) => timer.mark(step);
      await keySilver(db, files, keyMark, true);
    }
    // The other kinds side by side: the direct CSVs' bronze copies run on one thread each.
    timer.mark(`bronze → silver: ${SILVER_LANES.map((l) => l.join(', ')).join(' ‖ ')}`);
    // Kind after kind in each lane. Each lane's bronze copies first (one thread each, then the silver
    // steps) measured ~1.5 s less wall at 5,000 items but 13-14 s more CPU at 50,000 (ADR 0006, session 15).
    await inLanes(db, SILVER_LANES.map((kinds) => async (con: Db) => {
      const mark = lanes.mark(kinds.join(', '));
      for (const kind of kinds) await fromBronze(con, kind, files, await toBronze(con, kind, files, mark), mark);
      mark('');
    }));
    timer.mark('quality gate');
    // Every read of the raw files is done (bronze copies, Parquet inputs typed in place): refuse a
    // file written while the build read it, before anything of it reaches gold.
    await checkpoint('build:silvered');
    await assertInputsUnchanged(inputDir, files);
    await pruneBronze(work, opts.config.keep_bronze_builds);
    const inputs = await countInputs(db, files);
    const gate = await qualityGate(db, files, inputs, opts.config, Boolean(opts.allowPartial));
    if (!gate.passed && !opts.allowPartial) throw new DataError(gateMessage(gate));
    const kept = (k: InputKind) => inputs.filter((i) => i.kind === k).reduce((s, i) => s + i.rows_kept, 0);
    if (kept('items') === 0) throw new DataError(`no valid item rows: every row of the items file was rejected\n${await topReasons(db, byKind('items'))}`);
    if (kept('forecasts') === 0) throw new DataError(`no valid forecast rows: every forecast row was rejected\n${await topReasons(db, byKind('forecasts'))}`);
    progress('gold: facts, inventory, aggregates');
    timer.mark('gold: facts');
    // Every gold table is created with its ORDER BY and the rest are joined: results without one
    // may come in any order, which spares DuckDB buffering to keep it in parallel inserts.
    await db.run(`SET preserve_insertion_order = false`);
    // The fact rows live in the staging folder until the build ends (removed with it).
    const { asOf, unordered } = await buildFacts(db, opts.grain, opts.asOf ?? (await latestObservation(db)), join(staging, 'facts'));
    // The forecasts live on in g_fact_forecast (silver's file is written): free their memory or
    // spill (53 M rows at 50,000 items) for the gold stage.
    await db.run(`DROP TABLE silver_forecasts`);
    await buildDimTime(db, opts.grain);
    timer.mark('gold: inventory, agg_item');
    await buildInventory(db, opts.grain, asOf, opts.config);
    timer.mark('gold: agg_daily');
    await buildAggDaily(db);
    timer.mark('gold: agg_accuracy');
    await buildAggAccuracy(db, opts.grain);
    timer.mark('gold: agg_model, agg_totals');
    await buildAggModel(db, opts.grain, asOf, opts.config);
    await buildAggTotals(db);
    await labelAggItem(db);
    timer.mark('gold checks');
    await checkConservation(db, opts.grain);
    const quality = await checkGoldTables(db, opts.config.max_null_fraction);
    progress('writing snapshot');
    // The writer copies item ranges of each table in storage order. Its statements are small (a
    // 12,500-row file each), side by side on several connections: one DuckDB thread each spares
    // the threads' hand-offs, ~15 % of the writer's CPU, for the same files (ADR 0006, session 13).
    await db.run(`SET preserve_insertion_order = true`);
    await db.run(`SET threads = 1`);
    await rm(tmpDir, { recursive: true, force: true });
    await mkdir(tmpDir, { recursive: true });
    const rel = `snapshots/${snapshotId}`;
    // The tables written by item bucket (the fact tables — most of the writing, their buckets on
    // every thread — and agg_item) on this connection, which holds their TEMP bucket tables, one
    // after the other (a table without `_bucket` is sorted into the one shared `_bucketed`), beside
    // the other tables on a sibling connection, then quarantine.csv and the manifest's model
    // metadata (a scan of the fact table): those single-threaded statements fill what the fact
    // writer leaves of the cores. fact_forecast comes last in its lane: the other two are sorted
    // into `_bucketed` first, on one thread since the writer runs on one, and that sort then runs
    // beside the other lane instead of alone after it (ADR 0006, session 13). The other lane, once
    // done, helps with fact_forecast's groups (started here, on this connection), so that its
    // connection does not idle while this lane still writes fact_inventory and agg_item (ADR 0006,
    // session 15).
    const written = new Map<TableName, ManifestTable>();
    const byBucket = (n: TableName) => Boolean(TABLES[n].partitionedByItem && !TABLES[n].splitBy);
    const last = (n: TableName) => Number(n === 'fact_forecast');
    const writeLanes = [TABLE_NAMES.filter(byBucket).sort((a, b) => last(a) - last(b)), TABLE_NAMES.filter((n) => !byBucket(n))];
    const after = { quarantineRows: 0, ml: [] as ModelRow[] };
    timer.mark('write bucketed tables ‖ the other tables');
    const facts = unordered.fact_forecast ? await startTable(db, 'fact_forecast', tmpDir, rel, unordered.fact_forecast) : undefined;
    await inLanes(db, writeLanes.map((names, i) => async (con: Db) => {
      const mark = lanes.mark(names.join(', '));
      for (const name of names) {
        progress(`writing ${name}`);
        mark(`write ${name}`);
        written.set(name, await writeTable(con, name, tmpDir, rel, unordered[name], name === 'fact_forecast' ? facts : undefined));
      }
      if (i === 1) {
        mark('quarantine.csv, model metadata');
        after.quarantineRows = await writeQuarantineCsv(con, join(tmpDir, 'quarantine.csv'));
        after.ml = await modelRows(con);
        mark('help with fact_forecast');
        await facts?.help(con);
      }
      mark('');
    }));
    await db.run(`SET threads = ${db.threads}`);
    const tables = Object.fromEntries(TABLE_NAMES.map((n) => [n, written.get(n)!])) as Record<TableName, ManifestTable>;
    timer.mark('manifest, quality.json, publish');
    const { quarantineRows, ml } = after;
    const previous = await readManifest(opts.out).catch(() => null);
    const warnings = files.flatMap((f) => f.warnings.map((w) => `${f.file}: ${w}`));
    if (gate.allow_partial) warnings.unshift(`published with --allow-partial although the quality gate failed: ${gate.failures.join('; ')}`);
    const defaulted = (await db.all<QualityReport['defaulted'][number]>(
      `SELECT file, line::INTEGER AS line, "column", value, "default" FROM defaulted ORDER BY file, line, "column" LIMIT 1000`,
    )).map((d) => ({ ...d, line: Number(d.line) }));
    const defaultedCells = Number((await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM defaulted`))?.n ?? 0);
    if (defaultedCells) warnings.push(`${defaultedCells} malformed item attribute(s) replaced by their default (items kept; see "defaulted" in quality.json)`);
    const report: QualityReport = { ...quality, inputs, quarantine_rows: quarantineRows, gate, defaulted, defaulted_cells: defaultedCells,
      skipped_rows: files.flatMap((f) => (f.skippedRows ?? []).map((r) => ({ file: f.file, ...r }))), warnings };
    const sum = (k: 'rows_read' | 'rows_kept' | 'rows_quarantined') => inputs.reduce((s, i) => s + i[k], 0);
    const manifest: Manifest = {
      contract: CONTRACT,
      snapshot_id: snapshotId,
      created_at: now.toISOString(),
      grain: opts.grain,
      as_of: asOf ?? tables.fact_forecast.min_date ?? '',
      date_range: { min: tables.fact_forecast.min_date ?? '', max: tables.fact_forecast.max_date ?? '' },
      ml: ml.map((m) => ({ ...m, rows: Number(m.rows) })),
      tables,
      quality: {
        rows_read: sum('rows_read'),
        rows_kept: sum('rows_kept'),
        rows_quarantined: sum('rows_quarantined'),
        quarantine_path: `${rel}/quarantine.csv`,
        report_path: `${rel}/quality.json`,
        inputs,
      },
      previous_snapshot_id: previous?.snapshot_id ?? null,
    };
    await writeFile(join(tmpDir, 'quality.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(tmpDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await checkpoint('build:written');
    const finalDir = join(opts.out, 'snapshots', snapshotId);
    await rename(tmpDir, finalDir);
    await checkpoint('build:renamed');
    progress('publishing manifest');
    // Swap the manifest, then prune (never the new live snapshot nor its previous one).
    const committed = (await commitSnapshot(new FolderStore(opts.out), manifest, opts.config.keep_snapshots)).manifest;
    const quarantineSample = await db.all<BuildResult['quarantineSample'][number]>(
      `SELECT file, line::INTEGER AS line, "column", code, reason FROM quarantine ORDER BY file, line LIMIT 20`,
    );
    const timings = timer.done();
    if (process.env.NOVA_PROFILE) process.stderr.write(`${formatTimings(timings)}\n${lanes.format()}\n`);
    return { manifest: committed, quality: report, snapshotDir: finalDir, seconds: (performance.now() - t0) / 1000, quarantineSample, timings };
  } catch (err) {
    await rm(tmpDir, { recursive: true, force: true });
    throw err;
  } finally {
    await side.keys?.done.catch(() => undefined);
    db?.close();
    await rm(staging, { recursive: true, force: true });
    if (spill) await rm(spill, { recursive: true, force: true });
    await release();
  }
}

type ModelRow = { source: string; model_version: string; generated_at: string; dataset_id: string; rows: number };

/** The manifest's `ml`: each source's model version and dataset, latest generation time and fact rows. */
function modelRows(db: Db): Promise<ModelRow[]> {
  return db.all<ModelRow>(MODEL_ROWS_SQL);
}

/**
 * The default `as_of`: the latest consumption or inventory date. Both are at most the cut-off
 * (later rows are quarantined), so `as_of` never moves past the build date; a stock count dated
 * after the last movement is then used, and the days between are zero demand. Null when neither
 * file has a row (buildFacts then falls back to the forecasts' generation date).
 */
async function latestObservation(db: Db): Promise<string | undefined> {
  const r = await db.one<{ d: string | null }>(
    `SELECT CAST(greatest((SELECT max(date) FROM silver_consumption), (SELECT max(date) FROM silver_inventory)) AS VARCHAR) AS d`,
  );
  return r?.d ?? undefined;
}

/** Whether a sites file with rows is among `files` (else every site is `default` and none is checked). */
function sitesIn(files: IngestedFile[]): boolean {
  return files.some((f) => f.kind === 'sites' && f.rowsRead > 0);
}

/** The distinct reasons the rows of some files were rejected, for a fatal error message (nothing is published to read them from). */
async function topReasons(db: Db, files: IngestedFile[]): Promise<string> {
  const names = new Set(files.map((f) => f.file));
  const rows = await db.all<{ file: string; line: number; reason: string; n: number }>(
    `SELECT file, min(line)::INTEGER AS line, reason, count(*)::INTEGER AS n FROM quarantine GROUP BY file, reason ORDER BY file, line`,
  );
  return rows
    .filter((r) => names.has(r.file))
    .slice(0, 10)
    .map((r) => `  ${r.file}:${r.line}: ${r.reason}${r.n > 1 ? ` (${r.n} rows)` : ''}`)
    .join('\n');
}

/** rows read / kept / quarantined per input file; they must add up, or the build stops. */
async function countInputs(db: Db, files: IngestedFile[]) {
  const count = async (sql: string) => new Map((await db.all<{ file: string; n: number }>(sql)).map((r) => [r.file, Number(r.n)]));
  const quarantined = await count(`SELECT file, count(*)::INTEGER AS n FROM quarantine GROUP BY 1`);
  const keptByFile = await count(`SELECT file, sum(n)::INTEGER AS n FROM silver_kept GROUP BY 1`);
  const out = [];
  for (const f of files) {
    const kept = keptByFile.get(f.file) ?? 0;
    const bad = quarantined.get(f.file) ?? 0;
    if (kept + bad !== f.rowsRead) {
      throw new Error(`internal: ${f.file} read ${f.rowsRead} rows but kept ${kept} + quarantined ${bad}`);
    }
    out.push({ file: f.file, kind: f.kind, rows_read: kept + bad, rows_kept: kept, rows_quarantined: bad });
  }
  return out;
}
