// Pure drawing functions: SVG snapshot scenarios (seeded data, fixed time zone) and exact values.
process.env.TZ = 'America/Bahia'; // drawing must not depend on the machine's zone (everything is UTC)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { drawForecast, nearestIndex } from '../src/draw/forecast.js';
import type { ForecastDatum } from '../src/draw/forecast.js';
import { drawInventory } from '../src/draw/inventory.js';
import type { InventoryDatum, InventoryOptions } from '../src/draw/inventory.js';
import type { ChartGrain } from '../src/draw/axes.js';
import { formatter } from '../src/i18n/index.js';
import { serializeSvg, escapeXml, linePath } from '../src/draw/svg.js';
import { sortRows } from '../src/draw/sort.js';
import { assertSvgSnapshot, normalizeSvg, rng } from './snapshot.js';

/** The x-axis tick labels of serialised SVG, in order. */
function tickLabels(svg: string): string[] {
  const axis = /<g class="axis axis-x"[^>]*>(.*?)<\/g><\/g>(?=<g|<path)/.exec(svg)?.[0] ?? svg.slice(svg.indexOf('axis-x'), svg.indexOf('</g><path'));
  return [...axis.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

const day = (i: number) => new Date(Date.UTC(2026, 4, 1) + i * 86_400_000).toISOString().slice(0, 10);

/** Intermittent spare-part demand: most days zero, lumpy orders; forecast with an interval. */
function forecastSeries(seed: number, n: number, asOfIndex: number): ForecastDatum[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const f = 2 + Math.sin(i / 7) + r();
    return {
      date: day(i),
      forecast: Math.round(f * 100) / 100,
      forecast_lo: Math.round(Math.max(0, f - 1.5) * 100) / 100,
      forecast_hi: Math.round((f + 1.5) * 100) / 100,
      actual: i <= asOfIndex ? (r() < 0.6 ? 0 : Math.round(r() * 8)) : null,
    };
  });
}

function inventorySeries(seed: number, n: number): InventoryDatum[] {
  const r = rng(seed);
  let stock = 40;
  return Array.from({ length: n }, (_, i) => {
    stock = Math.max(0, stock - Math.round(r() * 3));
    if (i % 30 === 29) stock += 35;
    return { date: day(i), on_hand: stock, safety_stock: 8, reorder_point: 18 };
  });
}

