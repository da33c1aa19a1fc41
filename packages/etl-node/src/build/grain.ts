import type { Grain } from '@nova-corrente/core/contract';

/** SQL expression mapping a DATE to the start of its period (weeks start on Monday). */
export function periodStart(grain: Grain, col: string): string {
  if (grain === 'day') return col;
  return `CAST(date_trunc(${grain === 'week' ? "'week'" : "'month'"}, ${col}) AS DATE)`;
}

/** Average days in one period of the grain (used to convert lead times and windows). */
export function periodDays(grain: Grain): number {
  return grain === 'day' ? 1 : grain === 'week' ? 7 : 30.4375;
}

/** The SQL interval of one period. */
export function periodInterval(grain: Grain): string {
  return grain === 'day' ? "INTERVAL 1 DAY" : grain === 'week' ? "INTERVAL 7 DAY" : "INTERVAL 1 MONTH";
}
