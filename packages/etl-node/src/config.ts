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
}

/** Defaults used for every field `nova.config.json` leaves out. */
export const DEFAULT_CONFIG: NovaConfig = {
  mapping: {},
  forecasts: {},
  service_levels: { A: 0.99, B: 0.95, C: 0.9 },
  inventory: { source: 'best', error_window_days: 90, overstock_days: 180, order_cover_days: 30 },
  keep_snapshots: 5,
  max_null_fraction: 0.01,
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
  };
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