describe('drawForecast', () => {
  it('snapshot: 60 days, history and future, 640 px', () => {
    const d = drawForecast(forecastSeries(7, 60, 39), { width: 640, height: 280, asOf: day(39) });
    assertSvgSnapshot('forecast-640', serializeSvg(d.svg));
  });

  it('snapshot: narrow 320 px with the active point highlighted', () => {
    const d = drawForecast(forecastSeries(11, 45, 30), { width: 320, height: 220, asOf: day(30), activeIndex: 10 });
    assertSvgSnapshot('forecast-320-active', serializeSvg(d.svg));
    assert.equal(d.frame.margin.left, 40, 'narrow charts use slim margins');
  });

  it('snapshot: gaps in the interval and an all-zero history', () => {
    const data = forecastSeries(3, 20, 9).map((p, i) => ({
      ...p,
      actual: p.actual === null ? null : 0,
      forecast_lo: i >= 5 && i < 8 ? null : p.forecast_lo,
      forecast_hi: i >= 5 && i < 8 ? null : p.forecast_hi,
    }));
    const d = drawForecast(data, { width: 480, height: 200, asOf: day(9) });
    assertSvgSnapshot('forecast-gaps', serializeSvg(d.svg));
    assert.equal((d.svg.children ?? []).find((c) => c.attrs?.class === 'bands')?.children?.length, 2, 'band split in two runs');
  });

  it('maps every point through its scales (values drawn = values given)', () => {
    const data = forecastSeries(5, 30, 20);
    const d = drawForecast(data, { width: 600, height: 300, asOf: day(20) });
    assert.equal(d.points.length, 30);
    for (const [i, p] of d.points.entries()) {
      assert.equal(p.date, data[i].date);
      assert.ok(Math.abs(d.y.invert(p.yForecast) - data[i].forecast) < 0.02, `forecast at ${p.date}`);
      if (data[i].actual === null) assert.equal(p.yActual, null);
      else assert.ok(Math.abs(d.y.invert(p.yActual as number) - (data[i].actual as number)) < 0.02);
    }
    assert.equal(d.points[0].x, d.frame.margin.left);
    assert.equal(d.points[29].x, 600 - d.frame.margin.right);
    // Actuals are stems from zero, one per period up to as-of (21 of them), topped at the actual.
    const actual = (d.svg.children ?? []).find((c) => c.attrs?.class === 'stems actual');
    const stems = [...String(actual?.attrs?.d).matchAll(/M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)/g)];
    assert.equal(stems.length, 21);
    stems.forEach((m, i) => {
      assert.equal(Number(m[1]), d.points[i].x);
      assert.equal(Number(m[3]), d.points[i].x, 'vertical');
      assert.equal(Number(m[2]), Math.round(d.y(0) * 100) / 100, 'from zero');
      assert.ok(Math.abs(d.y.invert(Number(m[4])) - (data[i].actual as number)) < 0.02, 'to the actual');
    });
    assert.equal(d.y.domain()[0], 0, 'y starts at zero');
  });

  it('escapes text: hostile labels cannot inject markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const d = drawForecast(forecastSeries(1, 10, 5), { width: 1200, height: 200, asOf: day(5), labels: { history: evil, future: '"&' } });
    const svg = serializeSvg(d.svg);
    assert.ok(!svg.includes('<img'), 'no raw tag');
    assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(svg.includes('&quot;&amp;'));
    assert.equal(escapeXml(`a'b`), 'a&#39;b');
  });

  it('handles no data and a single point without NaN', () => {
    const empty = serializeSvg(drawForecast([], { width: 300, height: 150, asOf: day(0) }).svg);
    assert.ok(!empty.includes('NaN'));
    const one = drawForecast([{ date: day(0), forecast: 3, forecast_lo: 1, forecast_hi: 5, actual: 2 }], { width: 300, height: 150, asOf: day(0) });
    assert.ok(!serializeSvg(one.svg).includes('NaN'));
    // One period is drawn mid-chart (not on an edge), with its own date as the only tick.
    assert.equal(one.points[0].x, (one.frame.margin.left + 300 - one.frame.margin.right) / 2);
    assert.deepEqual(tickLabels(serializeSvg(one.svg)), [day(0).slice(5)]);
  });
});

describe('nearestIndex', () => {
  it('finds the closest point by x', () => {
    const pts = [{ x: 10 }, { x: 20 }, { x: 40 }, { x: 80 }];
    assert.equal(nearestIndex(pts, 0), 0);
    assert.equal(nearestIndex(pts, 14), 0);
    assert.equal(nearestIndex(pts, 16), 1);
    assert.equal(nearestIndex(pts, 61), 3);
    assert.equal(nearestIndex(pts, 1000), 3);
    assert.equal(nearestIndex([], 5), -1);
  });
});

