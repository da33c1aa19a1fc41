import { scaleLinear, scaleUtc } from './scale.js';
import type { LinearScale, TimeScale } from './scale.js';
import { axisBottom, axisLeft, frameFor } from './axes.js';
import type { Frame } from './axes.js';
import { linePath, r2 } from './svg.js';
import type { SvgNode } from './svg.js';

/** One inventory period as the chart draws it. */
export interface InventoryDatum {
  date: string;
  on_hand: number;
  safety_stock: number;
  reorder_point: number;
}

/** Options of {@link drawInventory}. */
export interface InventoryOptions {
  width: number;
  height: number;
  /** Projected stockout date, drawn as a marker when inside the domain (or at the right edge when after it). */
  stockoutDate?: string | null;
  activeIndex?: number;
  formatDate?: (d: Date, spanDays: number) => string;
  formatValue?: (v: number) => string;
  labels?: { stockout: string };
}

/** Defaults of {@link drawInventory}. */
export const inventoryDefaults = {
  width: 640,
  height: 240,
  activeIndex: -1,
  stockoutDate: null as string | null,
  formatDate: (d: Date) => d.toISOString().slice(5, 10),
  formatValue: (v: number) => String(v),
  labels: { stockout: 'stockout' },
};

/** Screen position of each period. */
export interface InventoryPointXY extends InventoryDatum {
  x: number;
  yOnHand: number;
  yReorder: number;
  ySafety: number;
}

/** What {@link drawInventory} returns. */
export interface InventoryDrawing {
  svg: SvgNode;
  points: InventoryPointXY[];
  frame: Frame;
  x: TimeScale;
  y: LinearScale;
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Pure: on hand (step line) against reorder point and safety stock, with the projected stockout. */
export function drawInventory(data: InventoryDatum[], options: InventoryOptions): InventoryDrawing {
  const o = { ...inventoryDefaults, ...options, labels: { ...inventoryDefaults.labels, ...options.labels } };
  const frame = frameFor(o.width, o.height);
  const { margin } = frame;
  const dates = data.map((d) => toDate(d.date));
  const first = dates[0] ?? new Date(0);
  let last = dates[dates.length - 1] ?? first;
  const stockout = o.stockoutDate ? toDate(o.stockoutDate) : null;
  if (stockout && stockout > last && (stockout.getTime() - last.getTime()) / 86_400_000 <= 120) last = stockout;
  const x = scaleUtc([first, last.getTime() === first.getTime() ? new Date(first.getTime() + 86_400_000) : last], [margin.left, o.width - margin.right]);
  let max = 0;
  for (const d of data) max = Math.max(max, d.on_hand, d.reorder_point, d.safety_stock);
  const y = scaleLinear([0, max > 0 ? max : 1], [o.height - margin.bottom, margin.top], true);
  const spanDays = (last.getTime() - first.getTime()) / 86_400_000;
  const points: InventoryPointXY[] = data.map((d, i) => ({
    ...d,
    x: r2(x(dates[i])),
    yOnHand: r2(y(d.on_hand)),
    yReorder: r2(y(d.reorder_point)),
    ySafety: r2(y(d.safety_stock)),
  }));
  // Step-after line for stock levels (stock holds until the next observation).
  const step = (key: 'yOnHand' | 'yReorder' | 'ySafety') => {
    const pts: [number, number][] = [];
    points.forEach((p, i) => {
      if (i > 0) pts.push([p.x, points[i - 1][key]]);
      pts.push([p.x, p[key]]);
    });
    return linePath(pts);
  };
  const children: SvgNode[] = [
    axisLeft(y, frame, o.formatValue),
    axisBottom(x, frame, (d) => o.formatDate(d, spanDays)),
    { tag: 'path', attrs: { class: 'line safety', part: 'safety-line', d: step('ySafety') } },
    { tag: 'path', attrs: { class: 'line reorder', part: 'reorder-line', d: step('yReorder') } },
    { tag: 'path', attrs: { class: 'line on-hand', part: 'on-hand-line', d: step('yOnHand') } },
  ];
  if (stockout && points.length > 0) {
    const sx = Math.min(x(stockout), o.width - margin.right);
    if (sx >= margin.left) {
      children.push({
        tag: 'g',
        attrs: { class: 'stockout', 'aria-hidden': 'true' },
        children: [
          { tag: 'line', attrs: { x1: sx, x2: sx, y1: margin.top, y2: o.height - margin.bottom } },
          { tag: 'text', attrs: { x: sx - 4, y: margin.top + 10, 'text-anchor': 'end' }, text: o.labels.stockout },
        ],
      });
    }
  }
  const active = points[o.activeIndex];
  if (active) {
    children.push({
      tag: 'g',
      attrs: { class: 'active', 'aria-hidden': 'true' },
      children: [
        { tag: 'line', attrs: { class: 'cursor', x1: active.x, x2: active.x, y1: margin.top, y2: o.height - margin.bottom } },
        { tag: 'circle', attrs: { class: 'dot on-hand', cx: active.x, cy: active.yOnHand, r: 4 } },
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
