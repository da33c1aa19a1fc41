import type { LinearScale, TimeScale } from './scale.js';
import type { SvgNode } from './svg.js';

/** Size and margins of a chart's drawing area. */
export interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** Default margins; narrow charts (< 480 px) get slimmer ones. */
export function frameFor(width: number, height: number): Frame {
  const narrow = width < 480;
  return { width, height, margin: { top: 12, right: narrow ? 8 : 16, bottom: 28, left: narrow ? 40 : 56 } };
}

/** Bottom time axis: a baseline plus tick marks and labels. */
export function axisBottom(x: TimeScale, frame: Frame, format: (d: Date) => string): SvgNode {
  const y = frame.height - frame.margin.bottom;
  const count = Math.max(2, Math.floor((frame.width - frame.margin.left - frame.margin.right) / 90));
  const ticks = x.ticks(count);
  return {
    tag: 'g',
    attrs: { class: 'axis axis-x', 'aria-hidden': 'true' },
    children: [
      { tag: 'line', attrs: { class: 'domain', x1: frame.margin.left, x2: frame.width - frame.margin.right, y1: y, y2: y } },
      ...ticks.map((t): SvgNode => ({
        tag: 'g',
        attrs: { class: 'tick', transform: `translate(${Math.round(x(t) * 100) / 100},${y})` },
        children: [
          { tag: 'line', attrs: { y2: 5 } },
          { tag: 'text', attrs: { y: 18, 'text-anchor': 'middle' }, text: format(t) },
        ],
      })),
    ],
  };
}

/** Left value axis with horizontal grid lines. */
export function axisLeft(y: LinearScale, frame: Frame, format: (v: number) => string): SvgNode {
  const count = Math.max(2, Math.floor((frame.height - frame.margin.top - frame.margin.bottom) / 40));
  return {
    tag: 'g',
    attrs: { class: 'axis axis-y', 'aria-hidden': 'true' },
    children: y.ticks(count).map((t): SvgNode => ({
      tag: 'g',
      attrs: { class: 'tick', transform: `translate(0,${Math.round(y(t) * 100) / 100})` },
      children: [
        { tag: 'line', attrs: { class: 'grid', x1: frame.margin.left, x2: frame.width - frame.margin.right } },
        { tag: 'text', attrs: { x: frame.margin.left - 6, dy: '0.32em', 'text-anchor': 'end' }, text: format(t) },
      ],
    })),
  };
}
