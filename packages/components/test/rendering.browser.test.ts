// Rendering with a stubbed client (support/fake-client.ts): the states (loading, error with retry,
// empty, previous drawing kept while the next item loads), pt-BR formatting, typed events, the
// client reaching elements through <nova-provider>'s context (also when the provider is defined
// after the element), and a reload on a new snapshot. The whole path against real gold is in the
// other browser tests. Expected texts are written by hand from the pt-BR conventions.
import { $, $$, cleanup, eq, fixture, key, loaded, nextEvent, ok } from './support/harness.js';
import { POINTS, deferred, fakeClient, series } from './support/fake-client.js';
import type { FakeClient } from './support/fake-client.js';
import type { NovaForecastChart } from '../src/nova-forecast-chart/nova-forecast-chart.component.js';
import type { NovaKpis } from '../src/nova-kpis/nova-kpis.component.js';
import { NovaProvider } from '../src/nova-provider/nova-provider.component.js';
import type { LoadDetail, PointFocusDetail } from '../src/index.js';
import type { SummaryResult, TimeseriesResult } from '@nova-corrente/core';

/** Text as a person reads it: runs of white space (NBSP included) as one space. */
const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A chart with the fake client as its `client` property (set before it connects). */
function chart(fake: FakeClient, attrs = 'item-id="MAT-000001"', width = 800): NovaForecastChart {
  const el = fixture<NovaForecastChart>(`<div></div>`, width) as unknown as HTMLElement;
  const c = document.createElement('nova-forecast-chart');
  for (const [, k, v] of attrs.matchAll(/([\w-]+)="([^"]*)"/g)) c.setAttribute(k, v);
  c.client = fake.client;
  el.replaceWith(c);
  return c;
}

let tagNo = 0;
const freshTag = () => `x-late-${Date.now().toString(36)}-${++tagNo}`;

