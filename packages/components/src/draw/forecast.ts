import { scaleLinear, scaleUtc } from './scale.js';
import type { LinearScale, TimeScale } from './scale.js';
import { GRAIN_DAYS, axisBottom, axisLeft, frameFor, timeDomain } from './axes.js';
import type { ChartGrain, Frame, TickFormat } from './axes.js';
import { linePath, r2 } from './svg.js';
import type { SvgNode } from './svg.js';

/** One period as the forecast chart draws it. */
export interface ForecastDatum {
  date: string;
  forecast: number;
  forecast_lo: number | null;
  forecast_hi: number | null;
  actual: number | null;
}

/** Options of {@link drawForecast}. */
export interface ForecastOptions {
  width: number;
  height: number;
  /** Last date with actuals: the history/future boundary. */
  asOf: string;
  /** Index of the highlighted point, or -1. */
  activeIndex?: number;
  /** The gold's grain: spaces a single period and labels the axis (default `day`). */
  grain?: ChartGrain;
  /** Axis label of a tick; `stepDays` is the tick spacing in days. */
  formatDate?: TickFormat;
  formatValue?: (v: number) => string;
  labels?: { history: string; future: string };
}

/** Defaults of {@link drawForecast}. */
export const forecastDefaults = {
  width: 640,
  height: 280,
  activeIndex: -1,
  grain: 'day' as ChartGrain,
  formatDate: (d: Date) => d.toISOString().slice(5, 10),
  formatValue: (v: number) => String(v),
  labels: { history: 'history', future: 'future' },
};

/** Screen position of each period (for hit-testing, tooltips and tests). */
export interface ForecastPoint extends ForecastDatum {
  x: number;
  yForecast: number;
  yActual: number | null;
}

/** What {@link drawForecast} returns. */
export interface ForecastDrawing {
  svg: SvgNode;
  points: ForecastPoint[];
  frame: Frame;
  x: TimeScale;
  y: LinearScale;
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Pure: forecast vs actual with the interval band and the history/future boundary.
 * Returns the SVG description plus the screen position of every point.
 */
export function drawForecast(data: ForecastDatum[], options: ForecastOptions): ForecastDrawing {
  const o = { ...forecastDefaults, ...options, labels: { ...forecastDefaults.labels, ...options.labels } };
  const frame = frameFor(o.width, o.height);
  const { margin } = frame;
  const dates = data.map((d) => toDate(d.date));
  const periodDays = GRAIN_DAYS[o.grain] ?? 1;
  const x = scaleUtc(timeDomain(dates.length > 0 ? dates : [toDate(o.asOf)], periodDays), [margin.left, o.width - margin.right]);
  let max = 0;
  for (const d of data) max = Math.max(max, d.forecast, d.forecast_hi ?? 0, d.actual ?? 0);
  const y = scaleLinear([0, max > 0 ? max : 1], [o.height - margin.bottom, margin.top], true);

  const points: ForecastPoint[] = data.map((d, i) => ({
    ...d,
    x: r2(x(dates[i])),
    yForecast: r2(y(d.forecast)),
    yActual: d.actual === null ? null : r2(y(d.actual)),
  }));

  // Interval band: upper edge left→right then lower edge right→left, split where bounds are null.
  const bands: SvgNode[] = [];
  let run: ForecastPoint[] = [];
  const flush = () => {
    if (run.length > 0) {
      const top = run.map((p) => [p.x, y(p.forecast_hi as number)] as [number, number]);
      const bottom = run.map((p) => [p.x, y(p.forecast_lo as number)] as [number, number]).reverse();
      bands.push({ tag: 'path', attrs: { class: 'band', part: 'band', d: `${linePath([...top, ...bottom])}Z` } });
    }
    run = [];
  };
  for (const p of points) {
    if (p.forecast_lo === null || p.forecast_hi === null) flush();
    else run.push(p);
  }
  flush();

  const asOfX = x(toDate(o.asOf));
  const inside = asOfX >= margin.left && asOfX <= o.width - margin.right;
  const children: SvgNode[] = [
    axisLeft(y, frame, o.formatValue),
    axisBottom(x, frame, o.formatDate, dates, periodDays),
    { tag: 'g', attrs: { class: 'bands' }, children: bands },
  ];
  if (inside) {
    children.push({
      tag: 'g',
      attrs: { class: 'boundary', 'aria-hidden': 'true' },
      children: [
        { tag: 'rect', attrs: { class: 'future', x: asOfX, y: margin.top, width: o.width - margin.right - asOfX, height: o.height - margin.top - margin.bottom } },
        { tag: 'line', attrs: { class: 'as-of', x1: asOfX, x2: asOfX, y1: margin.top, y2: o.height - margin.bottom } },
        // Labels only where they fit (about 7 px per character at 11 px).
        ...(asOfX - margin.left > o.labels.history.length * 7 + 8
          ? [{ tag: 'text', attrs: { x: asOfX - 4, y: margin.top + 10, 'text-anchor': 'end' }, text: o.labels.history } as SvgNode]
          : []),
        ...(o.width - margin.right - asOfX > o.labels.future.length * 7 + 8
          ? [{ tag: 'text', attrs: { x: asOfX + 4, y: margin.top + 10, 'text-anchor': 'start' }, text: o.labels.future } as SvgNode]
          : []),
      ],
    });
  }
  children.push(
    { tag: 'path', attrs: { class: 'line forecast', part: 'forecast-line', d: linePath(points.map((p) => [p.x, p.yForecast])) } },
    // Actuals as stems from zero: spare-part demand is intermittent (most periods zero), and a
    // polyline between zeros and spikes reads as noise.
    { tag: 'path', attrs: { class: 'stems actual', part: 'actual-line', d: stemPath(points, y(0)), 'stroke-width': stemWidth(points) } },
  );
  const active = points[o.activeIndex];
  if (active) {
    const marks: SvgNode[] = [
      { tag: 'line', attrs: { class: 'cursor', x1: active.x, x2: active.x, y1: margin.top, y2: o.height - margin.bottom } },
      { tag: 'circle', attrs: { class: 'dot forecast', cx: active.x, cy: active.yForecast, r: 4 } },
    ];
    if (active.yActual !== null) marks.push({ tag: 'circle', attrs: { class: 'dot actual', cx: active.x, cy: active.yActual, r: 4 } });
    children.push({ tag: 'g', attrs: { class: 'active', 'aria-hidden': 'true' }, children: marks });
  }
  return {
    svg: { tag: 'svg', attrs: { viewBox: `0 0 ${o.width} ${o.height}`, width: o.width, height: o.height }, children },
    points,
    frame,
    x,
    y,
  };
}

/** One vertical segment per period with an actual: `M x,base L x,y` (zero actuals draw nothing visible). */
export function stemPath(points: ForecastPoint[], base: number): string {
  let d = '';
  for (const p of points) if (p.yActual !== null) d += `M${p.x},${r2(base)}L${p.x},${p.yActual}`;
  return d;
}

/** Stem width: most of the spacing between periods, 1–6 px. */
export function stemWidth(points: { x: number }[]): number {
  if (points.length < 2) return 4;
  const dx = (points[points.length - 1].x - points[0].x) / (points.length - 1);
  return r2(Math.max(1, Math.min(6, dx * 0.6)));
}

/** Index of the point nearest to screen x (binary search over sorted points). */
export function nearestIndex(points: { x: number }[], px: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].x < px) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[lo].x - px) <= Math.abs(points[hi].x - px) ? lo : hi;
}
