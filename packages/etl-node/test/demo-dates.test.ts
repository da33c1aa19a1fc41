// The demo dates its forecasts the morning after --as-of (01:40 and 03:00 UTC). A build refuses a
// forecast generated after the build time (future_generated_at), so `nova-etl demo --as-of` of
// yesterday run between 00:00 and 03:00 UTC, or of today at any hour, used to build nothing. Such a
// time is now the run's own time, to the minute; earlier as-of dates keep their fixed times.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { demoForecastMeta } from '../src/demo/index.ts';
import { runCli, tempDir } from './helpers.ts';

const times = (asOf: string, now: string) => {
  const m = demoForecastMeta(asOf, new Date(now));
  return [m.croston.generated_at, m.ensemble.generated_at];
};

describe('demo forecasts are never dated after the run', () => {
  it('the next morning when it has passed; the run\'s minute when it has not', () => {
    assert.deepEqual(times('2026-10-31', '2026-11-02T00:10:00Z'), ['2026-11-01T01:40:00Z', '2026-11-01T03:00:00Z']);
    assert.deepEqual(times('2026-10-31', '2026-11-01T03:00:00Z'), ['2026-11-01T01:40:00Z', '2026-11-01T03:00:00Z'], 'at exactly 03:00 nothing moves');
    assert.deepEqual(times('2026-10-31', '2026-11-01T02:10:59.900Z'), ['2026-11-01T01:40:00Z', '2026-11-01T02:10:00Z'], 'only the 03:00 export is moved, to the minute');
    assert.deepEqual(times('2026-10-31', '2026-11-01T00:30:00Z'), ['2026-11-01T00:30:00Z', '2026-11-01T00:30:00Z']);
    assert.deepEqual(times('2026-12-31', '2026-12-31T23:59:30Z'), ['2026-12-31T23:59:00Z', '2026-12-31T23:59:00Z'], 'as of today, across a year end');
  });

  it('nova-etl demo --as-of today builds and publishes, its forecasts dated no later than the build', async () => {
    const dir = tempDir();
    const today = new Date().toISOString().slice(0, 10);
    const r = await runCli(['demo', '--out', dir, '--items', '12', '--days', '60', '--as-of', today, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const manifest = JSON.parse(readFileSync(join(dir, 'gold', 'manifest.json'), 'utf8'));
    assert.equal(manifest.as_of, today);
    assert.deepEqual(manifest.ml.map((m: { source: string }) => m.source).sort(), ['croston_sba', 'ensemble']);
    for (const m of manifest.ml) {
      assert.ok(m.rows > 0, `${m.source} has fact rows`);
      assert.ok(m.generated_at <= manifest.created_at, `${m.source} generated_at ${m.generated_at} is not after the build (${manifest.created_at})`);
      assert.ok(m.generated_at >= `${today}T00:00:00Z`, `${m.source} generated on the as-of day or later: ${m.generated_at}`);
    }
  });
});
