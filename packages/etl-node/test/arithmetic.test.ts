import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brazilianHolidays, easter } from '../src/build/calendar.ts';
import { normalQuantile } from '../src/build/stats.ts';

describe('normalQuantile (service level → z)', () => {
  // Published standard-normal quantiles.
  for (const [p, z] of [[0.5, 0], [0.9, 1.2815515655], [0.95, 1.6448536270], [0.975, 1.9599639845], [0.99, 2.3263478740], [0.999, 3.0902323062], [0.01, -2.3263478740]] as const) {
    it(`z(${p}) = ${z}`, () => assert.ok(Math.abs(normalQuantile(p) - z) < 1e-8, String(normalQuantile(p))));
  }
  it('rejects levels outside (0, 1)', () => {
    assert.throws(() => normalQuantile(1), RangeError);
    assert.throws(() => normalQuantile(0), RangeError);
  });
});

describe('Brazilian holidays', () => {
  it('computes Easter', () => {
    assert.equal(easter(2024).toISOString().slice(0, 10), '2024-03-31');
    assert.equal(easter(2025).toISOString().slice(0, 10), '2025-04-20');
    assert.equal(easter(2026).toISOString().slice(0, 10), '2026-04-05');
  });
  it('lists the movable holidays of 2026', () => {
    const h = Object.fromEntries(brazilianHolidays(2026));
    assert.equal(h['2026-02-16'], 'Carnaval (segunda-feira)');
    assert.equal(h['2026-02-17'], 'Carnaval (terça-feira)');
    assert.equal(h['2026-04-03'], 'Sexta-feira Santa');
    assert.equal(h['2026-06-04'], 'Corpus Christi');
    assert.equal(h['2026-11-20'], 'Dia Nacional de Zumbi e da Consciência Negra');
    assert.equal(brazilianHolidays(2026).length, 13);
  });
  it('has no Consciência Negra before it became national (2024)', () => {
    assert.equal(brazilianHolidays(2023).some(([, n]) => n.includes('Consciência')), false);
  });
});