describe('drawInventory', () => {
  it('snapshot: 90 days with a projected stockout inside the domain', () => {
    const d = drawInventory(inventorySeries(42, 90), { width: 640, height: 240, stockoutDate: day(70) });
    assertSvgSnapshot('inventory-640-stockout', serializeSvg(d.svg));
  });

  it('snapshot: stockout after the series extends the domain up to it', () => {
    const data = inventorySeries(9, 40);
    const d = drawInventory(data, { width: 360, height: 200, stockoutDate: day(55), activeIndex: 39 });
    assertSvgSnapshot('inventory-360-future-stockout', serializeSvg(d.svg));
    assert.equal(d.x.domain()[1].toISOString().slice(0, 10), day(55));
  });

  it('draws on hand as a step line through every observation', () => {
    const data: InventoryDatum[] = [
      { date: day(0), on_hand: 10, safety_stock: 2, reorder_point: 5 },
      { date: day(1), on_hand: 4, safety_stock: 2, reorder_point: 5 },
      { date: day(2), on_hand: 8, safety_stock: 2, reorder_point: 5 },
    ];
    const d = drawInventory(data, { width: 300, height: 200 });
    const onHand = (d.svg.children ?? []).find((c) => c.attrs?.class === 'line on-hand');
    // 3 points → 5 vertices for a step-after line.
    assert.equal(String(onHand?.attrs?.d).match(/[ML]/g)?.length, 5);
    assert.deepEqual(d.points.map((p) => Math.round(d.y.invert(p.yOnHand))), [10, 4, 8]);
    assert.equal(d.y.domain()[1], 10);
    assert.ok(!(d.svg.children ?? []).some((c) => c.attrs?.class === 'stockout'), 'no stockout marker without a date');
  });
});

describe('svg helpers', () => {
  it('linePath breaks on nulls and rounds', () => {
    assert.equal(linePath([[0, 0], [1.234, 2.345], null, [3, 4]]), 'M0,0L1.23,2.35M3,4');
  });
  it('normalizeSvg rounds numbers and renumbers ids', () => {
    assert.equal(normalizeSvg('<g id="abc"><use href="#abc" x="1.26"/></g>'), '<g id="id0">\n<use href="#id0" x="1.3"/>\n</g>\n');
  });
});

describe('sortRows', () => {
  const rows = [
    { id: 'a', v: 3, d: '2026-07-01' },
    { id: 'b', v: null, d: null },
    { id: 'c', v: 1, d: '2026-06-01' },
    { id: 'd', v: 3, d: '2026-08-01' },
  ];
  it('sorts numbers both ways, nulls last, stable ties', () => {
    assert.deepEqual(sortRows(rows, 'v', 'asc').map((r) => r.id), ['c', 'a', 'd', 'b']);
    assert.deepEqual(sortRows(rows, 'v', 'desc').map((r) => r.id), ['a', 'd', 'c', 'b']);
    assert.deepEqual(sortRows(rows, 'd', 'asc').map((r) => r.id), ['c', 'a', 'd', 'b']);
  });
});

// ---- One count plus the projection (issue 8): each grain, and axes that never repeat a label ----

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** The i-th period start from `start` at a grain (months by calendar month, UTC). */
function periodDate(start: string, grain: ChartGrain, i: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (grain === 'month') d.setUTCMonth(d.getUTCMonth() + i);
  else d.setUTCDate(d.getUTCDate() + i * (grain === 'week' ? 7 : 1));
  return iso(d);
}

/**
 * One count at `start`, then the projection: on hand minus the cumulative forecast `perPeriod`,
 * up to and including the first period below zero (hand-computed, as docs/inventory.md defines it).
 */
function oneCount(grain: ChartGrain, start: string, onHand: number, perPeriod: number) {
  const count: InventoryDatum = { date: start, on_hand: onHand, reorder_point: 18, safety_stock: 8 };
  const projection: { date: string; on_hand: number }[] = [];
  for (let i = 1, left = onHand; left >= 0; i++) {
    left -= perPeriod;
    projection.push({ date: periodDate(start, grain, i), on_hand: left });
  }
  return { count, projection, stockout: projection[projection.length - 1].date, arrival: periodDate(start, grain, 2) };
}

const pt = formatter('pt-BR');
const en = formatter('en');

