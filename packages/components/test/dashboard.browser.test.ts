// <nova-dashboard>: composition, drilldown, date range, item search and the URL hash.
import { $, $$, GOLD, axeCheck, cleanup, duck, eq, fixture, lit, loaded, near, ok } from './support/harness.js';
import type { NovaDashboard } from '../src/nova-dashboard/nova-dashboard.component.js';
import type { NovaForecastChart } from '../src/nova-forecast-chart/nova-forecast-chart.component.js';
import type { NovaInventoryChart } from '../src/nova-inventory-chart/nova-inventory-chart.component.js';
import type { NovaRiskTable } from '../src/nova-risk-table/nova-risk-table.component.js';
import type { NovaKpis } from '../src/nova-kpis/nova-kpis.component.js';
import type { NovaDateRange } from '../src/nova-date-range/nova-date-range.component.js';
import type { NovaItemPicker } from '../src/nova-item-picker/nova-item-picker.component.js';
import { parseHash } from '../src/internal/hash.js';
import { formatter } from '../src/i18n/index.js';

async function until(cond: () => boolean, what: string, timeout = 15000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const part = <T extends Element>(d: NovaDashboard, sel: string) => $(d, sel) as unknown as T;

describe('nova-dashboard', () => {
  afterEach(() => {
    cleanup();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('restores the view from the hash, drills down from the risk table and keeps the hash in sync', async () => {
    // An item of the least frequent non-ok risk kind (whatever the demo generator produced).
    const [first] = await duck<{ item_id: string; risk: string }>(
      `SELECT item_id, risk FROM agg_item WHERE risk <> 'ok' ORDER BY count(*) OVER (PARTITION BY risk), item_id LIMIT 1`,
    );
    history.replaceState(null, '', `#item=${encodeURIComponent(first.item_id)}&start=2026-03-01&end=2026-07-31&kind=${first.risk}`);
    const d = fixture<NovaDashboard>(`<nova-dashboard src="${GOLD}"></nova-dashboard>`, 1280);
    await until(() => !!d.shadowRoot?.querySelector('nova-forecast-chart'), 'charts');
    const chart = part<NovaForecastChart>(d, 'nova-forecast-chart');
    const inv = part<NovaInventoryChart>(d, 'nova-inventory-chart');
    const table = part<NovaRiskTable>(d, 'nova-risk-table');
    eq(await loaded(chart), 'ready', 'forecast chart');
    eq(await loaded(table), 'ready', 'risk table');
    eq(chart.itemId, first.item_id, 'item from the hash');
    eq(chart.start, '2026-03-01', 'start from the hash');
    eq(table.kind, first.risk, 'kind from the hash');
    eq(chart.series!.points[0].date >= '2026-03-01', true, 'series starts in range');
    eq(chart.series!.points[chart.series!.points.length - 1].date <= '2026-07-31', true, 'series ends in range');

    // Drill down: pick another row of the most frequent kind.
    const [big] = await duck<{ risk: string }>(`SELECT risk FROM agg_item WHERE risk <> 'ok' GROUP BY risk ORDER BY count(*) DESC, risk LIMIT 1`);
    d.kind = big.risk as typeof d.kind;
    await d.updateComplete;
    await loaded(table);
    const target = table.rows.find((r) => r.item_id !== first.item_id)!;
    ok(target, 'a second item to drill into');
    const btn = $$(table, 'tbody tr').find((tr) => tr.dataset.itemId === target.item_id)!.querySelector('button')!;
    btn.click();
    await until(() => chart.itemId === target.item_id, 'drilldown');
    eq(await loaded(chart), 'ready', 'chart reloaded');
    eq(await loaded(inv), 'ready', 'inventory reloaded');
    eq(chart.series!.itemId, target.item_id, 'forecast shows the selected item');
    eq(inv.inventory!.itemId, target.item_id, 'inventory shows the selected item');
    await d.updateComplete;
    const h = parseHash(location.hash);
    eq(h.item, target.item_id, 'hash has the item');
    eq(h.kind, big.risk, 'hash has the kind');
    const exp = await duck<{ n: string }>(
      `SELECT count(*) AS n FROM fact_forecast WHERE item_id = ${lit(target.item_id)} AND site_id = ${lit(chart.series!.siteId)} AND source = ${lit(chart.series!.meta.source)} AND date BETWEEN DATE '2026-03-01' AND DATE '2026-07-31'`,
    );
    eq(chart.drawnPoints.length, Number(exp[0].n), 'points drawn after drilldown = DuckDB rows');
  });

  it('date range changes every panel; the item search drills down; zero axe violations', async () => {
    const d = fixture<NovaDashboard>(`<nova-dashboard src="${GOLD}" no-hash></nova-dashboard>`, 1280);
    await until(() => !!d.shadowRoot?.querySelector('nova-forecast-chart'), 'charts');
    const chart = part<NovaForecastChart>(d, 'nova-forecast-chart');
    const kpis = part<NovaKpis>(d, 'nova-kpis');
    await loaded(chart);
    await loaded(kpis);
    const range = part<NovaDateRange>(d, 'nova-date-range');
    eq(range.apply('2026-05-01', '2026-06-30'), '', 'valid range');
    await d.updateComplete;
    eq(kpis.start, '2026-05-01', 'KPIs start');
    eq(chart.end, '2026-06-30', 'chart end');
    eq(await loaded(kpis), 'ready', 'KPIs reloaded');
    eq(await loaded(chart), 'ready', 'chart reloaded');
    // docs/contract.md: actual demand counts each (item, site, date) once, whatever the sources.
    const [facts] = await duck<{ a: number }>(
      `SELECT sum(actual) AS a FROM (SELECT DISTINCT item_id, site_id, date, actual FROM fact_forecast
       WHERE actual IS NOT NULL AND date BETWEEN DATE '2026-05-01' AND DATE '2026-06-30')`,
    );
    near(kpis.summary!.actualTotal, facts.a, 'KPI actual demand for the new range = DuckDB');
    eq($(kpis, '[data-kpi="actual"] dd').textContent, formatter('pt-BR').number(facts.a, 0), 'KPI text');
    eq(chart.series!.points[chart.series!.points.length - 1].date, '2026-06-30', 'chart ends at the new end');

    const picker = part<NovaItemPicker>(d, 'nova-item-picker');
    const [it2] = await duck<{ item_id: string; name: string }>(`SELECT item_id, name FROM dim_item ORDER BY item_id DESC LIMIT 1`);
    await picker.search(it2.item_id);
    await loaded(picker);
    const opt = $$(picker, '[role="option"]').find((o) => o.dataset.itemId === it2.item_id)!;
    opt.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await until(() => chart.itemId === it2.item_id, 'search drilldown');
    eq(await loaded(chart), 'ready', 'chart for the searched item');
    ok($(chart, '[part="title"]').textContent!.includes(it2.name), 'title names the item');
    await loaded(part(d, 'nova-inventory-chart'));
    await loaded(part(d, 'nova-risk-table'));
    await loaded(part(d, 'nova-last-updated'));
    await axeCheck(d);
    d.theme = 'dark';
    await d.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    await axeCheck(d);
  });

  it('a site selector scopes every panel; all sites is the default and sums the sites', async () => {
    const sites = await duck<{ site_id: string; name: string }>(`SELECT site_id, name FROM dim_site ORDER BY site_id`);
    ok(sites.length > 1, 'the demo has several sites');
    // An item stocked at two sites, so "all sites" and one site differ.
    const [item] = await duck<{ item_id: string }>(`SELECT item_id FROM agg_item GROUP BY item_id HAVING count(*) > 1 ORDER BY item_id LIMIT 1`);
    const d = fixture<NovaDashboard>(`<nova-dashboard src="${GOLD}" no-hash item-id="${item.item_id}"></nova-dashboard>`, 1280);
    await until(() => !!d.shadowRoot?.querySelector('select#site'), 'site selector');
    const select = $(d, 'select#site') as HTMLSelectElement;
    eq([...select.options].map((o) => o.value).join(), ['', ...sites.map((s) => s.site_id)].join(), 'options: all sites, then each site');
    eq(select.options[0].textContent, 'Todos os depósitos', 'pt-BR label of all sites');
    const chart = part<NovaForecastChart>(d, 'nova-forecast-chart');
    const kpis = part<NovaKpis>(d, 'nova-kpis');
    eq(await loaded(chart), 'ready', 'chart');
    eq(chart.series!.siteId, null, 'all sites by default');
    const [all] = await duck<{ f: number }>(
      `SELECT sum(f.forecast) AS f FROM fact_forecast f JOIN agg_item a ON a.item_id = f.item_id AND a.site_id = f.site_id AND a.source = f.source
       WHERE f.item_id = ${lit(item.item_id)} AND f.date BETWEEN DATE ${lit(chart.start!)} AND DATE ${lit(chart.end!)}`,
    );
    near(chart.series!.points.reduce((t, p) => t + p.forecast, 0), all.f, 'the chart sums every site\'s plan forecast', 1e-6);
    const [one] = await duck<{ site_id: string }>(`SELECT site_id FROM agg_item WHERE item_id = ${lit(item.item_id)} ORDER BY site_id DESC LIMIT 1`);
    select.value = one.site_id;
    select.dispatchEvent(new Event('change'));
    await until(() => chart.siteId === one.site_id && kpis.siteId === one.site_id && part<NovaRiskTable>(d, 'nova-risk-table').siteId === one.site_id, 'panels scoped to the site');
    eq(await loaded(chart), 'ready', 'chart reloaded');
    eq(chart.series!.siteId, one.site_id, 'chart at the site');
    eq(await loaded(kpis), 'ready', 'KPIs reloaded');
    const [demand] = await duck<{ a: number }>(
      `SELECT sum(actual) AS a FROM (SELECT DISTINCT item_id, site_id, date, actual FROM fact_forecast WHERE site_id = ${lit(one.site_id)}
       AND actual IS NOT NULL AND date BETWEEN DATE ${lit(kpis.summary!.start)} AND DATE ${lit(kpis.summary!.end)})`,
    );
    eq($(kpis, '[data-kpi="actual"] dd').textContent, formatter('pt-BR').number(demand.a, 0), 'KPI actual demand of the site');
    eq(d.view.site, one.site_id, 'the view carries the site');
  });

  it('opens on the most urgent stockout and adds the model comparison only once both charts have loaded', async () => {
    // Oracle: the top row of the stockout ranking (docs/contract.md: risk_rank 1 of the kind).
    const [top] = await duck<{ item_id: string }>(`SELECT item_id FROM agg_item WHERE risk = 'stockout' ORDER BY risk_rank, item_id, site_id LIMIT 1`);
    ok(top, 'the test gold has a stockout');
    const d = fixture<NovaDashboard>(`<nova-dashboard src="${GOLD}" no-hash></nova-dashboard>`, 1280);
    const seen: string[] = [];
    const watch = new MutationObserver(() => {
      const model = d.shadowRoot!.querySelector('nova-model-accuracy');
      if (!model || seen.length) return;
      const status = (tag: string) => (d.shadowRoot!.querySelector(tag) as unknown as { loadStatus?: string } | null)?.loadStatus ?? 'absent';
      seen.push(status('nova-forecast-chart'), status('nova-inventory-chart'));
    });
    watch.observe(d.shadowRoot!, { childList: true, subtree: true });
    await until(() => !!d.shadowRoot?.querySelector('nova-forecast-chart'), 'charts');
    const chart = part<NovaForecastChart>(d, 'nova-forecast-chart');
    eq(chart.itemId, top.item_id, 'first item = the top stockout');
    eq(await loaded(chart), 'ready', 'forecast chart');
    await until(() => !!d.shadowRoot?.querySelector('nova-model-accuracy'), 'model comparison');
    watch.disconnect();
    eq(seen.join(), 'ready,ready', 'both charts had loaded when the model comparison was added');
    eq(await loaded(part(d, 'nova-model-accuracy')), 'ready', 'model comparison loads');
  });

  // An unknown id and a hostile one (a bidi override): the charts refuse them ('invalid'), and the
  // model comparison, which waits for both charts' first load, must not wait forever.
  for (const id of ['NO-SUCH-ITEM', 'NO-SUCH-ITEM-\u202e']) {
    const status = 'invalid';
    it(`item ${JSON.stringify(id)}: both charts report ${status}, and the model comparison still comes`, async () => {
      const d = fixture<NovaDashboard>(`<nova-dashboard src="${GOLD}" no-hash></nova-dashboard>`, 1280);
      d.itemId = id;
      await until(() => !!d.shadowRoot?.querySelector('nova-inventory-chart'), 'charts');
      eq(await loaded(part(d, 'nova-forecast-chart')), status, 'forecast chart');
      eq(await loaded(part(d, 'nova-inventory-chart')), status, 'inventory chart');
      ok(part<HTMLElement>(d, 'nova-forecast-chart').shadowRoot!.textContent!.includes('NO-SUCH-ITEM'), 'the chart names the item it could not show');
      await until(() => !!d.shadowRoot?.querySelector('nova-model-accuracy'), 'model comparison after two failed charts');
      eq(await loaded(part(d, 'nova-model-accuracy')), 'ready', 'model comparison loads');
    });
  }

  it('fits a 320 px screen without horizontal overflow', async () => {
    const d = fixture<NovaDashboard>(`<nova-dashboard src="${GOLD}" no-hash></nova-dashboard>`, 320);
    await until(() => !!d.shadowRoot?.querySelector('nova-forecast-chart'), 'charts');
    await loaded(part(d, 'nova-forecast-chart'));
    await loaded(part(d, 'nova-risk-table'));
    await new Promise((r) => setTimeout(r, 100));
    ok(d.scrollWidth <= 320, `dashboard scrollWidth ${d.scrollWidth}`);
    const svg = $(part(d, 'nova-forecast-chart'), 'svg');
    ok(Number(svg.getAttribute('width')) <= 300, `chart sized to its panel (${svg.getAttribute('width')})`);
  });
});
