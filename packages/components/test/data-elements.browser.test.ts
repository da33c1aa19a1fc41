// <nova-risk-table>, <nova-kpis>, <nova-inventory-chart>, <nova-item-picker>, <nova-last-updated>,
// <nova-date-range>, <nova-provider> against the real client over /gold/, checked against DuckDB.
import { $, $$, GOLD, HOSTILE_GOLD, HOSTILE_NAME, axeCheck, cleanup, duck, eq, fixture, key, lit, loaded, near, nextEvent, ok, vertices } from './support/harness.js';
import type { AggRow } from './support/harness.js';
import type { NovaRiskTable } from '../src/nova-risk-table/nova-risk-table.component.js';
import type { NovaKpis } from '../src/nova-kpis/nova-kpis.component.js';
import type { NovaInventoryChart } from '../src/nova-inventory-chart/nova-inventory-chart.component.js';
import type { NovaItemPicker } from '../src/nova-item-picker/nova-item-picker.component.js';
import type { NovaLastUpdated } from '../src/nova-last-updated/nova-last-updated.component.js';
import type { NovaDateRange } from '../src/nova-date-range/nova-date-range.component.js';
import type { NovaProvider } from '../src/nova-provider/nova-provider.component.js';
import type { NovaForecastChart } from '../src/nova-forecast-chart/nova-forecast-chart.component.js';
import { formatter } from '../src/i18n/index.js';

const f = formatter('pt-BR');
const AGG = `SELECT a.item_id, a.site_id, a.source, a.risk, a.on_hand, a.on_order, a.reorder_point, a.safety_stock, a.days_of_cover,
  a.suggested_order_qty, a.forecast_next_30d, a.stock_value, strftime(a.projected_stockout_date, '%Y-%m-%d') AS projected_stockout_date,
  i.name, i.unit_cost FROM agg_item a JOIN dim_item i USING (item_id)`;

