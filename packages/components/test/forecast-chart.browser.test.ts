// <nova-forecast-chart> against the real SDK client over /gold/, checked against DuckDB.
import { $, $$, GOLD, HOSTILE_GOLD, HOSTILE_NAME, axeCheck, cleanup, duck, eq, fixture, key, lit, loaded, near, nextEvent, ok, vertices } from './support/harness.js';
import type { NovaForecastChart } from '../src/nova-forecast-chart/nova-forecast-chart.component.js';
import { defineOnce } from '../src/internal/define.js';
import { formatter } from '../src/i18n/index.js';

interface Pt { date: string; forecast: number; forecast_lo: number | null; forecast_hi: number | null; actual: number | null }

let itemId = '';
let itemName = '';
const START = '2026-05-01';
const END = '2026-08-15';

describe('nova-forecast-chart', () => {
  before(async () => {
    const [row] = await duck<{ item_id: string; name: string }>(
      `SELECT a.item_id, i.name FROM agg_item a JOIN dim_item i USING (item_id) ORDER BY a.risk <> 'stockout', a.item_id LIMIT 1`,
    );
    itemId = row.item_id;
    itemName = row.name;
  });
  afterEach(cleanup);

  it('draws exactly the points the client returns, which equal what DuckDB reads from the gold files', async () => {
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="${itemId}" start="${START}" end="${END}"></nova-forecast-chart>`);
    eq(await loaded(el), 'ready', 'status');
    const ts = el.series!;
    eq(ts.itemId, itemId, 'item');
    const expected = await duck<Pt>(
      `SELECT strftime(date, '%Y-%m-%d') AS date, forecast, forecast_lo, forecast_hi, actual FROM fact_forecast
       WHERE item_id = ${lit(itemId)} AND site_id = ${lit(ts.siteId)} AND source = ${lit(ts.meta.source)}
         AND date BETWEEN DATE ${lit(START)} AND DATE ${lit(END)} ORDER BY date`,
    );
    ok(expected.length > 90, `DuckDB returned ${expected.length} rows`);
    eq(ts.points.length, expected.length, 'client rows = DuckDB rows');
    const drawn = el.drawnPoints;
    eq(drawn.length, expected.length, 'drawn points = DuckDB rows');
    // The forecast line's vertices, mapped back through the y scale, are the forecasts.
    const line = vertices($(el, 'path.forecast').getAttribute('d')!);
    eq(line.length, expected.length, 'forecast path vertices');
    const svg = $(el, 'svg');
    const [, , w, h] = svg.getAttribute('viewBox')!.split(' ').map(Number);
    ok(w > 0 && h > 0, 'viewBox');
    const yMax = Math.max(...expected.map((p) => Math.max(p.forecast, p.forecast_hi ?? 0, p.actual ?? 0)));
    for (let i = 0; i < expected.length; i++) {
      const e = expected[i];
      eq(ts.points[i].date, e.date, `date ${i}`);
      eq(drawn[i].date, e.date, `drawn date ${i}`);
      near(ts.points[i].forecast, e.forecast, `forecast ${e.date}`);
      near(ts.points[i].forecast_lo, e.forecast_lo, `lo ${e.date}`);
      near(ts.points[i].forecast_hi, e.forecast_hi, `hi ${e.date}`);
      near(ts.points[i].actual, e.actual, `actual ${e.date}`);
      eq(line[i][1], drawn[i].yForecast, `path y = drawn y at ${e.date}`);
      ok(line[i][1] <= h && line[i][1] >= 0, 'inside');
    }
    // y of the largest forecast maps back to its value within a pixel's worth.
    const yTicks = $$(el, '.axis-y .tick text').map((t) => t.textContent);
    ok(yTicks.length >= 2, 'y ticks');
    ok(yMax > 0, 'data non-zero');
    // Actuals stop at as-of; the boundary is drawn at as-of.
    const withActual = expected.filter((p) => p.actual !== null);
    ok(withActual.every((p) => p.date <= ts.asOf) && expected.some((p) => p.date > ts.asOf), 'actuals only up to as-of');
    // Actuals are drawn as stems from zero: vertex 2k+1 is the top of the k-th stem.
    const stems = vertices($(el, 'path.actual').getAttribute('d')!);
    eq(stems.length, 2 * withActual.length, 'one stem per actual');
    const withActualDrawn = drawn.filter((p) => p.actual !== null);
    withActualDrawn.forEach((p, k) => {
      eq(stems[2 * k + 1][0], p.x, `stem x ${p.date}`);
      eq(stems[2 * k + 1][1], p.yActual, `stem top ${p.date}`);
      near(p.actual, withActual[k].actual, `actual drawn ${p.date} = DuckDB`);
    });
    ok($(el, '.boundary .as-of'), 'as-of boundary');
    ok($$(el, 'path.band').length >= 1, 'interval band');
  });

  it('states model, generated_at and flags stale data by stale-after-days', async () => {
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="${itemId}" stale-after-days="30"></nova-forecast-chart>`);
    el.now = new Date('2027-01-01T00:00:00Z');
    eq(await loaded(el), 'ready', 'status');
    const meta = el.series!.meta;
    const prov = $(el, '.provenance').textContent!;
    const f = formatter('pt-BR');
    ok(prov.includes(meta.model_version), `model_version in "${prov}"`);
    ok(prov.includes(f.dateTime(meta.generated_at)), 'generated_at shown');
    const age = Math.floor((Date.parse('2027-01-01T00:00:00Z') - Date.parse(meta.generated_at)) / 86_400_000);
    eq($(el, '.stale').textContent!.trim(), f.t.stale(age), 'stale flag');
    el.staleAfterDays = 3650;
    await el.updateComplete;
    eq($$(el, '.stale').length, 0, 'not stale with a large stale-after-days');
    const [m] = await duck<{ model_version: string; generated_at: string }>(
      `SELECT DISTINCT model_version, strftime(generated_at, '%Y-%m-%dT%H:%M:%S') AS generated_at FROM fact_forecast WHERE item_id = ${lit(itemId)} AND source = ${lit(meta.source)} AND site_id = ${lit(el.series!.siteId)}`,
    );
    eq(meta.model_version, m.model_version, 'model_version = gold');
    eq(Date.parse(meta.generated_at), Date.parse(`${m.generated_at}Z`), 'generated_at = gold');
  });

  it('keyboard: arrows, Home, End move a focused point; nova-point-focus bubbles out composed', async () => {
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="${itemId}" start="${START}" end="${END}"></nova-forecast-chart>`);
    await loaded(el);
    const plot = $(el, '[part="plot"]');
    eq(plot.tabIndex, 0, 'focusable');
    plot.focus();
    const pts = el.series!.points;
    let ev = nextEvent<{ date: string; forecast: number; actual: number | null }>(document, 'nova-point-focus');
    key(plot, 'Home');
    let e = await ev;
    eq(e.detail.date, pts[0].date, 'Home → first point');
    ok(e.composed && e.bubbles, 'composed + bubbles');
    ev = nextEvent(document, 'nova-point-focus');
    key(plot, 'ArrowRight');
    e = await ev;
    eq(e.detail.date, pts[1].date, 'ArrowRight → second');
    near(e.detail.forecast, pts[1].forecast, 'forecast of the point');
    await el.updateComplete;
    const live = $(el, '.live').textContent!;
    ok(live.includes(formatter('pt-BR').date(pts[1].date)), `live region announces the point: ${live}`);
    ok($(el, '[part="tooltip"]').textContent!.includes(formatter('pt-BR').number(pts[1].forecast, 2)), 'tooltip value');
    ev = nextEvent(document, 'nova-point-focus');
    key(plot, 'End');
    e = await ev;
    eq(e.detail.date, pts[pts.length - 1].date, 'End → last');
    key(plot, 'Escape');
    await el.updateComplete;
    eq($$(el, '[part="tooltip"]').length, 0, 'Escape hides the tooltip');
  });

  it('has a data-table alternative with every period and zero axe violations (light and dark)', async () => {
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="${itemId}" start="${START}" end="${END}"></nova-forecast-chart>`);
    await loaded(el);
    const details = $(el, 'details') as HTMLDetailsElement;
    details.open = true;
    await nextEvent(details, 'toggle');
    await el.updateComplete;
    const rows = $$(el, 'table.data tbody tr');
    eq(rows.length, el.series!.points.length, 'one row per period');
    const f = formatter('pt-BR');
    const p0 = el.series!.points[0];
    eq(rows[0].querySelector('th')!.textContent!.trim(), f.date(p0.date), 'first date');
    eq(rows[0].querySelectorAll('td')[0].textContent!.trim(), f.number(p0.forecast, 2), 'first forecast');
    ok($(el, '[part="plot"]').getAttribute('aria-labelledby') === 'title', 'accessible name');
    ok($(el, '#summary').textContent!.includes(String(el.series!.points.length)), 'summary');
    await axeCheck(el);
    el.theme = 'dark';
    await el.updateComplete;
    await axeCheck(el);
  });

  it('resizes from 320 px to wide without overflow', async () => {
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="${itemId}"></nova-forecast-chart>`, 320);
    await loaded(el);
    eq($(el, 'svg').getAttribute('width'), '320', 'svg width at 320');
    ok(el.scrollWidth <= 320, `no horizontal overflow (${el.scrollWidth})`);
    (el.parentElement as HTMLElement).style.width = '1100px';
    // The new width is applied on an animation frame after the resize notice: wait for it (a loaded machine delays frames).
    for (let i = 0; i < 100 && $(el, 'svg').getAttribute('width') !== '1100'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      await el.updateComplete;
    }
    eq($(el, 'svg').getAttribute('width'), '1100', 'svg follows its container');
  });

  it('shows clear messages for an unknown item, an item-id carrying SQL and bad dates', async () => {
    const t = formatter('pt-BR').t;
    const a = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="NOPE-1"></nova-forecast-chart>`);
    eq(await loaded(a), 'invalid', 'unknown item');
    ok($(a, '[role="alert"]').textContent!.includes(t.unknownItem('NOPE-1')), 'unknown item message');
    const sqlId = "x' OR 1=1; DROP TABLE fact_forecast; --";
    const b = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}"></nova-forecast-chart>`);
    b.itemId = sqlId;
    eq(await loaded(b), 'invalid', 'SQL item id is an unknown item');
    ok($(b, '[role="alert"]').textContent!.includes(t.unknownItem(sqlId)), 'message names the id as text');
    const c = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="${itemId}" start="2026-02-30"></nova-forecast-chart>`);
    eq(await loaded(c), 'invalid', 'bad date');
    eq($(c, '[role="alert"]').textContent!.trim(), t.badDate('start', '2026-02-30'), 'bad date message');
    const d = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="${itemId}" start="2026-06-01" end="2026-05-01" locale="en"></nova-forecast-chart>`);
    eq(await loaded(d), 'invalid', 'reversed range');
    eq($(d, '[role="alert"]').textContent!.trim(), formatter('en').t.badRange('2026-06-01', '2026-05-01'), 'English message');
    const e = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="${itemId}" source="prophet_x"></nova-forecast-chart>`);
    eq(await loaded(e), 'invalid', 'unknown source');
    ok($(e, '[role="alert"]').textContent!.includes('prophet_x'), 'source message');
    // Fixing the attribute recovers.
    c.start = '2026-02-28';
    eq(await loaded(c), 'ready', 'valid after fixing start');
  });

  it('an unreachable gold shows an error with a retry that loads again', async () => {
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="/no-such-gold/" item-id="${itemId}"></nova-forecast-chart>`);
    eq(await loaded(el), 'error', 'error state');
    const alert = $(el, '[role="alert"]');
    ok(alert.textContent!.includes(formatter('pt-BR').t.errorPrefix), 'says what happened');
    const retry = alert.querySelector('button')!;
    eq(retry.textContent!.trim(), formatter('pt-BR').t.retry, 'retry button');
    retry.click();
    await el.updateComplete;
    eq(await loaded(el), 'error', 'still an error after retry (gold still missing)');
    el.src = GOLD;
    eq(await loaded(el), 'ready', 'recovers with a good src');
  });

  it('renders a hostile item name as text', async () => {
    const [row] = await duck<{ item_id: string; name: string }>(`SELECT item_id, name FROM dim_item WHERE name = ${lit(HOSTILE_NAME)}`, 'hostile');
    ok(row, 'hostile gold has the item');
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="${HOSTILE_GOLD}" item-id="${row.item_id}"></nova-forecast-chart>`);
    eq(await loaded(el), 'ready', 'status');
    const title = $(el, '[part="title"]');
    ok(title.textContent!.includes(HOSTILE_NAME), 'name shown literally');
    eq(el.shadowRoot!.querySelectorAll('img').length, 0, 'no <img> element created');
    (el.shadowRoot!.querySelector('details') as HTMLDetailsElement).open = true;
    await new Promise((r) => setTimeout(r, 50));
    eq(el.shadowRoot!.querySelectorAll('img').length, 0, 'still none with the table open');
  });

  it('English locale formats numbers and dates with Intl', async () => {
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}" item-id="${itemId}" locale="en"></nova-forecast-chart>`);
    await loaded(el);
    ok($(el, '[part="title"]').textContent!.startsWith(`Demand forecast: ${itemName}`), 'English title');
    ok($(el, '.provenance').textContent!.includes('generated on'), 'English provenance');
  });

  it('registering a tag twice is harmless and attributes reflect', async () => {
    defineOnce('nova-forecast-chart', class extends HTMLElement {});
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="${GOLD}"></nova-forecast-chart>`);
    ok(el.constructor.name === 'NovaForecastChart', 'first definition kept');
    el.itemId = itemId;
    el.start = START;
    await el.updateComplete;
    eq(el.getAttribute('item-id'), itemId, 'item-id reflects');
    eq(el.getAttribute('start'), START, 'start reflects');
    await loaded(el);
  });
});