describe('drawInventory from one count', () => {
  const cases: Array<[ChartGrain, string, number, number, number]> = [
    // grain, count date, on hand, forecast per period, projected periods (hand count)
    ['day', '2026-06-30', 40, 3, 14], // 37, 34, …, 1, −2
    ['week', '2026-11-09', 45, 6, 8], // 39, 33, 27, 21, 15, 9, 3, −3
    ['month', '2026-11-01', 100, 30, 4], // 70, 40, 10, −20
  ];
  for (const [grain, start, onHand, per, n] of cases) {
    it(`snapshot: one ${grain} count, projected stock to the stockout, order arrival, reorder point and safety stock`, () => {
      const c = oneCount(grain, start, onHand, per);
      assert.equal(c.projection.length, n, 'projected periods');
      const opts: InventoryOptions = {
        width: 640,
        height: 240,
        grain,
        projection: c.projection,
        position: { reorder_point: 20, safety_stock: 9 },
        stockoutDate: c.stockout,
        orderArrival: { date: c.arrival, qty: 60 },
        formatDate: (d, step) => pt.shortDate(d, step),
        formatValue: (v) => pt.compact(v),
        labels: { stockout: pt.t.projectedStockout, order: pt.t.orderMarker('60') },
      };
      const d = drawInventory([c.count], opts);
      const svg = serializeSvg(d.svg);
      assertSvgSnapshot(`inventory-one-count-${grain}`, svg);
      const labels = tickLabels(svg);
      assert.equal(new Set(labels).size, labels.length, `no repeated tick label: ${labels.join(' | ')}`);
      assert.ok(labels.length >= 2, `several ticks: ${labels.join(' | ')}`);
      // Weekly and monthly axes are labelled at period starts, the count's first; daily ones at round days.
      if (grain !== 'day') assert.equal(labels[0], pt.shortDate(new Date(`${start}T00:00:00Z`), grain === 'month' ? 30 : 7), 'the count is labelled');
      // The domain runs from the count to the stockout; the stockout marker sits at its date.
      assert.equal(iso(d.x.domain()[0]), start);
      assert.equal(iso(d.x.domain()[1]), c.stockout);
      const children = d.svg.children ?? [];
      const marker = (cls: string) => children.find((ch) => ch.attrs?.class === cls)?.children?.[0].attrs?.x1;
      assert.equal(marker('stockout'), Math.round(d.x(new Date(`${c.stockout}T00:00:00Z`)) * 100) / 100, 'stockout at its date');
      assert.equal(marker('order'), Math.round(d.x(new Date(`${c.arrival}T00:00:00Z`)) * 100) / 100, 'order at its arrival');
      const orderText = children.find((ch) => ch.attrs?.class === 'order')?.children?.[1].text;
      assert.equal(orderText, 'Pedido 60');
      // Projected line: from the count through every projected period, clipped at zero.
      const proj = children.find((ch) => ch.attrs?.class === 'line projected');
      const v = [...String(proj?.attrs?.d).matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      assert.equal(v.length, n + 1);
      assert.ok(Math.abs(d.y.invert(v[0][1]) - onHand) < 0.05, 'starts at the count');
      c.projection.forEach((p, i) => assert.ok(Math.abs(d.y.invert(v[i + 1][1]) - Math.max(0, p.on_hand)) < 0.05, `projected ${p.date}`));
      // Reorder point and safety stock run from the count to the right edge, at the position's values.
      for (const [cls, value] of [['line reorder', 20], ['line safety', 9]] as const) {
        const pts = [...String(children.find((ch) => ch.attrs?.class === cls)?.attrs?.d).matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)];
        assert.equal(Number(pts[0][1]), d.frame.margin.left, `${cls} starts at the count`);
        assert.equal(Number(pts[pts.length - 1][1]), 640 - d.frame.margin.right, `${cls} reaches the right edge`);
        assert.ok(Math.abs(d.y.invert(Number(pts[pts.length - 1][2])) - value) < 0.05, `${cls} at the position's value`);
      }
      assert.equal(d.points.filter((p) => p.projected).length, n);
      assert.equal(children.find((ch) => ch.attrs?.class === 'counts')?.children?.length, 1, 'the count has a dot');
    });
  }

  it('one count and nothing else is drawn mid-chart with its date as the only tick', () => {
    for (const grain of ['day', 'week', 'month'] as const) {
      const d = drawInventory([{ date: '2026-11-09', on_hand: 12, reorder_point: 5, safety_stock: 2 }], {
        width: 640, height: 240, grain, formatDate: (x, step) => pt.shortDate(x, step),
      });
      assert.equal(d.points[0].x, (d.frame.margin.left + 640 - d.frame.margin.right) / 2, grain);
      assert.deepEqual(tickLabels(serializeSvg(d.svg)), [pt.shortDate(new Date('2026-11-09T00:00:00Z'), grain === 'month' ? 30 : 7 * (grain === 'week' ? 1 : 0))]);
    }
  });
});