describe('nova-risk-table', () => {
  afterEach(cleanup);

  for (const kind of ['stockout', 'below_reorder', 'overstock'] as const) {
    it(`lists the ${kind} rows DuckDB finds in agg_item, in the SDK's documented order`, async () => {
      // The contract's urgency ranking (docs/contract.md): criticality, projected stockout date, value of demand at risk.
      const order = kind === 'overstock'
        ? 'a.stock_value DESC, a.item_id, a.site_id'
        : 'i.criticality, a.projected_stockout_date NULLS LAST, a.forecast_next_30d * i.unit_cost DESC, a.item_id, a.site_id';
      const expected = await duck<AggRow>(`${AGG} WHERE a.risk = ${lit(kind)} ORDER BY ${order} LIMIT 8`);
      const el = fixture<NovaRiskTable>(`<nova-risk-table src="${GOLD}" kind="${kind}" limit="8"></nova-risk-table>`, 1000);
      const status = await loaded(el);
      if (expected.length === 0) {
        eq(status, 'empty', 'empty state when DuckDB finds none');
        return;
      }
      eq(status, 'ready', 'status');
      const rows = $$(el, 'tbody tr');
      eq(rows.length, expected.length, 'row count');
      rows.forEach((tr, i) => {
        const e = expected[i];
        eq(tr.dataset.itemId, e.item_id, `row ${i} item`);
        eq(tr.querySelector('button.item')!.textContent, e.name, `row ${i} name`);
        eq(tr.querySelector('[data-field="on_hand"]')!.textContent, f.number(e.on_hand, 1), `row ${i} on hand`);
        eq(tr.querySelector('[data-field="on_order"]')!.textContent, f.number(e.on_order, 1), `row ${i} on order`);
        eq(tr.querySelector('[data-field="reorder_point"]')!.textContent, f.number(e.reorder_point, 1), `row ${i} reorder point`);
        eq(tr.querySelector('[data-field="days_of_cover"]')!.textContent, f.number(e.days_of_cover, 0), `row ${i} cover`);
        eq(tr.querySelector('[data-field="suggested_order_qty"]')!.textContent, f.number(e.suggested_order_qty, 0), `row ${i} order`);
        eq(tr.querySelector('[data-field="projected_stockout_date"]')!.textContent, e.projected_stockout_date ? f.date(e.projected_stockout_date) : f.t.noStockout, `row ${i} stockout`);
        eq(tr.querySelector('[data-field="forecast_next_30d"]')!.textContent, f.number(e.forecast_next_30d, 1), `row ${i} forecast 30 d`);
        eq(tr.querySelector('[data-field="stock_value"]')!.textContent, f.currency(e.stock_value), `row ${i} stock value`);
      });
    });
  }

  it('sorts by a column (aria-sort), both directions, and selecting fires nova-item-select', async () => {
    const [big] = await duck<{ risk: string }>(`SELECT risk FROM agg_item WHERE risk <> 'ok' GROUP BY risk ORDER BY count(*) DESC, risk LIMIT 1`);
    const el = fixture<NovaRiskTable>(`<nova-risk-table src="${GOLD}" kind="${big.risk}" limit="20"></nova-risk-table>`, 1000);
    await loaded(el);
    ok(el.rows.length >= 5, `at least 5 ${big.risk} rows`);
    const th = $(el, 'th[data-key="suggested_order_qty"]');
    th.querySelector('button')!.click();
    await el.updateComplete;
    eq(th.getAttribute('aria-sort'), 'descending', 'first click: descending for numbers');
    const vals = () => el.rows.map((r) => r.suggested_order_qty);
    const desc = vals();
    ok(desc.every((v, i) => i === 0 || desc[i - 1] >= v), `descending ${desc}`);
    eq($$(el, 'tbody tr [data-field="suggested_order_qty"]')[0].textContent, f.number(desc[0], 0), 'DOM follows the sort');
    th.querySelector('button')!.click();
    await el.updateComplete;
    eq(th.getAttribute('aria-sort'), 'ascending', 'second click: ascending');
    const asc = vals();
    ok(asc.every((v, i) => i === 0 || asc[i - 1] <= v), `ascending ${asc}`);
    const target = el.rows[2];
    const ev = nextEvent<{ itemId: string; siteId: string }>(document, 'nova-item-select');
    const btn = $$(el, 'tbody tr button.item')[2];
    btn.focus();
    eq(el.shadowRoot!.activeElement, btn, 'row control is keyboard-focusable');
    btn.click(); // a native button: Enter and Space activate it
    const e = await ev;
    eq(e.detail.itemId, target.item_id, 'selected item');
    eq(e.detail.siteId, target.site_id, 'selected site');
    ok(e.bubbles && e.composed, 'bubbles + composed');
    await el.updateComplete;
    eq($$(el, 'tbody tr')[2].dataset.selected, 'true', 'selected row marked');
    // A click anywhere on a row selects it too, once.
    let count = 0;
    const onSel = (ev: Event) => {
      count++;
      eq((ev as CustomEvent<{ itemId: string }>).detail.itemId, el.rows[4].item_id, 'row click item');
    };
    document.addEventListener('nova-item-select', onSel);
    ($$(el, 'tbody tr')[4].querySelector('[data-field="on_hand"]') as HTMLElement).click();
    document.removeEventListener('nova-item-select', onSel);
    eq(count, 1, 'one event per click');
    await axeCheck(el);
  });

  it('rejects an invalid kind and limit with a message', async () => {
    const el = fixture<NovaRiskTable>(`<nova-risk-table src="${GOLD}" kind="ok"></nova-risk-table>`);
    eq(await loaded(el), 'invalid', 'kind ok is not listable');
    eq($(el, '[role="alert"]').textContent!.trim(), f.t.badAttr('kind', 'ok', 'stockout, below_reorder, overstock'), 'message');
    el.kind = 'stockout';
    el.limit = 0;
    eq(await loaded(el), 'invalid', 'limit 0');
    el.limit = 3;
    eq(await loaded(el), 'ready', 'valid again');
    eq($$(el, 'tbody tr').length, 3, 'limit respected');
  });

  it('shows a hostile item name as text (risk table and item search)', async () => {
    const [row] = await duck<{ item_id: string; risk: string }>(
      `SELECT a.item_id, a.risk FROM agg_item a JOIN dim_item i USING (item_id) WHERE i.name = ${lit(HOSTILE_NAME)} ORDER BY a.risk = 'ok' LIMIT 1`,
      'hostile',
    );
    ok(row, 'the hostile gold has the item');
    if (row.risk !== 'ok') {
      const el = fixture<NovaRiskTable>(`<nova-risk-table src="${HOSTILE_GOLD}" kind="${row.risk}" limit="50"></nova-risk-table>`);
      eq(await loaded(el), 'ready', 'status');
      ok($$(el, 'button.item').some((b) => b.textContent === HOSTILE_NAME), 'hostile name listed as text');
      eq(el.shadowRoot!.querySelectorAll('img').length, 0, 'no <img> created');
    }
    const picker = fixture<NovaItemPicker>(`<nova-item-picker src="${HOSTILE_GOLD}"></nova-item-picker>`);
    await picker.search('onerror');
    eq(await loaded(picker), 'ready', 'search status');
    const opt = $$(picker, '[role="option"]').find((o) => o.dataset.itemId === row.item_id);
    ok(opt && opt.textContent!.includes(HOSTILE_NAME), 'hostile name shown as text in the options');
    eq(picker.shadowRoot!.querySelectorAll('img').length, 0, 'no <img> in the picker');
  });
});

