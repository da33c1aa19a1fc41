import type { InputKind } from '../config.js';
import { MAX_QUANTITY } from './sql-macros.js';
import { ML_METADATA_FIELDS, PLAN_SOURCE, WHOLE_ITEM_SITE } from '@nova-corrente/core/contract';
import { NATIVE_VALUES, nativeName } from '../ingest/plan.js';

/** A typed column of a silver table: its SQL expression over the bronze row (raw VARCHAR columns). */
export interface TypedColumn {
  name: string;
  expr: string;
}

/** One row check: the first failing check decides the quarantine code and reason. */
export interface Check {
  /** SQL boolean over the typed CTE: true means the row is rejected. */
  when: string;
  code: string;
  column: string | null;
  /** SQL text expression for the reason (may quote the raw value). */
  reason: string;
}

/** Silver rules of one input kind. */
export interface KindRules {
  /** Raw canonical columns the bronze table has (all VARCHAR). */
  raw: string[];
  /** Raw columns parsed once into `p_<col>` before the checks run (numbers, dates, timestamps). */
  parse: Record<string, 'num' | 'date' | 'ts'>;
  typed: TypedColumn[];
  checks: Check[];
  /** Columns that identify a row; later duplicates are quarantined as `duplicate_key`. Empty: no check. */
  key: string[];
  /** Non-key attributes repaired instead of rejected: the row is kept with a default and a `defaulted` entry. */
  repairs?: Repair[];
  /**
   * Per-file metadata (a sidecar's constants, or columns that repeat over millions of rows): kept
   * once per combination with the input file in `silver_<kind>_meta` ({@link metaTable}), the rows
   * hold its number `_meta` instead of these columns and `_file` (ADR 0006, session 14). `raw`:
   * the raw columns it is made of (one row per distinct `_file` and values of these).
   */
  meta?: { raw: string[]; typed: TypedColumn[] };
}

/** The small table of a kind's per-file metadata combinations (see {@link KindRules.meta}). */
export const metaTable = (kind: InputKind) => `silver_${kind}_meta`;

/** A malformed non-key attribute that gets a default (from `item_defaults` in the config) instead of dropping the row. */
export interface Repair {
  column: string;
  /** SQL boolean over the raw and parsed columns: true means the value is malformed. */
  bad: string;
  /** Key of `NovaConfig.item_defaults` holding the value used instead. */
  default: 'unit_cost' | 'lead_time_days' | 'min_order_qty' | 'criticality';
}

/** A number that is missing, not a number, not finite, beyond 1e12 or negative. */
const badNumber = (col: string, extra = '') =>
  `(${absent(col)} OR ${num(col)} IS NULL OR NOT isfinite(${num(col)}) OR abs(${num(col)}) > ${MAX_QUANTITY} OR ${num(col)} < 0${extra})`;

/**
 * Columns that may arrive as typed Parquet values (`_t_<col>`, ingest/plan.ts NATIVE_VALUES) with
 * NULL text: a check asks whether the value is absent with {@link absent}, a reason quotes its
 * text with {@link txt} (rebuilt from the value, only for the rejected rows a reason is made for).
 */
const NATIVE = new Set(Object.values(NATIVE_VALUES).flatMap((m) => Object.keys(m ?? {})));
/** The raw text of a column (VARCHAR). */
export const txt = (col: string) => (NATIVE.has(col) ? `coalesce(${col}, CAST(${nativeName(col)} AS VARCHAR))` : col);
/** SQL: the column is empty (neither text nor a typed value). */
const absent = (col: string) => (NATIVE.has(col) ? `(${col} IS NULL AND ${nativeName(col)} IS NULL)` : `${col} IS NULL`);
const q = (col: string) => `coalesce('"' || ${txt(col)} || '"', 'empty')`;
const num = (col: string) => `p_${col}`;

/** Required value present and a finite number within range, else the matching code. */
function numberChecks(col: string, opts: { required: boolean; min?: number; integer?: boolean }): Check[] {
  const checks: Check[] = [];
  if (opts.required) checks.push({ when: absent(col), code: 'missing_value', column: col, reason: `'${col} is empty'` });
  checks.push({ when: `NOT ${absent(col)} AND ${num(col)} IS NULL`, code: 'bad_number', column: col, reason: `'${col} ' || ${q(col)} || ' is not a number'` });
  checks.push({ when: `abs(${num(col)}) > ${MAX_QUANTITY} OR NOT isfinite(${num(col)})`, code: 'out_of_range', column: col, reason: `'${col} ' || ${q(col)} || ' is out of range (|x| > 1e12)'` });
  if (opts.integer) checks.push({ when: `${num(col)} <> round(${num(col)})`, code: 'bad_number', column: col, reason: `'${col} ' || ${q(col)} || ' is not a whole number'` });
  if (opts.min !== undefined) checks.push({ when: `${num(col)} < ${opts.min}`, code: 'negative_value', column: col, reason: `'${col} ' || ${q(col)} || ' is negative'` });
  return checks;
}

