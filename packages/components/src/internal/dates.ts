/** ISO `YYYY-MM-DD` date helpers (UTC, no time zone surprises). */

const DAY_MS = 86_400_000;

/** True when `s` is a real calendar date written `YYYY-MM-DD` (the SDK's own check). */
import { isIsoDate } from '@nova-corrente/core';
import type { Messages } from '../i18n/messages.js';

export { isIsoDate };

/** `YYYY-MM-DD` → UTC midnight `Date`. */
export function isoToDate(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** UTC `Date` → `YYYY-MM-DD`. */
export function dateToIso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Adds `n` days to an ISO date. */
export function addDays(iso: string, n: number): string {
  return dateToIso(new Date(isoToDate(iso).getTime() + n * DAY_MS));
}

/** Whole days from `a` to `b` (both ISO dates or timestamps). */
export function daysBetween(a: string | Date, b: string | Date): number {
  const ta = typeof a === 'string' ? Date.parse(a.length === 10 ? `${a}T00:00:00Z` : a) : a.getTime();
  const tb = typeof b === 'string' ? Date.parse(b.length === 10 ? `${b}T00:00:00Z` : b) : b.getTime();
  return (tb - ta) / DAY_MS;
}

/**
 * The message for an invalid optional date range (`start`/`end` attributes), or null when it is
 * fine: each given date must be a real `YYYY-MM-DD`, and start must not be after end.
 */
export function rangeProblem(t: Pick<Messages, 'badDate' | 'badRange'>, start?: string, end?: string): string | null {
  if (start && !isIsoDate(start)) return t.badDate('start', start);
  if (end && !isIsoDate(end)) return t.badDate('end', end);
  if (start && end && start > end) return t.badRange(start, end);
  return null;
}

/** Day-month-year (pt-BR) or month-day-year (en): the order a locale's people type dates in. */
export type DateOrder = 'dmy' | 'mdy';

/** The typed-date order of a locale (`en` → month first, else day first). */
export function dateOrder(locale: string): DateOrder {
  return /^en\b/i.test(locale) ? 'mdy' : 'dmy';
}

/** ISO `YYYY-MM-DD` → `dd/mm/yyyy` or `mm/dd/yyyy` ('' for an empty or invalid date). */
export function formatTypedDate(iso: string | undefined | null, order: DateOrder): string {
  if (!iso || !isIsoDate(iso)) return '';
  const [y, m, d] = iso.split('-');
  return order === 'dmy' ? `${d}/${m}/${y}` : `${m}/${d}/${y}`;
}

/**
 * A typed date → ISO `YYYY-MM-DD`, or null when it is not a real calendar date. Accepts the
 * locale's order with `/`, `.` or `-` between one- or two-digit day and month and a four-digit
 * year, and ISO `YYYY-MM-DD` in any locale.
 */
export function parseTypedDate(text: string, order: DateOrder): string | null {
  const s = text.trim();
  let y: string;
  let m: string;
  let d: string;
  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (isoMatch) [, y, m, d] = isoMatch;
  else if (local) [y, m, d] = order === 'dmy' ? [local[3], local[2], local[1]] : [local[3], local[1], local[2]];
  else return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