describe('nova-kpis', () => {
  afterEach(cleanup);

  it('shows actual demand, the plan weekly WAPE, items at risk and demand at risk as DuckDB computes them from the facts', async () => {
    const start = '2026-04-01';
    const end = '2026-06-30';
    const el = fixture<NovaKpis>(`<nova-kpis src="${GOLD}" start="${start}" end="${end}"></nova-kpis>`, 900);
    eq(await loaded(el), 'ready', 'status');
    const s = el.summary!;
    eq(s.source, 'plan', 'the plan is the default forecast');
    // docs/contract.md: demand once per (item, site, date); plan = agg_item.source; weekly cells.
    const [facts] = await duck<{ a: number }>(
      `SELECT sum(actual) AS a FROM (SELECT DISTINCT item_id, site_id, date, actual FROM fact_forecast
       WHERE actual IS NOT NULL AND date BETWEEN DATE ${lit(start)} AND DATE ${lit(end)})`,
    );
    const [wk] = await duck<{ wape: number }>(
      `WITH c AS (SELECT f.item_id, f.site_id, date_trunc('week', f.date) AS wk, sum(f.forecast) AS f, sum(f.actual) AS a
         FROM fact_forecast f JOIN agg_item p ON p.item_id = f.item_id AND p.site_id = f.site_id AND p.source = f.source
         WHERE f.actual IS NOT NULL GROUP BY ALL)
       SELECT sum(abs(f - a)) / sum(a) AS wape FROM c WHERE wk BETWEEN DATE ${lit(start)} AND DATE ${lit(end)}`,
    );
    const [risk] = await duck<{ n: string; v: number }>(
      `SELECT count(DISTINCT a.item_id) AS n, sum(a.forecast_next_30d * i.unit_cost) AS v FROM agg_item a JOIN dim_item i USING (item_id)
       WHERE a.risk IN ('stockout', 'below_reorder')`,
    );
    near(s.actualTotal, facts.a, 'client actual total = DuckDB', 1e-9);
    near(s.wape, wk.wape, 'client weekly WAPE = DuckDB', 1e-9);
    eq(s.atRisk, Number(risk.n), 'items at risk = DuckDB');
    near(s.demandValueAtRisk30d, risk.v, 'demand at risk = DuckDB', 1e-9);
    const text = (id: string) => $(el, `[data-kpi="${id}"] dd`).textContent;
    eq(text('actual'), f.number(facts.a, 0), 'actual KPI text');
    eq(text('wape'), f.percent(wk.wape), 'WAPE KPI text');
    eq(text('at-risk'), f.number(Number(risk.n), 0), 'at-risk KPI text');
    eq(text('value-at-risk'), f.currency(risk.v), 'demand-at-risk KPI text (BRL)');
    await axeCheck(el);
  });

  it('English locale and a bad range message', async () => {
    const el = fixture<NovaKpis>(`<nova-kpis src="${GOLD}" locale="en" start="2026-06-01" end="2026-06-30"></nova-kpis>`);
    eq(await loaded(el), 'ready', 'status');
    eq($(el, '[data-kpi="value-at-risk"] dd').textContent, formatter('en').currency(el.summary!.demandValueAtRisk30d), 'en currency');
    ok($(el, '[data-kpi="actual"] dt').textContent === 'Actual demand', 'en label');
    el.end = '2026-13-01';
    eq(await loaded(el), 'invalid', 'bad end');
    eq($(el, '[role="alert"]').textContent!.trim(), formatter('en').t.badDate('end', '2026-13-01'), 'message');
  });
});

