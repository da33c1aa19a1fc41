import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

/** What a raw input file holds. */
export type InputKind = 'items' | 'sites' | 'consumption' | 'inventory' | 'forecasts';

/** `nova.config.json`: every field optional; defaults in {@link DEFAULT_CONFIG}. */
export interface NovaConfig {
  /** Per input kind, raw header → canonical column, e.g. `{ "consumption": { "quantidade": "quantity" } }`. */
  mapping: Partial<Record<InputKind, Record<string, string>>>;
  /** Forecast inputs. */
  forecasts: {
    /** Column holding the item id in Prophet output (default: first of item_id, unique_id, item, codigo). */
    item_column?: string;
    /** In statsforecast `unique_id`, the separator between item and site (e.g. "|"); none by default. */
    unique_id_separator?: string;
  };
  /** Service level per criticality class, used for safety stock (z from the normal quantile). */
  service_levels: Record<string, number>;
  /** Inventory arithmetic. */
  inventory: {
    /** Which forecast source drives agg_item: "best" (lowest WAPE per item over the error window) or a source name. */
    source: string;
    /** Periods of history used for σ(forecast error) and WAPE/MAPE/bias (default 90 days, converted to the grain). */
    error_window_days: number;
    /** Days of cover above which an item is `overstock`. */
    overstock_days: number;
    /** Days of cover counted when sizing a suggested order (target = reorder point + this many days of demand). */
    order_cover_days: number;
  };
  /** Snapshots kept on a gold root (older ones are deleted after a successful publish). */
  keep_snapshots: number;
  /** Fraction of nulls tolerated in non-key contract columns (default 0.01). */
  max_null_fraction: number;
  /**
   * Quality gate: the largest fraction of an input's rows that may be quarantined (default 0.05),
   * per input kind (items, sites, consumption, inventory) and per forecast source. A number applies to
   * all; an object sets it per kind (`{ "consumption": 0.01 }`), other kinds keep the default.
   */
  max_reject_fraction: number | Partial<Record<InputKind, number>>;
  /** Files or folders in the raw folder that are not inputs (paths relative to it, `*` wildcards; a trailing `/` names a folder). Any other file not read fails the build. */
  ignore: string[];
  /** Bronze builds kept in the work folder (older runs' bronze files are deleted at the start of a build). */
  keep_bronze_builds: number;
  /** Values used when a non-key item attribute is malformed (the item is kept; quality.json lists each `defaulted` cell). */
  item_defaults: { unit_cost: number; lead_time_days: number; min_order_qty: number; criticality: 'A' | 'B' | 'C' };
  /** Per raw file (path relative to the raw folder): the 1-based row holding the header, when auto-detection should not guess. */
  header_row: Record<string, number>;
}

/** Default limit of the quality gate: 5 % of an input's rows quarantined. */
export const DEFAULT_MAX_REJECT_FRACTION = 0.05;

/** The quality-gate limit that applies to one input kind. */
export function rejectLimit(config: NovaConfig, kind: InputKind): number {
  const m = config.max_reject_fraction;
  return typeof m === 'number' ? m : m[kind] ?? DEFAULT_MAX_REJECT_FRACTION;
}

/** Defaults used for every field `nova.config.json` leaves out. */
export const DEFAULT_CONFIG: NovaConfig = {
  mapping: {},
  forecasts: {},
  service_levels: { A: 0.99, B: 0.95, C: 0.9 },
  inventory: { source: 'best', error_window_days: 90, overstock_days: 180, order_cover_days: 30 },
  keep_snapshots: 5,
  max_null_fraction: 0.01,
  max_reject_fraction: DEFAULT_MAX_REJECT_FRACTION,
  ignore: [],
  keep_bronze_builds: 5,
  item_defaults: { unit_cost: 0, lead_time_days: 30, min_order_qty: 1, criticality: 'C' },
  header_row: {},
};

/** Reads a config file (JSON) and merges it over the defaults; `path` undefined → defaults. */
export async function loadConfig(path?: string): Promise<NovaConfig> {
  if (!path) return structuredClone(DEFAULT_CONFIG);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${path}: ${(err as Error).message}`);
  }
  let raw: Partial<NovaConfig>;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, '')) as Partial<NovaConfig>;
  } catch (err) {
    throw new UsageError(`config ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const cfg: NovaConfig = {
    ...DEFAULT_CONFIG,
    ...raw,
    mapping: { ...(raw.mapping ?? {}) },
    forecasts: { ...DEFAULT_CONFIG.forecasts, ...(raw.forecasts ?? {}) },
    service_levels: { ...DEFAULT_CONFIG.service_levels, ...(raw.service_levels ?? {}) },
    inventory: { ...DEFAULT_CONFIG.inventory, ...(raw.inventory ?? {}) },
    item_defaults: { ...DEFAULT_CONFIG.item_defaults, ...(raw.item_defaults ?? {}) },
    header_row: { ...(raw.header_row ?? {}) },
    ignore: [...(raw.ignore ?? [])],
  };
  const fraction = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
  const m = cfg.max_reject_fraction;
  if (!(fraction(m) || (typeof m === 'object' && m !== null && Object.values(m).every(fraction)))) {
    throw new UsageError(`config ${path}: max_reject_fraction must be a number between 0 and 1, or an object of them per input kind (got ${JSON.stringify(m)})`);
  }
  if (!Array.isArray(cfg.ignore) || !cfg.ignore.every((x) => typeof x === 'string' && x !== '')) {
    throw new UsageError(`config ${path}: ignore must be a list of file names or patterns`);
  }
  if (!Number.isInteger(cfg.keep_bronze_builds) || cfg.keep_bronze_builds < 1) {
    throw new UsageError(`config ${path}: keep_bronze_builds must be a positive integer`);
  }
  for (const [file, row] of Object.entries(cfg.header_row)) {
    if (!Number.isInteger(row) || row < 1) throw new UsageError(`config ${path}: header_row.${file} must be a positive row number (got ${JSON.stringify(row)})`);
  }
  const d = cfg.item_defaults;
  if (!(d.unit_cost >= 0 && Number.isInteger(d.lead_time_days) && d.lead_time_days >= 0 && d.min_order_qty > 0 && ['A', 'B', 'C'].includes(d.criticality))) {
    throw new UsageError(`config ${path}: item_defaults needs unit_cost ≥ 0, a whole lead_time_days ≥ 0, min_order_qty > 0 and criticality A, B or C`);
  }
  for (const [cls, level] of Object.entries(cfg.service_levels)) {
    if (!(typeof level === 'number' && level > 0.5 && level < 1)) {
      throw new UsageError(`config ${path}: service_levels.${cls} must be a number between 0.5 and 1 (got ${JSON.stringify(level)})`);
    }
  }
  if (!Number.isInteger(cfg.keep_snapshots) || cfg.keep_snapshots < 1) {
    throw new UsageError(`config ${path}: keep_snapshots must be a positive integer`);
  }
  return cfg;
}