function dateChecks(col: string): Check[] {
  return [
    { when: absent(col), code: 'missing_value', column: col, reason: `'${col} is empty'` },
    { when: `p_${col} IS NULL`, code: 'bad_date', column: col, reason: `'${col} ' || ${q(col)} || ' is not a valid date (expected YYYY-MM-DD or dd/mm/yyyy)'` },
    { when: `p_${col} NOT BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'`, code: 'out_of_range', column: col, reason: `'${col} ' || ${q(col)} || ' is outside 1990–2100'` },
  ];
}

/**
 * A date after the build's cut-off (the `--as-of` date, else the build date, macro
 * `nova_cutoff_date()` defined per build): an actual or a stock count from the future is a typo
 * (31/12/2099) that would otherwise move `as_of` and blank every forecast's actual.
 */
const futureDate = (col: string): Check => ({
  when: `p_${col} > nova_cutoff_date()`,
  code: 'future_date',
  column: col,
  reason: `'${col} ' || ${q(col)} || ' is after the build''s cut-off ' || strftime(nova_cutoff_date(), '%Y-%m-%d') || ' (--as-of or the build date)'`,
});

const required = (col: string): Check => ({ when: absent(col), code: 'missing_value', column: col, reason: `'${col} is empty'` });
const knownItem: Check = { when: `_item_known IS NULL`, code: 'unknown_item', column: 'item_id', reason: `'item_id "' || item_id || '" is not in items'` };
const knownSite: Check = { when: `_site_known IS NULL`, code: 'unknown_site', column: 'site_id', reason: `'site_id "' || coalesce(site_id, '${WHOLE_ITEM_SITE}') || '" is not in sites'` };

