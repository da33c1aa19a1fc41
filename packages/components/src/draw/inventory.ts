import { scaleLinear, scaleUtc } from './scale.js';
import type { LinearScale, TimeScale } from './scale.js';
import { GRAIN_DAYS, axisBottom, axisLeft, frameFor, timeDomain } from './axes.js';
import type { ChartGrain, Frame, TickFormat } from './axes.js';
import { linePath, r2 } from './svg.js';
import type { SvgNode } from './svg.js';

/** One inventory count as the chart draws it. */
export interface InventoryDatum {
  date: string;
  on_hand: number;
  safety_stock: number;
  reorder_point: number;
}

/** One period of projected stock (the SDK's `inventory().projection`). */
export interface ProjectedDatum {
  date: string;
  on_hand: number;
}

/** Options of {@link drawInventory}. */
export interface InventoryOptions {
  width: number;
  height: number;
  /** Projected stock after the last count, drawn dashed from the last count forward. */
  projection?: readonly ProjectedDatum[];
  /** Reorder point and safety stock over the projection (default: the last count's). */
  position?: { reorder_point: number; safety_stock: number };
  /** Projected stockout date, marked at its date (the time axis extends to it). */
  stockoutDate?: string | null;
  /** The suggested order's arrival, marked at its date (the time axis extends to it). */
  orderArrival?: { date: string; qty: number } | null;
  /** The gold's grain: spaces a single period and labels the axis (default `day`). */
  grain?: ChartGrain;
  activeIndex?: number;
  /** Axis label of a tick; `stepDays` is the tick spacing in days. */
  formatDate?: TickFormat;
  formatValue?: (v: number) => string;
  /** `stockout`: the marker's label; `order`: the arrival marker's label (for example "order 120"). */
  labels?: { stockout?: string; order?: string };
}

/** Defaults of {@link drawInventory}. */
export const inventoryDefaults = {
  width: 640,
  height: 240,
  activeIndex: -1,
  grain: 'day' as ChartGrain,
  stockoutDate: null as string | null,
  orderArrival: null as { date: string; qty: number } | null,
  projection: [] as readonly ProjectedDatum[],
  formatDate: (d: Date) => d.toISOString().slice(5, 10),
  formatValue: (v: number) => String(v),
  labels: { stockout: 'stockout', order: 'order' },
};

/** Screen position of each count (`projected: false`) and projected period (`projected: true`). */
export interface InventoryPointXY extends InventoryDatum {
  projected: boolean;
  x: number;
  yOnHand: number;
  yReorder: number;
  ySafety: number;
}

