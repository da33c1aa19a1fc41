/** Date helpers: gold dates are ISO `YYYY-MM-DD` strings in UTC. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const isoCache = new Map<number, string>();

/** Days since 1970-01-01 → `YYYY-MM-DD` (memoized: a gold snapshot has a few thousand distinct dates). */
export function daysToIso(days: number): string {
  let iso = isoCache.get(days);
  if (iso === undefined) {
    iso = new Date(days * DAY_MS).toISOString().slice(0, 10);
    if (isoCache.size < 100_000) isoCache.set(days, iso);
  }
  return iso;
}

/** `YYYY-MM-DD` → days since 1970-01-01. */
export function isoToDays(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** Adds `n` days to an ISO date. */
export function addDays(iso: string, n: number): string {
  return daysToIso(isoToDays(iso) + n);
}

/**
 * Start of the period of `grain` holding `iso`: the day itself, the Monday of its ISO week, or the
 * first of its month (the ETL's `periodStart`, docs/contract.md "Grains").
 */
export function periodStartOf(grain: 'day' | 'week' | 'month', iso: string): string {
  if (grain === 'day') return iso;
  if (grain === 'month') return `${iso.slice(0, 7)}-01`;
  const days = isoToDays(iso);
  // 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays.
  return daysToIso(days - ((((days + 3) % 7) + 7) % 7));
}
