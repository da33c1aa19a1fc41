// The small scales in src/draw/scale.ts must give exactly d3-scale's ticks, nice domains and mapping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as d3 from 'd3-scale';
import { scaleLinear, scaleUtc, utcTicks } from '../src/draw/scale.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('scales = d3-scale', () => {
  it('linear: nice domain, ticks, mapping and invert', () => {
    for (const [max, count] of [[1, 5], [7.3, 4], [38, 6], [1234.5, 5], [0.07, 3], [99999, 8]] as const) {
      const ours = scaleLinear([0, max], [200, 10], true);
      const theirs = d3.scaleLinear().domain([0, max]).nice().range([200, 10]);
      assert.deepEqual(ours.domain(), theirs.domain(), `domain for ${max}`);
      assert.deepEqual(ours.ticks(count), theirs.ticks(count), `ticks for ${max}/${count}`);
      for (const v of [0, max / 3, max]) assert.ok(Math.abs(ours(v) - theirs(v)) < 1e-9);
      assert.ok(Math.abs(ours.invert(77) - theirs.invert(77)) < 1e-9);
    }
  });

  it('utc: ticks over spans from one day to ten years', () => {
    const spans: Array<[string, string]> = [
      ['2026-05-01', '2026-05-02'],
      ['2026-05-01', '2026-05-09'],
      ['2026-05-01', '2026-06-15'],
      ['2026-01-01', '2026-06-30'],
      ['2025-05-27', '2026-09-28'],
      ['2024-01-03', '2026-12-31'],
      ['2016-02-10', '2026-02-10'],
    ];
    for (const [a, b] of spans) {
      for (const count of [2, 3, 5, 8, 12]) {
        const theirs = d3.scaleUtc().domain([day(a), day(b)]).range([0, 500]).ticks(count).map((d) => d.toISOString());
        const ours = utcTicks(day(a), day(b), count).map((d) => d.toISOString());
        assert.deepEqual(ours, theirs, `${a}..${b} count ${count}`);
      }
      const s = scaleUtc([day(a), day(b)], [40, 600]);
      const t = d3.scaleUtc().domain([day(a), day(b)]).range([40, 600]);
      assert.ok(Math.abs(s(day(a)) - t(day(a))) < 1e-9 && Math.abs(s(day(b)) - t(day(b))) < 1e-9);
      assert.ok(Math.abs(s.invert(321).getTime() - t.invert(321).getTime()) <= 1, "invert within 1 ms");
    }
  });
});