describe('time axes reach across the chart', () => {
  it('one count with a stockout far ahead and no projection: round ticks across the span, not one label', () => {
    for (const grain of ['day', 'week', 'month'] as const) {
      const d = drawInventory([{ date: '2026-06-29', on_hand: 12, reorder_point: 5, safety_stock: 2 }], {
        width: 640, height: 240, grain, stockoutDate: '2027-01-04', formatDate: (x, step) => pt.shortDate(x, step),
      });
      const labels = tickLabels(serializeSvg(d.svg));
      assert.ok(labels.length >= 3, `${grain}: ${labels.join(' | ')}`);
      assert.equal(new Set(labels).size, labels.length, `${grain}: ${labels.join(' | ')}`);
    }
  });
});

describe('time axes never repeat a label', () => {
  const spans: Record<ChartGrain, number[]> = {
    day: [1, 2, 3, 5, 8, 14, 31, 60, 90, 200, 400, 1000],
    week: [1, 2, 3, 8, 13, 26, 52, 104, 260],
    month: [1, 2, 3, 6, 12, 24, 60],
  };
  for (const grain of ['day', 'week', 'month'] as const) {
    it(`${grain} grain: 1 period to years, 240–2400 px, pt-BR and en, forecast and inventory`, () => {
      let checked = 0;
      for (const n of spans[grain]) {
        for (const width of [240, 320, 640, 1200, 2400]) {
          for (const f of [pt, en]) {
            const formatDate = (x: Date, step: number) => f.shortDate(x, step);
            const dates = Array.from({ length: n }, (_, i) => periodDate('2026-11-09', grain, i));
            const fc = drawForecast(
              dates.map((date) => ({ date, forecast: 2, forecast_lo: 1, forecast_hi: 3, actual: null })),
              { width, height: 200, asOf: dates[0], grain, formatDate },
            );
            // From one count: the projection covers the other n − 1 periods.
            const inv = drawInventory([{ date: dates[0], on_hand: 50, reorder_point: 10, safety_stock: 4 }], {
              width, height: 200, grain, formatDate,
              projection: dates.slice(1).map((date, i) => ({ date, on_hand: 50 - i })),
            });
            for (const [what, svg] of [['forecast', serializeSvg(fc.svg)], ['inventory', serializeSvg(inv.svg)]]) {
              const labels = tickLabels(svg);
              const where = `${what} ${grain} ×${n} at ${width}px (${f.locale})`;
              assert.ok(labels.length >= 1, `${where}: no tick`);
              assert.equal(new Set(labels).size, labels.length, `${where}: ${labels.join(' | ')}`);
              checked++;
            }
          }
        }
      }
      assert.ok(checked > 100);
    });
  }

  it('the issue-8 case: 8 weekly periods from one count are labelled by week, not 8 × one day', () => {
    const dates = Array.from({ length: 8 }, (_, i) => periodDate('2026-11-09', 'week', i));
    const d = drawInventory([{ date: dates[0], on_hand: 50, reorder_point: 10, safety_stock: 4 }], {
      width: 900, height: 240, grain: 'week', formatDate: (x, step) => pt.shortDate(x, step),
      projection: dates.slice(1).map((date, i) => ({ date, on_hand: 45 - 6 * i })),
    });
    assert.deepEqual(tickLabels(serializeSvg(d.svg)), dates.map((x) => pt.shortDate(new Date(`${x}T00:00:00Z`), 7)));
    assert.equal(tickLabels(serializeSvg(d.svg))[0], '09 de nov.');
  });
});
