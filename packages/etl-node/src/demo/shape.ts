import type { DemoItem } from './catalog.js';

/** Rainy-season shape per month (Jan…Dec): corrective maintenance peaks April–July on the Bahia coast. */
export const RAIN_SHAPE = [-0.35, -0.3, 0, 0.6, 0.9, 0.8, 0.5, 0, -0.35, -0.45, -0.45, -0.4];
/** Weekday factor (ISO Monday…Sunday, mean 1): field teams work weekdays, a skeleton crew on Saturday. */
export const WEEKDAY = [1.3, 1.3, 1.3, 1.3, 1.2, 0.5, 0.1];

const DAY_MS = 86_400_000;

/**
 * Expected demand of an item at a site on day index `t` (day 0 = `startMs`): the same formula as
 * the SQL that draws the actuals (p × (size + step/2), p capped at 0.97), so stock policies can be
 * sized against what will really be consumed in a given window.
 */
export function expectedDaily(item: DemoItem, mult: number, t: number, startMs: number): number {
  const date = new Date(startMs + t * DAY_MS);
  const dow = (date.getUTCDay() + 6) % 7;
  const season = 1 + item.rain * RAIN_SHAPE[date.getUTCMonth()];
  const p = Math.min(0.97, item.rate * mult * season * WEEKDAY[dow] * (1 + (item.growth * t) / 365.25));
  return p * (item.size + item.step / 2);
}

/** Expected demand summed over day indexes [from, to). */
export function expectedSum(item: DemoItem, mult: number, from: number, to: number, startMs: number): number {
  let s = 0;
  for (let t = from; t < to; t++) s += expectedDaily(item, mult, t, startMs);
  return s;
}

/** Standard deviation of one day's demand around its mean, at movement probability ≈ p. */
export function dailySigma(item: DemoItem, mult: number): number {
  const p = Math.min(0.97, item.rate * mult);
  const secondMoment = item.pattern === 'steady' ? 1.083 : 2;
  return item.size * Math.sqrt(Math.max(0, p * secondMoment - p * p));
}
