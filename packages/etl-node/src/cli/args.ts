import { parseArgs, type ParseArgsConfig } from 'node:util';
import { memorySize, type DbResources } from '../db.js';
import { UsageError } from '../errors.js';

/** Parses a command's arguments strictly; unknown flags and bad values are usage errors (exit 2). */
export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, positionals = 0) {
  let r;
  try {
    r = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...options },
      allowPositionals: positionals > 0,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (r.positionals.length > positionals) throw new UsageError(`unexpected argument ${r.positionals[positionals]}`);
  return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
}

/** A required string option. */
export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** An optional positive integer option. */
export function int(values: Record<string, unknown>, name: string, fallback: number, min = 1): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got ${JSON.stringify(v)})`);
  return n;
}

/** An optional YYYY-MM-DD date option. */
export function isoDate(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw new UsageError(`--${name} must be a date YYYY-MM-DD (got ${JSON.stringify(v)})`);
  }
  return v;
}

/** The --grain option. */
export function grain(values: Record<string, unknown>): 'day' | 'week' | 'month' {
  const g = values.grain ?? 'day';
  if (g !== 'day' && g !== 'week' && g !== 'month') throw new UsageError(`--grain must be day, week or month (got ${JSON.stringify(g)})`);
  return g;
}

/** `--memory-limit`, `--temp-dir` and `--threads` of `build` and `demo` (DuckDB's resources). */
export const RESOURCE_OPTIONS = {
  'memory-limit': { type: 'string' }, 'temp-dir': { type: 'string' }, threads: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** The resources given on the command line (the rest comes from the environment or the defaults). */
export function resources(values: Record<string, unknown>): DbResources {
  const out: DbResources = {};
  if (values['memory-limit'] !== undefined) out.memoryLimit = memorySize(String(values['memory-limit']), '--memory-limit');
  if (values['temp-dir'] !== undefined) out.tempDir = required(values, 'temp-dir');
  if (values.threads !== undefined) out.threads = int(values, 'threads', 1);
  return out;
}
