// Pure drawing functions: SVG snapshot scenarios (seeded data, fixed time zone) and exact values.
process.env.TZ = 'America/Bahia'; // drawing must not depend on the machine's zone (everything is UTC)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { drawForecast, nearestIndex } from '../src/draw/forecast.js';
import type { ForecastDatum } from '../src/draw/forecast.js';
import { drawInventory } from '../src/draw/inventory.js';
import type { InventoryDatum } from '../src/draw/inventory.js';
import { serializeSvg, escapeXml, linePath } from '../src/draw/svg.js';
import { sortRows } from '../src/draw/sort.js';
import { assertSvgSnapshot, normalizeSvg, rng } from './snapshot.js';

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
    assert.equal(one.points[0].x, one.frame.margin.left);
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