describe('nova-inventory-chart', () => {
  afterEach(cleanup);

  it('draws fact_inventory and states the agg_item position DuckDB reads', async () => {
    const [pos] = await duck<AggRow>(`${AGG} ORDER BY a.projected_stockout_date IS NULL, a.item_id, a.site_id LIMIT 1`);
    const el = fixture<NovaInventoryChart>(`<nova-inventory-chart src="${GOLD}" item-id="${pos.item_id}" site-id="${pos.site_id}"></nova-inventory-chart>`, 900);
    eq(await loaded(el), 'ready', 'status');
    const series = await duck<{ date: string; on_hand: number; reorder_point: number; safety_stock: number }>(
      `SELECT strftime(date, '%Y-%m-%d') AS date, on_hand, reorder_point, safety_stock FROM fact_inventory
       WHERE item_id = ${lit(pos.item_id)} AND site_id = ${lit(pos.site_id)} ORDER BY date`,
    );
    const inv = el.inventory!;
    eq(inv.series.length, series.length, 'client rows = DuckDB rows');
    const counts = el.drawnPoints.filter((p) => !p.projected);
    eq(counts.length, series.length, 'drawn counts = DuckDB rows');
    series.forEach((r, i) => {
      eq(inv.series[i].date, r.date, `date ${i}`);
      near(inv.series[i].on_hand, r.on_hand, `on hand ${r.date}`);
      near(inv.series[i].reorder_point, r.reorder_point, `reorder ${r.date}`);
    });
    // The step line has 2n−1 vertices; every observation's y is among them.
    const v = vertices($(el, 'path.on-hand').getAttribute('d')!);
    eq(v.length, 2 * series.length - 1, 'step vertices');
    counts.forEach((p, i) => eq(v[2 * i][1], p.yOnHand, `vertex ${i}`));
    const field = (k: string) => $(el, `[data-field="${k}"]`).textContent;
    eq(field('on_hand'), f.number(pos.on_hand, 1), 'on hand figure');
    eq(field('reorder_point'), f.number(pos.reorder_point, 1), 'reorder point figure');
    eq(field('safety_stock'), f.number(pos.safety_stock, 1), 'safety stock figure');
    eq(field('projected_stockout_date'), pos.projected_stockout_date ? f.date(pos.projected_stockout_date) : f.t.noStockout, 'projected stockout');
    ok(field('suggested_order_qty')!.startsWith(f.number(pos.suggested_order_qty, 0)), 'suggested order');
    eq($$(el, '.stockout line').length, pos.projected_stockout_date ? 1 : 0, 'stockout marker drawn when projected');
    const prov = $(el, '.provenance').textContent!;
    ok(prov.includes(pos.source), `source in provenance: ${prov}`);
    const plot = $(el, '[part="plot"]');
    plot.focus();
    key(plot, 'ArrowLeft');
    await el.updateComplete;
    ok($(el, '.live').textContent!.includes(f.date(series[series.length - 1].date)), 'keyboard announces the last point');
    await axeCheck(el);
  });

  it('an unknown item is a message', async () => {
    const el = fixture<NovaInventoryChart>(`<nova-inventory-chart src="${GOLD}" item-id="ZZZ-404"></nova-inventory-chart>`);
    eq(await loaded(el), 'invalid', 'status');
    ok($(el, '[role="alert"]').textContent!.includes(f.t.unknownItem('ZZZ-404')), 'message');
  });
});

