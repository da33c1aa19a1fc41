import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { NovaConfig } from '../config.js';
import { CANONICAL, METADATA, REQUIRED, mapHeaders, mappingWarnings, normalizeHeader } from './headers.js';
import { type Cell, type Plan, type RowSpec, missingColumns } from './plan.js';

/** Forecast file layouts recognised from the header row. */
export type ForecastShape = 'native' | 'prophet' | 'statsforecast';

/** A forecast file's `<name>.meta.json`, as read. */
export interface Sidecar {
  /** Path relative to the raw folder that was looked for (the `<stem>.meta.json` form). */
  file: string;
  /** Metadata strings found (absent when no sidecar, or it could not be read). */
  values: Partial<Record<(typeof METADATA)[number], string>>;
  /** Whether a sidecar file exists. */
  found: boolean;
  /** Why an existing sidecar could not be used. */
  error?: string;
}

/** Reads `<stem>.meta.json` (or `<name>.meta.json`) beside a forecast file; missing is not an error. */
export async function loadSidecar(rawDir: string, file: string): Promise<Sidecar> {
  const stem = file.replace(/\.[^./]+$/, '');
  const candidates = [`${stem}.meta.json`, `${file}.meta.json`];
  for (const rel of candidates) {
    let text: string;
    try {
      text = await readFile(join(rawDir, ...rel.split(posix.sep)), 'utf8');
    } catch {
      continue;
    }
    const sidecar: Sidecar = { file: rel, values: {}, found: true };
    try {
      const json = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
      for (const k of METADATA) {
        const v = json[k];
        if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') sidecar.values[k] = String(v).trim();
      }
    } catch (err) {
      sidecar.error = `sidecar ${rel} is not valid JSON (${(err as Error).message})`;
    }
    return sidecar;
  }
  return { file: candidates[0], values: {}, found: false };
}

/** Detects the layout: Prophet (`ds` + `yhat`), statsforecast (`unique_id` + `ds`), else native. */
export function detectShape(headers: string[]): ForecastShape {
  const n = new Set(headers.map(normalizeHeader));
  if (n.has('ds') && n.has('yhat')) return 'prophet';
  if (n.has('ds') && n.has('uniqueid')) return 'statsforecast';
  return 'native';
}

const INTERVAL = /^(.+)-(lo|hi)-(\d+(?:\.\d+)?)$/;
/** statsforecast / Prophet columns that are neither models nor canonical. */
const NOT_MODELS = new Set(['uniqueid', 'ds', 'y', 'cutoff', 'index', '']);
const PROPHET_ITEM = ['item_id', 'unique_id', 'item', 'codigo'];

/** Finds a raw header by normalised name; -1 when absent. */
function find(headers: string[], name: string): number {
  const n = normalizeHeader(name);
  return headers.findIndex((h) => normalizeHeader(h) === n);
}

/**
 * Plans a forecast file of any shape.
 * - native: canonical columns, mapped through `config.mapping.forecasts` and the aliases;
 * - Prophet: `ds`, `yhat`, `yhat_lower`, `yhat_upper` + the item column (`config.forecasts.item_column`
 *   or the first of item_id, unique_id, item, codigo); Prophet's component columns are ignored;
 * - statsforecast: `unique_id`, `ds`, and every other unmapped column is a model, one output row per
 *   model; its interval is `<Model>-lo-90/-hi-90` if present, else the widest level present;
 *   source = a `source` column, else (one model) the sidecar's, else the model name lower-cased.
 * `unique_id` is split on `config.forecasts.unique_id_separator` into item_id and site_id.
 * Metadata comes from columns (empty cells fall back to the sidecar) or the sidecar alone; any of the
 * four missing → `missing_metadata` for every row, naming the missing fields.
 */