describe('rendering with a stubbed client', () => {
  afterEach(cleanup);

  // First in this file: the page has not loaded the English strings yet.
  it('an en element waits for its strings: its awaited update and its messages are in English', async () => {
    const pending = deferred<TimeseriesResult>();
    let fail = true;
    const fake = fakeClient({ timeseries: () => (fail ? pending.promise : Promise.resolve(series())) });
    const el = chart(fake, 'item-id="MAT-000001" locale="en"');
    await el.updateComplete;
    eq(text($(el, '[role="status"]')), 'Loading…', 'loading message in English once the update settles');
    pending.reject(new Error('disk full'));
    eq(await loaded(el), 'error', 'status');
    ok(text($(el, '[role="alert"]')).startsWith('Could not load the data: disk full'), `English error: ${text($(el, '[role="alert"]'))}`);
    eq(text($(el, '[role="alert"] button')), 'Retry', 'English retry');
    fail = false;
  });

  it('loading: a status message while the read is pending, then the chart; nova-load reports ready', async () => {
    const pending = deferred<TimeseriesResult>();
    const fake = fakeClient({ timeseries: () => pending.promise });
    const el = chart(fake);
    const loads: LoadDetail[] = [];
    el.addEventListener('nova-load', (e) => loads.push(e.detail));
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 30));
    eq(el.loadStatus, 'loading', 'status while pending');
    eq(text($(el, '[role="status"]')), 'Carregando…', 'loading message');
    eq($$(el, 'svg').length, 0, 'no drawing yet');
    eq(loads.length, 0, 'no nova-load while loading');
    pending.resolve(series());
    eq(await loaded(el), 'ready', 'status');
    eq($$(el, 'path.forecast').length, 1, 'forecast line drawn');
    ok(text($(el, '[part="title"]')).includes('Parafuso galvanizado M12'), `title names the item: ${text($(el, '[part="title"]'))}`);
    ok(text($(el, '[part="provenance"]')).includes('Modelo ens-3.2 (ensemble), gerado em 30/06/2026'), `provenance: ${text($(el, '[part="provenance"]'))}`);
    eq(JSON.stringify(loads), JSON.stringify([{ status: 'ready', message: '' }]), 'one nova-load, typed detail');
  });

  it('error: the message and a retry button; retry reads again and draws', async () => {
    let fail = true;
    const fake = fakeClient({ timeseries: () => (fail ? Promise.reject(new Error('disco cheio no servidor')) : Promise.resolve(series())) });
    const el = chart(fake);
    const first = nextEvent<LoadDetail>(el, 'nova-load');
    eq(await loaded(el), 'error', 'status');
    const ev = await first;
    eq(ev.detail.status, 'error', 'nova-load status');
    eq(ev.detail.message, 'Erro ao carregar os dados: disco cheio no servidor', 'nova-load message');
    const alert = $(el, '[role="alert"]');
    ok(text(alert).startsWith('Erro ao carregar os dados: disco cheio no servidor'), `alert: ${text(alert)}`);
    const retry = alert.querySelector('button')!;
    eq(text(retry), 'Tentar novamente', 'retry button');
    fail = false;
    const again = nextEvent<LoadDetail>(el, 'nova-load');
    retry.click();
    eq((await again).detail.status, 'ready', 'retry ends ready');
    await el.updateComplete;
    eq(fake.calls.timeseries, 2, 'retry read again');
    eq($$(el, '[role="alert"]').length, 0, 'no alert left');
    eq($$(el, 'path.forecast').length, 1, 'drawn after retry');
  });

  it('empty: no points gives the empty message with a retry, not an error', async () => {
    const fake = fakeClient({ timeseries: () => Promise.resolve(series([])) });
    const el = chart(fake);
    eq(await loaded(el), 'empty', 'status');
    const box = $(el, '[part~="empty"]');
    eq(box.getAttribute('role'), 'status', 'a status, not an alert');
    ok(text(box).startsWith('Sem dados para este filtro.'), `empty message: ${text(box)}`);
    eq(text(box.querySelector('button')!), 'Tentar novamente', 'retry');
    eq($$(el, '[role="alert"]').length, 0, 'no alert');
  });

  it('keeps the previous drawing, dimmed and aria-busy, while the next item loads', async () => {
    let next: Promise<TimeseriesResult> = Promise.resolve(series());
    const fake = fakeClient({ timeseries: () => next });
    const el = chart(fake);
    await loaded(el);
    const hold = deferred<TimeseriesResult>();
    next = hold.promise;
    el.itemId = 'MAT-000002';
    await el.updateComplete;
    eq(el.loadStatus, 'loading', 'loading the next item');
    const fig = $(el, 'figure');
    eq(fig.getAttribute('aria-busy'), 'true', 'aria-busy');
    ok(fig.classList.contains('busy'), 'dimmed');
    eq($$(el, 'path.forecast').length, 1, 'previous drawing still there');
    hold.resolve(series(POINTS.slice(0, 3)));
    await loaded(el);
    eq(el.drawnPoints.length, 3, 'the new series is drawn');
    eq($(el, 'figure').getAttribute('aria-busy'), 'false', 'not busy');
  });

  it('formats the data table in pt-BR (day/month/year, decimal comma, thousands dot)', async () => {
    const el = chart(fakeClient());
    await loaded(el);
    const details = $(el, 'details') as HTMLDetailsElement;
    details.open = true;
    await nextEvent(details, 'toggle');
    await el.updateComplete;
    const rows = $$(el, 'table.data tbody tr').map((tr) => [...tr.children].map((c) => text(c)));
    eq(JSON.stringify(rows), JSON.stringify([
      ['01/06/2026', '1.234,5', '1.000 – 1.500,25', '1.300'],
      ['02/06/2026', '10', 'n/d – n/d', '0'],
      ['03/06/2026', '12,75', '8 – 17', '20'],
      ['04/06/2026', '14', '9 – 19', 'n/d'],
      ['05/06/2026', '15,5', '10 – 21', 'n/d'],
    ]), 'table cells');
  });

  it('formats the key figures in pt-BR (integers, percent with a decimal comma, BRL)', async () => {
    const summary: SummaryResult = {
      start: '2026-04-01', end: '2026-06-03', asOf: '2026-06-03', source: 'plan', accuracyGrain: 'week',
      actualTotal: 1234567.4, forecastWithActual: 987654.6, forecastFuture: 10, forecastTotal: 987664.6,
      forecastNext30d: 4321, wape: 0.1234, mape: 0.2, bias: -0.05, items: 40, atRisk: 1234, demandValueAtRisk30d: 98765.4,
    };
    const fake = fakeClient({ summary: () => Promise.resolve(summary) });
    const el = fixture<NovaKpis>('<nova-kpis start="2026-04-01" end="2026-06-03"></nova-kpis>');
    el.client = fake.client;
    eq(await loaded(el), 'ready', 'status');
    const kpi = (id: string) => text($(el, `[data-kpi="${id}"] dd`));
    eq(kpi('actual'), '1.234.567', 'actual demand');
    eq(kpi('forecast'), '987.655', 'forecast with actual');
    eq(kpi('wape'), '12,3%', 'WAPE');
    eq(kpi('bias'), '-5%', 'bias');
    eq(kpi('forecast-next-30d'), '4.321', 'next 30 days');
    eq(kpi('at-risk'), '1.234', 'items at risk');
    eq(kpi('value-at-risk'), 'R$ 98.765,40', 'value at risk in BRL');
  });

  it('nova-point-focus carries the highlighted point (keyboard End, Home)', async () => {
    const el = chart(fakeClient());
    await loaded(el);
    const plot = $(el, '[part="plot"]');
    plot.focus();
    let ev = nextEvent<PointFocusDetail>(el, 'nova-point-focus');
    key(plot, 'End');
    let d: PointFocusDetail = (await ev).detail;
    eq(JSON.stringify(d), JSON.stringify({ itemId: 'MAT-000001', index: 4, date: '2026-06-05', forecast: 15.5, forecast_lo: 10, forecast_hi: 21, actual: null }), 'End');
    ev = nextEvent<PointFocusDetail>(el, 'nova-point-focus');
    key(plot, 'Home');
    d = (await ev).detail;
    eq(JSON.stringify(d), JSON.stringify({ itemId: 'MAT-000001', index: 0, date: '2026-06-01', forecast: 1234.5, forecast_lo: 1000, forecast_hi: 1500.25, actual: 1300 }), 'Home');
  });

  it('reads again when the client pins a new snapshot, and stops listening once removed', async () => {
    let pts = POINTS;
    const fake = fakeClient({ timeseries: () => Promise.resolve(series(pts)) });
    const el = chart(fake);
    await loaded(el);
    eq(el.drawnPoints.length, 5, 'first snapshot');
    pts = POINTS.slice(0, 2);
    const reloaded = nextEvent<LoadDetail>(el, 'nova-load');
    fake.newSnapshot('snap-2');
    eq((await reloaded).detail.status, 'ready', 'reloaded');
    await el.updateComplete;
    eq(fake.calls.timeseries, 2, 'one more read');
    eq(el.drawnPoints.length, 2, 'the new snapshot is drawn');
    el.remove();
    fake.newSnapshot('snap-3');
    await new Promise((r) => setTimeout(r, 50));
    eq(fake.calls.timeseries, 2, 'a removed element does not read');
  });

  it('a removed element that missed a snapshot reads again when it comes back', async () => {
    let pts = POINTS;
    const fake = fakeClient({ timeseries: () => Promise.resolve(series(pts)) });
    const el = chart(fake);
    await loaded(el);
    const parent = el.parentElement!;
    el.remove();
    pts = POINTS.slice(0, 4);
    fake.newSnapshot('snap-2');
    const reloaded = nextEvent<LoadDetail>(el, 'nova-load');
    parent.append(el);
    eq((await reloaded).detail.status, 'ready', 'reloaded on return');
    await el.updateComplete;
    eq(el.drawnPoints.length, 4, 'the snapshot it missed is drawn');
  });

  it('gets the client of the <nova-provider> around it (context)', async () => {
    const fake = fakeClient();
    const provider = fixture<NovaProvider>('<nova-provider><nova-forecast-chart item-id="MAT-000001"></nova-forecast-chart></nova-provider>');
    const ready = nextEvent(provider, 'nova-client-ready');
    provider.client = fake.client;
    await ready;
    const el = provider.querySelector('nova-forecast-chart')!;
    eq(await loaded(el), 'ready', 'status');
    eq(fake.calls.timeseries, 1, 'read through the provider client');
  });

  it('waits for a provider defined after it, then uses its client', async () => {
    const tag = freshTag();
    const host = fixture(`<${tag}><nova-forecast-chart item-id="MAT-000001"></nova-forecast-chart></${tag}>`);
    const el = host.querySelector('nova-forecast-chart')!;
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 30));
    eq(el.loadStatus, 'loading', 'an undefined ancestor may be a provider: loading, not no-source');
    const fake = fakeClient();
    customElements.define(tag, class extends NovaProvider {});
    (host as NovaProvider).client = fake.client;
    eq(await loaded(el), 'ready', 'status once the provider is defined');
    eq(fake.calls.timeseries, 1, 'read through the late provider');
  });

  it('says there is no data source once an undefined ancestor turns out not to be a provider', async () => {
    const tag = freshTag();
    const host = fixture(`<${tag}><nova-forecast-chart item-id="MAT-000001"></nova-forecast-chart></${tag}>`);
    const el = host.querySelector('nova-forecast-chart')!;
    await el.updateComplete;
    eq(el.loadStatus, 'loading', 'waiting');
    customElements.define(tag, class extends HTMLElement {});
    eq(await loaded(el), 'no-source', 'no provider after all');
    eq(text($(el, '[role="alert"]')), 'Sem fonte de dados: defina o atributo src ou coloque o elemento dentro de <nova-provider>.', 'message');
    const plain = fixture('<nova-forecast-chart item-id="MAT-000001"></nova-forecast-chart>');
    eq(await loaded(plain), 'no-source', 'no src, no provider');
  });
});