describe('nova-item-picker', () => {
  afterEach(cleanup);

  it('searches through client.items and matches DuckDB; keyboard picks an item', async () => {
    const el = fixture<NovaItemPicker>(`<nova-item-picker src="${GOLD}" limit="5"></nova-item-picker>`);
    await loaded(el);
    await el.search('parafuso');
    eq(await loaded(el), 'ready', 'status');
    const [cnt] = await duck<{ n: string }>(`SELECT count(*) AS n FROM dim_item WHERE name ILIKE '%parafuso%' OR sku ILIKE '%parafuso%' OR item_id ILIKE '%parafuso%'`);
    ok(Number(cnt.n) > 0, 'demo has PARAFUSO items');
    eq(el.results!.total, Number(cnt.n), 'total = DuckDB count');
    const opts = $$(el, '[role="option"]');
    eq(opts.length, Math.min(5, Number(cnt.n)), 'options shown');
    ok(opts.every((o) => /parafuso/i.test(o.textContent!)), 'every option matches');
    const input = $(el, 'input');
    eq(input.getAttribute('aria-expanded'), 'true', 'expanded');
    key(input, 'ArrowDown');
    await el.updateComplete;
    eq(input.getAttribute('aria-activedescendant'), 'opt-1', 'active descendant moves');
    const ev = nextEvent<{ itemId: string }>(document, 'nova-item-select');
    key(input, 'Enter');
    eq((await ev).detail.itemId, el.results!.items[1].item_id, 'Enter picks the active option');
    await el.updateComplete;
    eq(input.getAttribute('aria-expanded'), 'false', 'closed after picking');
    await axeCheck(el);
  });

  it('finds nothing for hostile or SQL text and says so', async () => {
    const el = fixture<NovaItemPicker>(`<nova-item-picker src="${GOLD}"></nova-item-picker>`);
    await el.search("' OR 1=1 --");
    await loaded(el);
    eq(el.results?.total ?? 0, 0, 'no match');
    eq($(el, '#status').textContent, f.t.noItems, 'message');
  });
});

describe('nova-last-updated, nova-date-range, nova-provider', () => {
  afterEach(cleanup);

  it('last-updated shows the manifest snapshot, every model and the stale flag', async () => {
    const el = fixture<NovaLastUpdated>(`<nova-last-updated src="${GOLD}" stale-after-days="10"></nova-last-updated>`);
    el.now = new Date('2030-01-01T00:00:00Z');
    eq(await loaded(el), 'ready', 'status');
    const m = await (await fetch(`${GOLD}manifest.json`)).json();
    ok(el.shadowRoot!.textContent!.includes(m.snapshot_id), 'snapshot id');
    const items = $$(el, 'li');
    eq(items.length, m.ml.length, 'one line per model');
    for (const ml of m.ml) ok(items.some((li) => li.textContent!.includes(ml.model_version)), `model ${ml.model_version}`);
    eq($$(el, '.stale').length, m.ml.length, 'all stale in 2030');
    $(el, 'button').click();
    // The note appears when the manifest has been read again (no fixed wait: a loaded machine is slow).
    const note = $(el, '.note');
    for (const t0 = Date.now(); !note.textContent && Date.now() - t0 < 10_000; ) await new Promise((r) => setTimeout(r, 20));
    eq(note.textContent, f.t.unchanged, 'refresh: unchanged snapshot');
    await axeCheck(el);
  });

  it('date-range emits valid ranges only and explains invalid ones', async () => {
    const el = fixture<NovaDateRange>(`<nova-date-range start="2026-01-01" end="2026-06-30" max="2026-09-30" anchor="2026-06-30"></nova-date-range>`);
    await el.updateComplete;
    let ev = nextEvent<{ start: string; end: string }>(el, 'nova-range-change');
    const sel = $(el, 'select') as HTMLSelectElement;
    sel.value = '30';
    sel.dispatchEvent(new Event('change'));
    eq(JSON.stringify((await ev).detail), JSON.stringify({ start: '2026-06-01', end: '2026-06-30' }), 'preset: last 30 days');
    const start = $(el, '#start') as HTMLInputElement;
    start.value = '2026-07-15';
    let fired = false;
    el.addEventListener('nova-range-change', () => (fired = true), { once: true });
    start.dispatchEvent(new Event('change'));
    await el.updateComplete;
    ok(!fired, 'no event for an invalid range');
    eq($(el, '[role="alert"]').textContent, f.t.badRange('15/07/2026', '30/06/2026'), 'message (dates as pt-BR shows them)');
    eq(start.getAttribute('aria-invalid'), 'true', 'aria-invalid');
    ev = nextEvent(el, 'nova-range-change');
    start.value = '2026-03-01';
    start.dispatchEvent(new Event('change'));
    eq(JSON.stringify((await ev).detail), JSON.stringify({ start: '2026-03-01', end: '2026-06-30' }), 'typed range');
    await axeCheck(el);
  });

  it('provider shares one client: every element inside uses the same client object', async () => {
    const [a, b] = await duck<{ item_id: string }>(`SELECT item_id FROM dim_item ORDER BY item_id LIMIT 2`);
    const prov = fixture<NovaProvider>(`<nova-provider src="${GOLD}?shared">
      <nova-forecast-chart item-id="${a.item_id}"></nova-forecast-chart>
      <nova-forecast-chart item-id="${b.item_id}"></nova-forecast-chart>
      <nova-kpis></nova-kpis>
    </nova-provider>`);
    const els = [...prov.querySelectorAll('nova-forecast-chart, nova-kpis')];
    for (const e of els) eq(await loaded(e), 'ready', `${e.localName} ready through the provider`);
    const client = await prov.clientReady!;
    ok(client.manifest.snapshot_id, 'client exposed');
    // One client object means one manifest read and one cache for all of them. (Counting manifest
    // requests in the page was flaky: elements of earlier tests may still revalidate theirs.)
    for (const e of els) ok((e as unknown as { activeClient?: unknown }).activeClient === client, `${e.localName} uses the provider's client`);
    const charts = els.slice(0, 2) as NovaForecastChart[];
    eq(charts[0].series!.itemId, a.item_id, 'first chart');
    eq(charts[1].series!.itemId, b.item_id, 'second chart');
  });

  it('an element without src outside a provider says how to fix it', async () => {
    const el = fixture<NovaKpis>(`<nova-kpis></nova-kpis>`);
    eq(await loaded(el), 'no-source', 'status');
    eq($(el, '[role="alert"]').textContent!.trim(), f.t.noSource, 'message');
  });
});

