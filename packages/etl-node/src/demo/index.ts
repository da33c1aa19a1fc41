import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckdb, resolveResources, type DbResources } from '../db.js';
import { UsageError } from '../errors.js';
import { buildCatalog } from './catalog.js';
import { createDemand, loadSeries, type Frame } from './demand-sql.js';
import { writeConsumption, writeCroston, writeEnsemble, writeInventory } from './outputs-sql.js';
import { buildSeries, SITES } from './series.js';
import { writeConfig, writeItems, writeSidecar, writeSites, type ForecastMeta } from './text-files.js';

/** Options of {@link generateDemoRaw}. */
export interface DemoOptions {
  /** Raw folder to write (created if missing; the demo's files in it are overwritten). */
  out: string;
  /** Catalog size (default 300). */
  items?: number;
  /** Days of history ending at `asOf` (default 730). */
  days?: number;
  /** Seed of every pseudo-random draw (default 42; integer 0…2147483647). */
  seed?: number;
  /** Last date with actuals, YYYY-MM-DD. */
  asOf: string;
  /** Forecast days after `asOf` (default 90). */
  horizonDays?: number;
  /** Called with a short message at each step. */
  onProgress?: (msg: string) => void;
  /** DuckDB's memory cap, spill folder and threads (defaults as for a build; spill: a temporary folder). */
  resources?: DbResources;
  /** The run's time (tests pin it): forecasts are never dated after it ({@link demoForecastMeta}). */
  now?: Date;
}

/** Defaults applied by {@link generateDemoRaw} to the options left out. */
export const DEMO_DEFAULTS = { items: 300, days: 730, seed: 42, horizonDays: 90 } as const;

/** What {@link generateDemoRaw} wrote: paths relative to `out` (POSIX), and data rows per data file. */
export interface DemoResult {
  files: string[];
  rows: Record<string, number>;
}

const DAY_MS = 86_400_000;

function parseDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s) throw new UsageError(`demo: --as-of must be a date YYYY-MM-DD (got ${JSON.stringify(s)})`);
  return ms;
}

function intOption(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`demo: ${name} must be an integer from ${min} to ${max} (got ${v})`);
  return v;
}

/**
 * Metadata of the two demo forecast exports for a given `asOf`: generated the next morning (01:40
 * and 03:00 UTC), as a nightly batch after the day's actuals. When that morning has not come yet at
 * `now` (an `asOf` of yesterday or later, run before 03:00 UTC), a time in the future would be
 * refused by the build (`future_generated_at`): it is then `now`, to the minute.
 */
export function demoForecastMeta(asOf: string, now: Date = new Date()): { ensemble: ForecastMeta; croston: ForecastMeta } {
  const next = parseDay(asOf) + DAY_MS;
  const latest = Math.floor(now.getTime() / 60_000) * 60_000;
  const at = (hh: number, mm: number) => new Date(Math.min(next + (hh * 60 + mm) * 60_000, latest)).toISOString().replace('.000Z', 'Z');
  const [y, m] = asOf.split('-').map(Number);
  return {
    ensemble: { source: 'ensemble', model_version: `ens-${y}.${m}.2`, generated_at: at(3, 0), dataset_id: `erp-${asOf}` },
    croston: { source: 'croston_sba', model_version: `sba-${y}.${m}.1`, generated_at: at(1, 40), dataset_id: `erp-int-${asOf}` },
  };
}

/**
 * Writes a deterministic demo raw folder that a Nova Corrente planner would recognise: a catalog of
 * telecom-maintenance materials (`items.csv`, Windows-1252, `;`, decimal comma), three Northeast
 * warehouses (`sites.csv`), an ERP movement log (`consumption.csv`, UTF-8 BOM, dd/mm/yyyy), weekly
 * stock counts (`inventory.csv`), two synthetic forecast exports (`forecasts/ensemble.parquet` with
 * metadata columns, `forecasts/croston_sba.parquet` + `.meta.json` sidecar) and `nova.config.json`
 * mapping the Portuguese headers. Same options ⇒ byte-identical files (for an `asOf` whose next
 * morning has passed: {@link demoForecastMeta}). Per-day data is generated in
 * DuckDB SQL from hashes of (seed, series, day); nothing is fitted.
 */
