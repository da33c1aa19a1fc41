// A chart from gold another engine wrote: plain DuckDB SQL (test support outside-engine.mjs, no
// nova-etl code) sealed by `nova-etl seal` and served as /gold-sealed/. The chart draws exactly
// the rows DuckDB reads from the engine's files.
import { $, cleanup, duck, eq, fixture, lit, loaded, near, ok, vertices } from './support/harness.js';
import type { NovaForecastChart } from '../src/nova-forecast-chart/nova-forecast-chart.component.js';

const ITEM = 'EXT-0005';
const START = '2026-06-15';
const END = '2026-08-20';

describe('sealed outside gold', () => {
  afterEach(cleanup);

  it('<nova-forecast-chart> draws the item from the sealed snapshot, matching DuckDB', async () => {
    const manifest = await (await fetch('/gold-sealed/manifest.json')).json();
    eq(manifest.contract, 'nova-gold/1.5', 'sealed as the current contract (1.5)');
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="/gold-sealed/" item-id="${ITEM}" start="${START}" end="${END}"></nova-forecast-chart>`);
    eq(await loaded(el), 'ready', 'status');
    const ts = el.series!;
    const expected = await duck<{ date: string; forecast: number; actual: number | null }>(
      `SELECT strftime(date, '%Y-%m-%d') AS date, sum(forecast) AS forecast, sum(actual) AS actual FROM fact_forecast
       WHERE item_id = ${lit(ITEM)} AND date BETWEEN DATE ${lit(START)} AND DATE ${lit(END)} GROUP BY date ORDER BY date`,
      'sealed',
    );
    ok(expected.length > 60, `DuckDB returned ${expected.length} rows`);
    eq(ts.points.length, expected.length, 'client rows = DuckDB rows');
    const line = vertices($(el, 'path.forecast').getAttribute('d')!);
    eq(line.length, expected.length, 'forecast path vertices');
    for (let i = 0; i < expected.length; i++) {
      eq(ts.points[i].date, expected[i].date, `date ${i}`);
      near(ts.points[i].forecast, expected[i].forecast, `forecast ${expected[i].date}`);
      near(ts.points[i].actual, expected[i].actual, `actual ${expected[i].date}`);
    }
    ok(($(el, 'svg').textContent ?? '').length > 0 || $(el, 'path.forecast') !== null, 'drawn');
  });
});