describe('item lookup', () => {
  afterEach(cleanup);

  it('resolves the exact item id through the client search (first and last of the catalogue)', async () => {
    const [ends] = await duck<{ lo: string; hi: string }>(`SELECT min(item_id) AS lo, max(item_id) AS hi FROM dim_item`);
    for (const id of [ends.lo, ends.hi]) {
      const el = fixture<NovaInventoryChart>(`<nova-inventory-chart src="${GOLD}" item-id="${id}"></nova-inventory-chart>`);
      eq(await loaded(el), 'ready', `${id} found`);
      eq(el.inventory!.itemId, id, 'right item');
    }
  });
});

describe('snapshot refresh', () => {
  afterEach(cleanup);

  it('refresh() switches to a newly published snapshot and every element reloads from it', async () => {
    const [row] = await duck<{ item_id: string }>(`SELECT item_id FROM dim_item ORDER BY item_id LIMIT 1`, 'hostile');
    const prov = fixture<NovaProvider>(`<nova-provider src="${HOSTILE_GOLD}">
      <nova-last-updated></nova-last-updated>
      <nova-forecast-chart item-id="${row.item_id}"></nova-forecast-chart>
    </nova-provider>`);
    const last = prov.querySelector('nova-last-updated') as NovaLastUpdated;
    const chart = prov.querySelector('nova-forecast-chart') as NovaForecastChart;
    eq(await loaded(last), 'ready', 'last-updated');
    eq(await loaded(chart), 'ready', 'chart');
    const before = last.manifest!.snapshot_id;
    const published = await (await fetch('/__hostile-republish', { method: 'POST' })).json();
    ok(published.snapshot_id !== before, 'a new snapshot was published');
    const reloaded = nextEvent(chart, 'nova-load', 20000);
    eq(await last.refresh(), true, 'refresh() reports a change');
    await reloaded;
    eq(await loaded(last), 'ready', 'last-updated ready');
    eq(last.manifest!.snapshot_id, published.snapshot_id, 'shows the new snapshot');
    ok(last.shadowRoot!.textContent!.includes(published.snapshot_id), 'new snapshot id on screen');
    eq($(last, '.note').textContent, f.t.refreshed, 'says new data was loaded');
    eq(await loaded(chart), 'ready', 'chart reloaded from the new snapshot');
  });
});
