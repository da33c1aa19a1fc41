/**
 * Minimal linear and UTC time scales with d3's tick and nice algorithms (d3-array's `ticks` and
 * `tickIncrement`). Replaces d3-scale, whose time scale pulls in d3-time-format, d3-format,
 * d3-interpolate and d3-color (~15 KB gzip) that the charts never use (they format with `Intl`).
 */
import { tickIncrement, tickStep, ticks as linearTicks } from 'd3-array';

/** A linear scale: value → pixel. */
export interface LinearScale {
  (v: number): number;
  domain(): [number, number];
  range(): [number, number];
  invert(px: number): number;
  ticks(count: number): number[];
}

/** A UTC time scale: date → pixel. */
export interface TimeScale {
  (d: Date): number;
  domain(): [Date, Date];
  range(): [number, number];
  invert(px: number): Date;
  ticks(count: number): Date[];
}

/** d3's `linear.nice(count)`: extends the domain to round tick steps. */
export function niceDomain(start: number, stop: number, count = 10): [number, number] {
  let prestep: number | undefined;
  for (let i = 0; i < 10; i++) {
    const step = tickIncrement(start, stop, count);
    if (step === prestep || step === 0 || !Number.isFinite(step)) break;
    if (step > 0) {
      start = Math.floor(start / step) * step;
      stop = Math.ceil(stop / step) * step;
    } else {
      start = Math.ceil(start * step) / step;
      stop = Math.floor(stop * step) / step;
    }
    prestep = step;
  }
  return [start, stop];
}

function interpolate(d0: number, d1: number, r0: number, r1: number) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return {
    map: (v: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + (v - d0) * k),
    invert: (px: number) => (k === 0 ? d0 : d0 + (px - r0) / k),
  };
}

/** Linear scale; `nice` rounds the domain like d3's `.nice()`. */
export function scaleLinear(domain: [number, number], range: [number, number], nice = false): LinearScale {
  const [d0, d1] = nice ? niceDomain(domain[0], domain[1]) : domain;
  const m = interpolate(d0, d1, range[0], range[1]);
  const s = ((v: number) => m.map(v)) as LinearScale;
  s.domain = () => [d0, d1];
  s.range = () => [range[0], range[1]];
  s.invert = m.invert;
  s.ticks = (count) => linearTicks(d0, d1, count);
  return s;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

type Unit = 'hour' | 'day' | 'week' | 'month' | 'year';

/** d3-time's UTC tick intervals from one hour up (the charts' grain is a day). */
const INTERVALS: Array<[Unit, number, number]> = [
  ['hour', 1, HOUR],
  ['hour', 3, 3 * HOUR],
  ['hour', 6, 6 * HOUR],
  ['hour', 12, 12 * HOUR],
  ['day', 1, DAY],
  ['day', 2, 2 * DAY],
  ['week', 1, 7 * DAY],
  ['month', 1, 30 * DAY],
  ['month', 3, 90 * DAY],
  ['year', 1, 365 * DAY],
];

function floorUnit(t: number, unit: Unit): Date {
  const d = new Date(t);
  switch (unit) {
    case 'hour':
      d.setUTCMinutes(0, 0, 0);
      break;
    case 'day':
      d.setUTCHours(0, 0, 0, 0);
      break;
    case 'week':
      d.setUTCHours(0, 0, 0, 0);
      d.setUTCDate(d.getUTCDate() - d.getUTCDay());
      break;
    case 'month':
      d.setUTCHours(0, 0, 0, 0);
      d.setUTCDate(1);
      break;
    case 'year':
      d.setUTCHours(0, 0, 0, 0);
      d.setUTCMonth(0, 1);
      break;
  }
  return d;
}

function offsetUnit(d: Date, unit: Unit): void {
  if (unit === 'hour') d.setTime(d.getTime() + HOUR);
  else if (unit === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (unit === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
}

/** `interval.every(step)` field test, as d3-time defines it. */
function keeps(d: Date, unit: Unit, step: number): boolean {
  if (step <= 1) return true;
  if (unit === 'hour') return d.getUTCHours() % step === 0;
  if (unit === 'day') return (d.getUTCDate() - 1) % step === 0;
  if (unit === 'month') return d.getUTCMonth() % step === 0;
  if (unit === 'year') return d.getUTCFullYear() % step === 0;
  return true;
}

/** d3's `utcTicks(start, stop, count)` for spans of an hour and more. */
export function utcTicks(start: Date, stop: Date, count: number): Date[] {
  let a = start.getTime();
  let b = stop.getTime();
  const reverse = b < a;
  if (reverse) [a, b] = [b, a];
  const target = (b - a) / count;
  let i = INTERVALS.findIndex(([, , dur]) => dur > target);
  let unit: Unit;
  let step: number;
  if (i === -1) {
    unit = 'year';
    step = Math.max(1, tickStep(a / (365 * DAY), b / (365 * DAY), count));
  } else {
    if (i > 0 && target / INTERVALS[i - 1][2] < INTERVALS[i][2] / target) i -= 1;
    [unit, step] = INTERVALS[i];
  }
  const out: Date[] = [];
  let d = floorUnit(a, unit);
  if (d.getTime() < a) offsetUnit(d, unit);
  for (let guard = 0; d.getTime() <= b && guard < 10_000; guard++) {
    if (keeps(d, unit, step)) out.push(new Date(d));
    d = new Date(d);
    offsetUnit(d, unit);
  }
  return reverse ? out.reverse() : out;
}

/** UTC time scale. */
export function scaleUtc(domain: [Date, Date], range: [number, number]): TimeScale {
  const [d0, d1] = domain;
  const m = interpolate(d0.getTime(), d1.getTime(), range[0], range[1]);
  const s = ((d: Date) => m.map(d.getTime())) as TimeScale;
  s.domain = () => [new Date(d0), new Date(d1)];
  s.range = () => [range[0], range[1]];
  s.invert = (px) => new Date(m.invert(px));
  s.ticks = (count) => utcTicks(d0, d1, count);
  return s;
}
