import { NovaError } from '../errors.js';
import type { SqlLimits } from '../types.js';

/** Limits of a `sql()` call with every default filled in. */
export type ResolvedLimits = Required<SqlLimits>;

/** Defaults of {@link SqlLimits} (docs/sql.md lists them). */
export const SQL_LIMIT_DEFAULTS: ResolvedLimits = {
  maxRows: 100_000,
  onTooManyRows: 'truncate',
  timeoutMs: 30_000,
  memoryLimit: '1GB',
  threads: 4,
};

const positiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Merges call limits over client limits over the defaults, checking each value. */
export function resolveLimits(client: SqlLimits | undefined, call: SqlLimits | undefined): ResolvedLimits {
  const out = { ...SQL_LIMIT_DEFAULTS };
  for (const src of [client, call]) {
    if (!src) continue;
    for (const [k, v] of Object.entries(src) as [keyof SqlLimits, unknown][]) {
      if (v === undefined || !(k in SQL_LIMIT_DEFAULTS)) continue;
      const okValue =
        k === 'onTooManyRows' ? v === 'truncate' || v === 'error'
        : k === 'memoryLimit' ? typeof v === 'string' && /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v)
        : positiveInt(v);
      if (!okValue) {
        const want = k === 'onTooManyRows' ? "'truncate' or 'error'" : k === 'memoryLimit' ? "a size such as '512MB' or '2GB'" : 'an integer > 0';
        throw new NovaError('invalid_argument', `sql() limit ${k} must be ${want}, got ${JSON.stringify(v)}`);
      }
      (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

/** The error for a result over its row cap when the call asked for errors, not truncation. */
export function tooLarge(maxRows: number): NovaError {
  return new NovaError('too_large', `sql() result has more than ${maxRows} rows (maxRows): add a LIMIT or an aggregate, raise maxRows, or pass onTooManyRows: 'truncate'`);
}

/**
 * A signal that fires on the caller's abort or when the time limit passes, and the error each
 * means; `done()` clears the timer.
 */
export function callSignal(signal: AbortSignal | undefined, timeoutMs: number): { signal: AbortSignal; error(): NovaError; done(): void } {
  const timer = new AbortController();
  const id = setTimeout(() => timer.abort(new DOMException('time limit', 'TimeoutError')), timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
  return {
    signal: combined,
    error: () =>
      signal?.aborted
        ? new NovaError('aborted', 'sql() was aborted by its AbortSignal; the query was interrupted', { cause: signal.reason })
        : new NovaError('aborted', `sql() passed its time limit of ${timeoutMs} ms (timeoutMs) and was interrupted: narrow the query or raise timeoutMs`),
    done: () => clearTimeout(id),
  };
}