export function forecastPlan(file: string, headers: string[], config: NovaConfig, sidecar: Sidecar): Plan {
  const shape = detectShape(headers);
  const warnings: string[] = [];
  const used = new Set<number>();
  const base: Record<string, Cell> = {};
  const sep = config.forecasts.unique_id_separator;
  const models: string[] = [];
  const intervals = new Map<string, [number, number]>();

  const setKey = (col: number, splitUniqueId: boolean) => {
    used.add(col);
    if (sep && splitUniqueId) {
      base.item_id = { col, split: { sep, part: 0 } };
      base.site_id = { col, split: { sep, part: 1 } };
    } else base.item_id = { col };
  };
  if (shape === 'prophet') {
    const names = config.forecasts.item_column ? [config.forecasts.item_column] : PROPHET_ITEM;
    const itemCol = names.map((n) => find(headers, n)).find((i) => i >= 0) ?? -1;
    if (itemCol >= 0) setKey(itemCol, normalizeHeader(headers[itemCol]) === 'uniqueid');
    for (const [c, h] of [['date', 'ds'], ['forecast', 'yhat'], ['forecast_lo', 'yhat_lower'], ['forecast_hi', 'yhat_upper']]) {
      const i = find(headers, h);
      if (i >= 0) { base[c] = { col: i }; used.add(i); }
    }
    headers.forEach((h, i) => { if (!used.has(i) && /^(yhat|trend|additive|multiplicative|weekly|yearly|daily|holidays)/i.test(h)) used.add(i); });
  } else if (shape === 'statsforecast') {
    setKey(find(headers, 'unique_id'), true);
    const ds = find(headers, 'ds');
    base.date = { col: ds };
    used.add(ds);
  }
  const m = mapHeaders('forecasts', headers, config, used);
  for (const c of CANONICAL.forecasts) if (base[c] === undefined && m.index.has(c)) base[c] = { col: m.index.get(c)! };
  if (shape === 'statsforecast') {
    // Columns that map to nothing are models or their intervals.
    const levels = new Map<string, Map<string, { lo?: number; hi?: number }>>();
    const rest: string[] = [];
    for (const h of m.unknown) {
      const i = headers.indexOf(h);
      const iv = INTERVAL.exec(h);
      if (iv) {
        const byLevel = levels.get(iv[1]) ?? new Map<string, { lo?: number; hi?: number }>();
        const pair = byLevel.get(iv[3]) ?? {};
        pair[iv[2] as 'lo' | 'hi'] = i;
        byLevel.set(iv[3], pair);
        levels.set(iv[1], byLevel);
      } else if (NOT_MODELS.has(normalizeHeader(h)) || /^unnamed/i.test(h)) rest.push(h);
      else models.push(h);
    }
    for (const model of models) {
      const pairs = [...(levels.get(model) ?? new Map()).entries()].filter(([, p]) => p.lo !== undefined && p.hi !== undefined);
      const pick = pairs.find(([lvl]) => Number(lvl) === 90) ?? pairs.sort((a, b) => Number(b[0]) - Number(a[0]))[0];
      if (pick) intervals.set(model, [pick[1].lo!, pick[1].hi!]);
    }
    for (const [model, byLevel] of levels) {
      if (models.includes(model)) continue;
      for (const p of byLevel.values()) for (const i of [p.lo, p.hi]) if (i !== undefined) rest.push(headers[i]);
    }
    if (rest.length) warnings.push(`column(s) ignored: ${rest.map((h) => JSON.stringify(h)).join(', ')}`);
    if (m.duplicate.length) warnings.push(...mappingWarnings('forecasts', { ...m, unknown: [] }));
  } else {
    warnings.push(...mappingWarnings('forecasts', m));
  }

  // Metadata: a column (empty cells fall back to the sidecar) or the sidecar alone.
  const missingMeta: string[] = [];
  for (const k of METADATA) {
    const col = m.index.get(k);
    const side = sidecar.values[k];
    if (col !== undefined) base[k] = side !== undefined ? { col, fallback: side } : { col };
    else if (side !== undefined) base[k] = { value: side };
    else if (!(k === 'source' && shape === 'statsforecast' && models.length > 0)) missingMeta.push(k);
  }
  if (sidecar.error) warnings.push(sidecar.error);

  const rows: RowSpec[] = [];
  const full = (cells: Record<string, Cell>) => Object.fromEntries(CANONICAL.forecasts.map((c) => [c, cells[c] ?? null]));
  if (shape === 'statsforecast' && models.length > 0) {
    const severalWithSidecarSource = models.length > 1 && m.index.get('source') === undefined && sidecar.values.source !== undefined;
    if (severalWithSidecarSource) warnings.push(`${models.length} models in one file: source is each model's name lower-cased, not the sidecar's "${sidecar.values.source}"`);
    for (const model of models) {
      const iv = intervals.get(model);
      const source: Cell = m.index.get('source') !== undefined || (models.length === 1 && sidecar.values.source !== undefined)
        ? base.source : { value: model.toLowerCase() };
      rows.push({
        label: model,
        cells: full({ ...base, forecast: { col: headers.indexOf(model) }, forecast_lo: iv ? { col: iv[0] } : null, forecast_hi: iv ? { col: iv[1] } : null, source }),
      });
    }
  } else rows.push({ label: null, cells: full(base) });

  const missing = REQUIRED.forecasts.filter((c) => !(shape === 'statsforecast' && c === 'forecast' && models.length > 0) && !base[c]);
  let problem: Plan['problem'] = null;
  if (missing.length) problem = missingColumns(file, 'forecasts', missing, headers);
  else if (missingMeta.length) {
    const where = sidecar.found ? (sidecar.error ? `sidecar ${sidecar.file} unreadable` : `not in sidecar ${sidecar.file}`) : `no sidecar ${sidecar.file}`;
    problem = {
      code: 'missing_metadata',
      column: missingMeta[0],
      reason: `forecast file ${file} has no ${missingMeta.join(', ')} (no column, ${where})`,
    };
  }
  return { columns: CANONICAL.forecasts, rows, problem, warnings };
}