/** Validation and typing rules per input kind (see docs/inputs.md for the list of codes). */
export const RULES: Record<InputKind, KindRules> = {
  items: {
    raw: ['item_id', 'sku', 'name', 'category', 'unit', 'unit_cost', 'currency', 'lead_time_days', 'min_order_qty', 'criticality'],
    parse: { unit_cost: 'num', lead_time_days: 'num', min_order_qty: 'num' },
    typed: [
      { name: 'item_id', expr: 'item_id' },
      { name: 'sku', expr: 'coalesce(sku, item_id)' },
      { name: 'name', expr: 'name' },
      { name: 'category', expr: `coalesce(upper(category), 'SEM CATEGORIA')` },
      { name: 'unit', expr: `coalesce(upper(unit), 'UN')` },
      { name: 'unit_cost', expr: num('unit_cost') },
      { name: 'currency', expr: `coalesce(upper(currency), 'BRL')` },
      { name: 'lead_time_days', expr: `TRY_CAST(${num('lead_time_days')} AS INTEGER)` },
      { name: 'min_order_qty', expr: `coalesce(${num('min_order_qty')}, nova_item_default_min_order_qty())` },
      { name: 'criticality', expr: `coalesce(upper(criticality), nova_item_default_criticality())` },
    ],
    // A malformed attribute must not drop the item and, by cascade, its whole history
    // (unknown_item): see `repairs`. Only the key and the name are required.
    checks: [required('item_id'), required('name')],
    key: ['item_id'],
    repairs: [
      { column: 'unit_cost', bad: badNumber('unit_cost'), default: 'unit_cost' },
      { column: 'lead_time_days', bad: badNumber('lead_time_days', ` OR ${num('lead_time_days')} <> round(${num('lead_time_days')})`), default: 'lead_time_days' },
      { column: 'min_order_qty', bad: `(min_order_qty IS NOT NULL AND ${badNumber('min_order_qty', ` OR ${num('min_order_qty')} = 0`)})`, default: 'min_order_qty' },
      { column: 'criticality', bad: `upper(criticality) NOT IN ('A', 'B', 'C')`, default: 'criticality' },
    ],
  },
  sites: {
    raw: ['site_id', 'name', 'state', 'region'],
    parse: {},
    typed: [
      { name: 'site_id', expr: 'site_id' },
      { name: 'name', expr: 'coalesce(name, site_id)' },
      { name: 'state', expr: `coalesce(upper(state), '')` },
      { name: 'region', expr: `coalesce(region, '')` },
    ],
    checks: [required('site_id')],
    key: ['site_id'],
  },
  consumption: {
    raw: ['date', 'item_id', 'site_id', 'quantity'],
    parse: { date: 'date', quantity: 'num' },
    typed: [
      { name: 'date', expr: 'p_date' },
      { name: 'item_id', expr: 'item_id' },
      { name: 'site_id', expr: `coalesce(site_id, '${WHOLE_ITEM_SITE}')` },
      { name: 'quantity', expr: num('quantity') },
    ],
    checks: [...dateChecks('date'), futureDate('date'), required('item_id'), ...numberChecks('quantity', { required: true, min: 0 }), knownItem, knownSite],
    key: [],
  },
  inventory: {
    raw: ['date', 'item_id', 'site_id', 'on_hand', 'on_order'],
    parse: { date: 'date', on_hand: 'num', on_order: 'num' },
    typed: [
      { name: 'date', expr: 'p_date' },
      { name: 'item_id', expr: 'item_id' },
      { name: 'site_id', expr: `coalesce(site_id, '${WHOLE_ITEM_SITE}')` },
      { name: 'on_hand', expr: num('on_hand') },
      { name: 'on_order', expr: `coalesce(${num('on_order')}, 0)` },
    ],
    checks: [
      ...dateChecks('date'),
      futureDate('date'),
      required('item_id'),
      ...numberChecks('on_hand', { required: true, min: 0 }),
      ...numberChecks('on_order', { required: false, min: 0 }),
      knownItem,
      knownSite,
    ],
    key: ['item_id', 'site_id', 'date'],
  },
  forecasts: {
    raw: ['item_id', 'site_id', 'date', 'forecast', 'forecast_lo', 'forecast_hi', ...ML_METADATA_FIELDS],
    parse: { date: 'date', forecast: 'num', forecast_lo: 'num', forecast_hi: 'num', generated_at: 'ts' },
    typed: [
      { name: 'item_id', expr: 'item_id' },
      { name: 'site_id', expr: `coalesce(site_id, '${WHOLE_ITEM_SITE}')` },
      { name: 'date', expr: 'p_date' },
      { name: 'forecast', expr: num('forecast') },
      { name: 'forecast_lo', expr: num('forecast_lo') },
      { name: 'forecast_hi', expr: num('forecast_hi') },
    ],
    meta: {
      raw: [...ML_METADATA_FIELDS],
      typed: [
        { name: 'source', expr: 'source' },
        { name: 'model_version', expr: 'model_version' },
        { name: 'generated_at', expr: 'p_generated_at' },
        { name: 'dataset_id', expr: 'dataset_id' },
      ],
    },
    checks: [
      required('item_id'),
      ...dateChecks('date'),
      ...numberChecks('forecast', { required: true, min: 0 }),
      ...numberChecks('forecast_lo', { required: false }),
      ...numberChecks('forecast_hi', { required: false }),
      {
        when: `${num('forecast_lo')} > ${num('forecast')} OR ${num('forecast_hi')} < ${num('forecast')}`,
        code: 'bad_value',
        column: 'forecast_lo',
        reason: `'interval [' || coalesce(${txt('forecast_lo')}, '') || ', ' || coalesce(${txt('forecast_hi')}, '') || '] does not contain forecast ' || ${txt('forecast')}`,
      },
      ...ML_METADATA_FIELDS.map(
        (c): Check => ({ when: `${c} IS NULL`, code: 'missing_metadata', column: c, reason: `'${c} is empty: forecasts must carry source, model_version, generated_at and dataset_id'` }),
      ),
      // The plan blend's rows in agg_daily/agg_accuracy/agg_model carry this name (contract PLAN_SOURCE).
      { when: `lower(source) = '${PLAN_SOURCE}'`, code: 'reserved_source', column: 'source', reason: `'source "' || source || '" is reserved for the plan blend: rename the model'` },
      { when: `p_generated_at IS NULL`, code: 'bad_date', column: 'generated_at', reason: `'generated_at ' || ${q('generated_at')} || ' is not an ISO timestamp'` },
      {
        when: `p_generated_at > nova_build_time()`,
        code: 'future_generated_at',
        column: 'generated_at',
        reason: `'generated_at ' || ${q('generated_at')} || ' is after the build time ' || strftime(nova_build_time(), '%Y-%m-%dT%H:%M:%SZ') || ': a forecast cannot come from the future'`,
      },
      knownItem,
      knownSite,
    ],
    key: ['item_id', 'site_id', 'source', 'date'],
  },
};
