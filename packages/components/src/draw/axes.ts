import type { LinearScale, TimeScale } from './scale.js';
import type { SvgNode } from './svg.js';

/** Size and margins of a chart's drawing area. */
export interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** Time grain of a gold snapshot, as the charts space its periods. */
export type ChartGrain = 'day' | 'week' | 'month';

/** Nominal length of one period of a grain, in days. */
export const GRAIN_DAYS: Record<ChartGrain, number> = { day: 1, week: 7, month: 30 };

const DAY = 86_400_000;
/** Narrowest spacing of period labels before the axis falls back to the scale's round ticks. */
const MIN_TICK_PX = 64;

/** Default margins; narrow charts (< 480 px) get slimmer ones. */
export function frameFor(width: number, height: number): Frame {
  const narrow = width < 480;
  return { width, height, margin: { top: 12, right: narrow ? 8 : 16, bottom: 28, left: narrow ? 40 : 56 } };
}

/**
 * Formats a tick: `stepDays` is the spacing of the ticks in days (or the period length when there
 * is one tick), so a formatter can show months for monthly ticks and days for daily or weekly ones.
 */
export type TickFormat = (d: Date, stepDays: number) => string;

/** One labelled tick of the time axis. */
export interface TimeTick {
  date: Date;
  label: string;
}

/**
 * The labelled ticks of a time axis. When the chart's own periods fit (few enough, at least
 * 64 px apart) each period is a tick, so a weekly or monthly series is labelled at its periods; a
 * longer weekly or monthly series gets every k-th period; otherwise (daily, or irregular dates) the
 * scale's round ticks, whole days only (a day is the finest grain). A tick whose
 * label repeats an earlier one is dropped: no axis shows the same label twice, whatever the span.
 */
export function timeTicks(x: TimeScale, frame: Frame, format: TickFormat, periods: readonly Date[] = [], periodDays = 1): TimeTick[] {
  const count = Math.max(2, Math.floor((frame.width - frame.margin.left - frame.margin.right) / 90));
  const [d0, d1] = x.domain();
  const own = [...new Set(periods.map((d) => d.getTime()))]
    .filter((t) => t >= d0.getTime() && t <= d1.getTime())
    .sort((a, b) => a - b)
    .map((t) => new Date(t));
  let gapPx = Infinity;
  for (let i = 1; i < own.length; i++) gapPx = Math.min(gapPx, Math.abs(x(own[i]) - x(own[i - 1])));
  // Weekly and monthly periods that do not all fit: every k-th period, so ticks stay on period starts.
  const k = Math.ceil(own.length / count);
  const thinned = periodDays > 1 && k > 1 ? own.filter((_, i) => i % k === 0) : own;
  if (thinned !== own) {
    gapPx = Infinity;
    for (let i = 1; i < thinned.length; i++) gapPx = Math.min(gapPx, Math.abs(x(thinned[i]) - x(thinned[i - 1])));
  }
  // Period ticks must also reach across the axis: no long unlabelled stretch at either end (a lone
  // period only labels a one-period axis).
  const [r0, r1] = x.range();
  const spanDays = (d1.getTime() - d0.getTime()) / DAY;
  const edge = thinned.length > 0 ? Math.max(Math.abs(x(thinned[0]) - r0), Math.abs(r1 - x(thinned[thinned.length - 1]))) : Infinity;
  const covers = thinned.length === 1 ? spanDays <= periodDays * 1.01 : edge <= 1.5 * gapPx;
  let ticks = thinned.length > 0 && thinned.length <= count && gapPx >= MIN_TICK_PX && covers ? thinned : x.ticks(count).filter((d) => d.getTime() % DAY === 0);
  if (ticks.length === 0) ticks = own.slice(0, 1);
  let step = Infinity;
  for (let i = 1; i < ticks.length; i++) step = Math.min(step, (ticks[i].getTime() - ticks[i - 1].getTime()) / DAY);
  if (!Number.isFinite(step)) step = periodDays;
  const seen = new Set<string>();
  const out: TimeTick[] = [];
  for (const date of ticks) {
    const label = format(date, step);
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ date, label });
  }
  return out;
}

/**
 * The time domain of a chart over `dates`: first to last, or one period centred on the date when
 * there is only one (so a single count or forecast period is drawn mid-chart, not on an edge).
 */
export function timeDomain(dates: readonly Date[], periodDays: number): [Date, Date] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of dates) {
    lo = Math.min(lo, d.getTime());
    hi = Math.max(hi, d.getTime());
  }
  if (!Number.isFinite(lo)) lo = hi = 0;
  if (hi === lo) return [new Date(lo - (periodDays * DAY) / 2), new Date(hi + (periodDays * DAY) / 2)];
  return [new Date(lo), new Date(hi)];
}

/** Bottom time axis: a baseline plus tick marks and labels (see {@link timeTicks}). */
export function axisBottom(x: TimeScale, frame: Frame, format: TickFormat, periods: readonly Date[] = [], periodDays = 1): SvgNode {
  const y = frame.height - frame.margin.bottom;
  return {
    tag: 'g',
    attrs: { class: 'axis axis-x', 'aria-hidden': 'true' },
    children: [
      { tag: 'line', attrs: { class: 'domain', x1: frame.margin.left, x2: frame.width - frame.margin.right, y1: y, y2: y } },
      ...timeTicks(x, frame, format, periods, periodDays).map((t): SvgNode => ({
        tag: 'g',
        attrs: { class: 'tick', transform: `translate(${Math.round(x(t.date) * 100) / 100},${y})` },
        children: [
          { tag: 'line', attrs: { y2: 5 } },
          { tag: 'text', attrs: { y: 18, 'text-anchor': 'middle' }, text: t.label },
        ],
      })),
    ],
  };
}

/** Left value axis with horizontal grid lines. */
export function axisLeft(y: LinearScale, frame: Frame, format: (v: number) => string): SvgNode {
  const count = Math.max(2, Math.floor((frame.height - frame.margin.top - frame.margin.bottom) / 40));
  const seen = new Set<string>();
  const ticks = y.ticks(count).filter((t) => {
    const label = format(t);
    if (seen.has(label)) return false; // compact formats can round two ticks to one label
    seen.add(label);
    return true;
  });
  return {
    tag: 'g',
    attrs: { class: 'axis axis-y', 'aria-hidden': 'true' },
    children: ticks.map((t): SvgNode => ({
      tag: 'g',
      attrs: { class: 'tick', transform: `translate(0,${Math.round(y(t) * 100) / 100})` },
      children: [
        { tag: 'line', attrs: { class: 'grid', x1: frame.margin.left, x2: frame.width - frame.margin.right } },
        { tag: 'text', attrs: { x: frame.margin.left - 6, dy: '0.32em', 'text-anchor': 'end' }, text: format(t) },
      ],
    })),
  };
}
