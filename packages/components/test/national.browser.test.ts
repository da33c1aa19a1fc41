// What a planner sees over all sites when items have both a national forecast (no site: site
// `default`) and per-site ones (test-golds.mjs `national`, served as /gold-national/). The oracle
// is DuckDB over the same gold files, written from docs/contract.md ("Figures", "All sites"): an
// item with rows at site `default` counts by those alone; any other item adds up its sites.
import { $, cleanup, duck, eq, fixture, lit, loaded, near, ok, vertices } from './support/harness.js';
import type { NovaForecastChart } from '../src/nova-forecast-chart/nova-forecast-chart.component.js';
import type { NovaKpis } from '../src/nova-kpis/nova-kpis.component.js';
import type { NovaInventoryChart } from '../src/nova-inventory-chart/nova-inventory-chart.component.js';

const START = '2026-05-01';
const END = '2026-07-31';

/** A pt-BR number as displayed ("1.234,5") → number. */
const ptBR = (text: string | null) => Number((text ?? '').replace(/[^0-9,\-−]/g, '').replace('−', '-').replace(',', '.'));

/**
 * The rows of `table` an all-sites figure counts, spelled here from the contract's text ("an item
 * that has rows at site `default` counts by those alone"), per item with a window, not with the
 * contract module's SQL.
 */
const allSites = (table: string) =>
  `(SELECT * FROM ${table} QUALIFY site_id = 'default' OR NOT bool_or(site_id = 'default') OVER (PARTITION BY item_id))`;

describe('all sites, with national and per-site forecasts of the same items', () => {
  afterEach(cleanup);

  it('<nova-kpis> shows each unit of demand once and the 30-day plan of the national rows', async () => {
    const el = fixture<NovaKpis>(`<nova-kpis src="/gold-national/" start="${START}" end="${END}"></nova-kpis>`, 1000);
    eq(await loaded(el, 60000), 'ready', 'status');
    const [mixed] = await duck<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (SELECT item_id FROM fact_forecast GROUP BY item_id HAVING bool_or(site_id = 'default') AND bool_or(site_id <> 'default'))`, 'national');
    ok(mixed.n >= 1, `the gold has items with both kinds of forecast (${mixed.n})`);
    const [d] = await duck<{ rule: number; naive: number }>(
      `SELECT (SELECT sum(actual) FROM (SELECT DISTINCT item_id, site_id, date, actual FROM ${allSites('fact_forecast')}
                WHERE actual IS NOT NULL AND date BETWEEN DATE '${START}' AND DATE '${END}')) AS rule,
              (SELECT sum(actual) FROM (SELECT DISTINCT item_id, site_id, date, actual FROM fact_forecast
                WHERE actual IS NOT NULL AND date BETWEEN DATE '${START}' AND DATE '${END}')) AS naive`, 'national');
    ok(d.naive > d.rule * 1.05, `the naive sum over every site (${d.naive}) counts those items' demand twice (${d.rule})`);
    const [n] = await duck<{ rule: number; naive: number }>(
      `SELECT (SELECT sum(forecast_next_30d) FROM ${allSites('agg_item')}) AS rule, (SELECT sum(forecast_next_30d) FROM agg_item) AS naive`, 'national');
    ok(n.naive > n.rule * 1.05, 'the 30-day plan differs too');
    const text = (id: string) => $(el, `[data-kpi="${id}"] dd`).textContent;
    near(ptBR(text('actual')), Math.round(d.rule), `Demanda realizada shows ${text('actual')}`);
    ok(Math.abs(ptBR(text('forecast-next-30d')) - n.rule) <= 0.5, `Previsão próximos 30 dias shows ${text('forecast-next-30d')}, DuckDB ${n.rule}`);
  });

  it("<nova-forecast-chart> of such an item draws its national forecast, not that plus its sites'", async () => {
    const [item] = await duck<{ item_id: string; source: string }>(
      `SELECT a.item_id, a.source FROM agg_item a WHERE a.site_id = 'default'
         AND a.item_id IN (SELECT item_id FROM agg_item WHERE site_id <> 'default') ORDER BY a.item_id LIMIT 1`, 'national');
    ok(item, 'an item with a national and per-site positions');
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="/gold-national/" item-id="${item.item_id}" start="${START}" end="${END}"></nova-forecast-chart>`);
    eq(await loaded(el), 'ready', 'status');
    const expected = await duck<{ date: string; forecast: number; actual: number | null }>(
      `SELECT strftime(date, '%Y-%m-%d') AS date, forecast, actual FROM fact_forecast
       WHERE item_id = ${lit(item.item_id)} AND site_id = 'default' AND source = ${lit(item.source)} AND date BETWEEN DATE '${START}' AND DATE '${END}' ORDER BY date`, 'national');
    ok(expected.length > 60, `DuckDB returned ${expected.length} rows`);
    const pts = el.series!.points;
    eq(pts.length, expected.length, 'points');
    for (let i = 0; i < expected.length; i++) {
      eq(pts[i].date, expected[i].date, `date ${i}`);
      near(pts[i].forecast, expected[i].forecast, `forecast ${expected[i].date}`);
      near(pts[i].actual, expected[i].actual, `actual ${expected[i].date}`);
    }
    // What a screen reader announces: the totals of that line.
    const total = expected.reduce((s, p) => s + p.forecast, 0);
    const shown = /Previsão total ((?:\d{1,3}(?:\.\d{3})*|\d+)(?:,\d+)?)/.exec($(el, '#summary').textContent ?? '')?.[1] ?? null;
    ok(shown !== null && Math.abs(ptBR(shown) - total) <= 0.05 + 1e-9, `summary's forecast total ${shown}, DuckDB ${total}`);
  });

  it("<nova-inventory-chart> of such an item draws the item's stock once: every depot's counts summed, as its national position", async () => {
    const [item] = await duck<{ item_id: string; on_hand: number }>(
      `SELECT a.item_id, a.on_hand FROM agg_item a WHERE a.site_id = 'default'
         AND a.item_id IN (SELECT item_id FROM agg_item WHERE site_id <> 'default') ORDER BY a.item_id LIMIT 1`, 'national');
    const el = fixture<NovaInventoryChart>(`<nova-inventory-chart src="/gold-national/" item-id="${item.item_id}"></nova-inventory-chart>`, 900);
    eq(await loaded(el), 'ready', 'status');
    // docs/inputs.md: a forecast without a site's position is the sum of each site's latest count;
    // its stock line, the sum of the sites' counts per date (fact_inventory keeps each site's own).
    const series = await duck<{ date: string; on_hand: number }>(
      `SELECT strftime(date, '%Y-%m-%d') AS date, sum(on_hand) AS on_hand FROM fact_inventory WHERE item_id = ${lit(item.item_id)} GROUP BY date ORDER BY date`, 'national');
    ok(series.length > 0, 'the depots have counts');
    const inv = el.inventory!;
    near(inv.position.on_hand, item.on_hand, 'the position is the national row');
    eq(inv.series.length, series.length, 'client rows = DuckDB rows');
    series.forEach((r, i) => {
      eq(inv.series[i].date, r.date, `date ${i}`);
      near(inv.series[i].on_hand, r.on_hand, `on hand ${r.date}`);
    });
    eq(vertices($(el, 'path.on-hand').getAttribute('d')!).length, 2 * series.length - 1, 'a stock line is drawn');
  });
});