/** What {@link drawInventory} returns. */
export interface InventoryDrawing {
  svg: SvgNode;
  /** Counts then projected periods, in date order. */
  points: InventoryPointXY[];
  frame: Frame;
  x: TimeScale;
  y: LinearScale;
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Counts up to this many get a dot each; more get one on the last count only. */
const MAX_COUNT_DOTS = 31;

/**
 * Pure: stock counts (step line and dots), the projected stock from the last count forward
 * (dashed), reorder point and safety stock over the whole span, the suggested order's arrival and
 * the projected stockout, each at its date. Useful from a single count.
 */
export function drawInventory(data: readonly InventoryDatum[], options: InventoryOptions): InventoryDrawing {
  const o = { ...inventoryDefaults, ...options, labels: { ...inventoryDefaults.labels, ...options.labels } };
  const projection = o.projection ?? [];
  const frame = frameFor(o.width, o.height);
  const { margin } = frame;
  const left = margin.left;
  const right = o.width - margin.right;
  const top = margin.top;
  const bottom = o.height - margin.bottom;
  const last = data[data.length - 1];
  const pos = o.position ?? (last ? { reorder_point: last.reorder_point, safety_stock: last.safety_stock } : { reorder_point: 0, safety_stock: 0 });
  const counts = data.map((d) => ({ ...d, projected: false }));
  const ahead = projection.map((p) => ({ date: p.date, on_hand: p.on_hand, reorder_point: pos.reorder_point, safety_stock: pos.safety_stock, projected: true }));
  const all = [...counts, ...ahead].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const stockout = o.stockoutDate ? toDate(o.stockoutDate) : null;
  const arrival = o.orderArrival ? toDate(o.orderArrival.date) : null;
  const periodDays = GRAIN_DAYS[o.grain] ?? 1;
  const periods = all.map((d) => toDate(d.date));
  const marks = [...periods, ...(stockout ? [stockout] : []), ...(arrival ? [arrival] : [])];
  const x = scaleUtc(timeDomain(marks, periodDays), [left, right]);
  let max = Math.max(pos.reorder_point, pos.safety_stock);
  for (const d of all) max = Math.max(max, d.on_hand, d.reorder_point, d.safety_stock);
  const y = scaleLinear([0, max > 0 ? max : 1], [bottom, top], true);
  // Projected stock below zero is a shortfall: drawn on the zero line (the table gives the figure).
  const yStock = (v: number) => r2(y(Math.max(0, v)));
  const points: InventoryPointXY[] = all.map((d) => ({
    ...d,
    x: r2(x(toDate(d.date))),
    yOnHand: yStock(d.on_hand),
    yReorder: r2(y(d.reorder_point)),
    ySafety: r2(y(d.safety_stock)),
  }));
  const countPts = points.filter((p) => !p.projected);
  const aheadPts = points.filter((p) => p.projected);
  // Step-after lines: a level holds until the next observation; reorder point and safety stock
  // continue to the right edge (over the projection).
  const step = (pts: InventoryPointXY[], key: 'yOnHand' | 'yReorder' | 'ySafety', toEdge: boolean) => {
    const out: [number, number][] = [];
    pts.forEach((p, i) => {
      if (i > 0) out.push([p.x, pts[i - 1][key]]);
      out.push([p.x, p[key]]);
    });
    if (toEdge) {
      if (out.length === 0) out.push([left, r2(y(key === 'yReorder' ? pos.reorder_point : pos.safety_stock))]);
      const end = out[out.length - 1];
      if (end[0] < right) out.push([right, end[1]]);
    }
    return linePath(out);
  };
  const children: SvgNode[] = [
    axisLeft(y, frame, o.formatValue),
    axisBottom(x, frame, o.formatDate, periods, periodDays),
    { tag: 'path', attrs: { class: 'line safety', part: 'safety-line', d: step(points, 'ySafety', true) } },
    { tag: 'path', attrs: { class: 'line reorder', part: 'reorder-line', d: step(points, 'yReorder', true) } },
    { tag: 'path', attrs: { class: 'line on-hand', part: 'on-hand-line', d: step(countPts, 'yOnHand', false) } },
  ];
  if (aheadPts.length > 0) {
    const anchor = countPts[countPts.length - 1];
    const line = [...(anchor && anchor.x <= aheadPts[0].x ? [anchor] : []), ...aheadPts].map((p) => [p.x, p.yOnHand] as [number, number]);
    children.push({ tag: 'path', attrs: { class: 'line projected', part: 'projected-line', d: linePath(line) } });
  }
  const dots = countPts.length <= MAX_COUNT_DOTS ? countPts : countPts.slice(-1);
  if (dots.length > 0) {
    children.push({
      tag: 'g',
      attrs: { class: 'counts', 'aria-hidden': 'true' },
      children: dots.map((p): SvgNode => ({ tag: 'circle', attrs: { class: 'dot count', cx: p.x, cy: p.yOnHand, r: 3 } })),
    });
  }
  // Marker labels sit on the side with room (about 7 px per character at 11 px).
  const marker = (cls: string, part: string, at: Date, label: string, ty: number): SvgNode => {
    const mx = r2(x(at));
    const fitsLeft = mx - left > label.length * 7 + 8;
    return {
      tag: 'g',
      attrs: { class: cls, part, 'aria-hidden': 'true' },
      children: [
        { tag: 'line', attrs: { x1: mx, x2: mx, y1: top, y2: bottom } },
        { tag: 'text', attrs: { x: fitsLeft ? mx - 4 : mx + 4, y: ty, 'text-anchor': fitsLeft ? 'end' : 'start' }, text: label },
      ],
    };
  };
  if (arrival) children.push(marker('order', 'order-marker', arrival, o.labels.order, top + 24));
  if (stockout) children.push(marker('stockout', 'stockout-marker', stockout, o.labels.stockout, top + 10));
  const active = points[o.activeIndex];
  if (active) {
    children.push({
      tag: 'g',
      attrs: { class: 'active', 'aria-hidden': 'true' },
      children: [
        { tag: 'line', attrs: { class: 'cursor', x1: active.x, x2: active.x, y1: top, y2: bottom } },
        { tag: 'circle', attrs: { class: active.projected ? 'dot projected' : 'dot on-hand', cx: active.x, cy: active.yOnHand, r: 4 } },
      ],
    });
  }
  return {
    svg: { tag: 'svg', attrs: { viewBox: `0 0 ${o.width} ${o.height}`, width: o.width, height: o.height }, children },
    points,
    frame,
    x,
    y,
  };
}