export async function generateDemoRaw(opts: DemoOptions): Promise<DemoResult> {
  const items = intOption('items', opts.items ?? DEMO_DEFAULTS.items, 1, 999_999);
  const days = intOption('days', opts.days ?? DEMO_DEFAULTS.days, 28, 36_500);
  const seed = intOption('seed', opts.seed ?? DEMO_DEFAULTS.seed, 0, 2_147_483_647);
  const horizon = intOption('horizonDays', opts.horizonDays ?? DEMO_DEFAULTS.horizonDays, 0, 3_650);
  const asOfMs = parseDay(opts.asOf);
  const progress = opts.onProgress ?? (() => {});
  const startMs = asOfMs - (days - 1) * DAY_MS;
  const t0 = (8 - new Date(startMs).getUTCDay()) % 7;
  const frame: Frame = {
    seed,
    start: new Date(startMs).toISOString().slice(0, 10),
    days,
    horizon,
    t0,
    mondays: t0 <= days - 1 ? Math.floor((days - 1 - t0) / 7) + 1 : 0,
  };
  const out = opts.out;
  await mkdir(join(out, 'forecasts'), { recursive: true });

  progress(`demo: catalog of ${items} items`);
  const catalog = buildCatalog(items, seed);
  const series = buildSeries(catalog, seed, days, startMs);
  await writeItems(out, catalog);
  await writeSites(out, SITES);
  await writeConfig(out);
  const meta = demoForecastMeta(opts.asOf, opts.now);
  const sidecar = await writeSidecar(out, 'croston_sba', meta.croston);

  const spillRoot = opts.resources?.tempDir || process.env.NOVA_DUCKDB_TEMP || tmpdir();
  await mkdir(spillRoot, { recursive: true });
  const tmp = await mkdtemp(join(spillRoot, 'nova-demo-'));
  const res = resolveResources({ ...opts.resources, tempDir: tmp }, tmp);
  const instance = await duckdb().DuckDBInstance.create(':memory:', {
    temp_directory: res.tempDir, memory_limit: res.memoryLimit, threads: String(res.threads), preserve_insertion_order: 'true',
  });
  const rows: Record<string, number> = { 'items.csv': catalog.length, 'sites.csv': SITES.length };
  try {
    const con = await instance.connect();
    try {
      await loadSeries(con, series);
      progress(`demo: demand for ${series.length} item-sites × ${days + horizon} days`);
      await createDemand(con, frame);
      progress('demo: consumption.csv');
      rows['consumption.csv'] = await writeConsumption(con, frame, join(out, 'consumption.csv'));
      progress('demo: inventory.csv');
      rows['inventory.csv'] = await writeInventory(con, frame, join(out, 'inventory.csv'));
      progress('demo: forecasts/ensemble.parquet');
      rows['forecasts/ensemble.parquet'] = await writeEnsemble(con, frame, meta.ensemble, join(out, 'forecasts', 'ensemble.parquet'));
      await con.run('DROP TABLE dem');
      progress('demo: forecasts/croston_sba.parquet');
      rows['forecasts/croston_sba.parquet'] = await writeCroston(con, frame, join(out, 'forecasts', 'croston_sba.parquet'));
    } finally {
      con.closeSync();
    }
  } finally {
    instance.closeSync();
    await rm(tmp, { recursive: true, force: true });
  }
  const files = ['items.csv', 'sites.csv', 'consumption.csv', 'inventory.csv', 'forecasts/ensemble.parquet', 'forecasts/croston_sba.parquet', sidecar, 'nova.config.json'];
  progress(`demo: wrote ${files.length} files to ${out}`);
  return { files, rows };
}
