// Every number a planner reads in the KPI tiles, the risk table and the model comparison, read as
// displayed pt-BR text and compared, at the displayed precision, with DuckDB over the gold files.
// The oracle SQL is written from docs/contract.md ("Figures"), not from the SDK: actual demand once
// per (item, site, period); the plan forecast is each item-site's agg_item.source; accuracy over
// cells with an actual, per (item, site, week) where the dashboard reads weekly errors.
// Golds: `mixed` (daily; ensemble removed for every third item, so the sources cover different
// items) and `week` (the same raw data at week grain).
import { $, $$, cleanup, duck, eq, fixture, loaded, ok } from './support/harness.js';
import type { NovaKpis } from '../src/nova-kpis/nova-kpis.component.js';
import type { NovaRiskTable } from '../src/nova-risk-table/nova-risk-table.component.js';
import type { NovaModelAccuracy } from '../src/nova-model-accuracy/nova-model-accuracy.component.js';
import type { NovaInventoryChart } from '../src/nova-inventory-chart/nova-inventory-chart.component.js';

type Gold = 'mixed' | 'week';

/** A pt-BR number as displayed ("153.865,5", "52,9 %", "R$ 1.234,56", "−3,2 %") → number. */
function ptBR(text: string | null): number {
  const t = (text ?? '').replace(/[−–]/g, '-');
  const cleaned = t.replace(/[^0-9,\-]/g, '').replace(',', '.');
  const n = Number(cleaned);
  if (cleaned === '' || !Number.isFinite(n)) throw new Error(`not a pt-BR number: ${JSON.stringify(text)}`);
  return t.includes('%') ? n / 100 : n;
}

/** The displayed text equals `want` at the precision shown (`unit`: the last digit's value). */
function shows(text: string | null, want: number | null, unit: number, msg: string): void {
  if (want === null) {
    eq(text, 'n/d', `${msg}: not available`);
    return;
  }
  const got = ptBR(text);
  ok(Math.abs(got - want) <= unit / 2 + 1e-9, `${msg}: shows ${JSON.stringify(text)} (${got}), DuckDB ${want}`);
}

async function manifest(gold: Gold): Promise<{ as_of: string; grain: string }> {
  return (await fetch(`/gold-${gold}/manifest.json`)).json();
}

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Plan rows: each (item, site)'s selected source (docs/contract.md). */
const PLAN = `SELECT f.* FROM fact_forecast f JOIN agg_item a ON a.item_id = f.item_id AND a.site_id = f.site_id AND a.source = f.source`;

for (const gold of ['mixed', 'week'] as const) {
  describe(`figures on the ${gold} gold`, () => {
    afterEach(cleanup);

    it('KPI tiles: actual demand, plan forecast on the same weeks, weekly WAPE and bias, next 30 days, at risk', async () => {
      const m = await manifest(gold);
      const start = addDays(m.as_of, -89);
      const end = addDays(m.as_of, 30);
      const el = fixture<NovaKpis>(`<nova-kpis src="/gold-${gold}/" start="${start}" end="${end}"></nova-kpis>`, 1000);
      eq(await loaded(el, 60000), 'ready', 'status');
      const [d] = await duck<{ actual: number }>(
        `SELECT sum(actual) AS actual FROM (SELECT DISTINCT item_id, site_id, date, actual FROM fact_forecast
         WHERE actual IS NOT NULL AND date BETWEEN DATE '${start}' AND DATE '${end}')`, gold);
      // Weekly cells (the tiles' grain on daily and weekly gold): the week's plan forecast over its
      // days with an actual against the week's actual, weeks starting inside the range.
      const [w] = await duck<{ f: number; a: number; abs: number }>(
        `WITH c AS (SELECT item_id, site_id, date_trunc('week', date) AS wk, sum(forecast) AS f, sum(actual) AS a
           FROM (${PLAN}) WHERE actual IS NOT NULL GROUP BY ALL)
         SELECT sum(f) AS f, sum(a) AS a, sum(abs(f - a)) AS abs FROM c WHERE wk BETWEEN DATE '${start}' AND DATE '${end}'`, gold);
      const [r] = await duck<{ n: number; v: number; next30: number }>(
        `SELECT count(DISTINCT a.item_id) FILTER (WHERE a.risk IN ('stockout', 'below_reorder')) AS n,
           coalesce(sum(a.forecast_next_30d * i.unit_cost) FILTER (WHERE a.risk IN ('stockout', 'below_reorder')), 0) AS v,
           sum(a.forecast_next_30d) AS next30
         FROM agg_item a JOIN dim_item i USING (item_id)`, gold);
      const text = (id: string) => $(el, `[data-kpi="${id}"] dd`).textContent;
      shows(text('actual'), d.actual, 1, 'Demanda realizada');
      shows(text('forecast'), w.f, 1, 'Demanda prevista (mesmos períodos)');
      shows(text('wape'), w.abs / w.a, 0.001, 'WAPE (semanal)');
      shows(text('bias'), (w.f - w.a) / w.a, 0.001, 'Viés');
      shows(text('forecast-next-30d'), r.next30, 1, 'Previsão próximos 30 dias');
      shows(text('at-risk'), r.n, 1, 'Itens em risco');
      shows(text('value-at-risk'), r.v, 0.01, 'Demanda em risco (30 dias)');
      ok($(el, '[part="grain"]').textContent!.includes('semana'), 'the tiles state the grain they show');
      // The headline must not depend on the manifest's first source.
      const [first] = await duck<{ a: number }>(
        `SELECT sum(actual) AS a FROM fact_forecast WHERE source = 'croston_sba' AND actual IS NOT NULL AND date BETWEEN DATE '${start}' AND DATE '${end}'`, gold);
      ok(first.a < d.actual, 'one source alone covers less demand than the tile shows');
    });

    it('risk table: the contract ranking, every number of every row, and the reason for the rank', async () => {
      const rows = await duck<Record<string, number | string | null>>(
        `SELECT a.item_id, a.on_hand, a.on_order, a.reorder_point, a.days_of_cover, a.suggested_order_qty, a.forecast_next_30d,
           a.stock_value, a.forecast_next_30d * i.unit_cost AS value30, i.criticality,
           strftime(a.projected_stockout_date, '%d/%m/%Y') AS stockout
         FROM agg_item a JOIN dim_item i USING (item_id) WHERE a.risk = 'stockout'
         ORDER BY i.criticality, a.projected_stockout_date NULLS LAST, a.forecast_next_30d * i.unit_cost DESC, a.item_id, a.site_id LIMIT 12`, gold);
      ok(rows.length > 1, 'the gold has stockouts to rank');
      const el = fixture<NovaRiskTable>(`<nova-risk-table src="/gold-${gold}/" kind="stockout" limit="12"></nova-risk-table>`, 1400);
      eq(await loaded(el, 60000), 'ready', 'status');
      const trs = $$(el, 'tbody tr');
      eq(trs.length, rows.length, 'row count');
      trs.forEach((tr, i) => {
        const e = rows[i];
        const cell = (field: string) => tr.querySelector(`[data-field="${field}"]`)!.textContent;
        eq(tr.dataset.itemId, e.item_id, `row ${i + 1}: item in ranking order`);
        eq(cell('risk_rank'), String(i + 1), `row ${i + 1}: rank`);
        shows(cell('on_hand'), e.on_hand as number, 0.1, `row ${i + 1} on hand`);
        shows(cell('on_order'), e.on_order as number, 0.1, `row ${i + 1} on order`);
        shows(cell('reorder_point'), e.reorder_point as number, 0.1, `row ${i + 1} reorder point`);
        if (e.days_of_cover === null) eq(cell('days_of_cover'), 'n/d', `row ${i + 1} days of cover`);
        else shows(cell('days_of_cover'), e.days_of_cover as number, 1, `row ${i + 1} days of cover`);
        shows(cell('suggested_order_qty'), e.suggested_order_qty as number, 1, `row ${i + 1} suggested order`);
        shows(cell('forecast_next_30d'), e.forecast_next_30d as number, 0.1, `row ${i + 1} forecast 30 days`);
        shows(cell('stock_value'), e.stock_value as number, 0.01, `row ${i + 1} stock value`);
        const reason = cell('reason')!;
        ok(reason.startsWith(`Criticidade ${e.criticality} · `), `row ${i + 1} reason names criticality ${e.criticality}: ${reason}`);
        ok(e.stockout ? reason.includes(`ruptura em ${e.stockout}`) : reason.includes('sem ruptura prevista'), `row ${i + 1} reason names the stockout date: ${reason}`);
        shows(/· (R\$\s?[\d.,]+) de demanda/.exec(reason)?.[1] ?? null, e.value30 as number, 0.01, `row ${i + 1} reason's value of demand at risk`);
      });
    });

    it('model comparison: WAPE, bias, MAPE, items scored, selections and lead over the runner-up per source', async () => {
      const m = await manifest(gold);
      // The error window: the last ⌈90 days / period⌉ periods up to as_of (docs/inventory.md).
      const periods = m.grain === 'day' ? '90 DAY' : m.grain === 'week' ? '13 WEEK' : '3 MONTH';
      const inWindow = `actual IS NOT NULL AND date > DATE '${m.as_of}' - INTERVAL ${periods} AND date <= DATE '${m.as_of}'`;
      const scores = await duck<{ source: string; item_sites: number; wape: number; bias: number; mape: number | null }>(
        `WITH r AS (SELECT source, item_id, site_id, forecast, actual FROM fact_forecast WHERE ${inWindow}
                    UNION ALL SELECT 'plan', item_id, site_id, forecast, actual FROM (${PLAN}) WHERE ${inWindow})
         SELECT source, count(DISTINCT (item_id, site_id))::INTEGER AS item_sites, sum(abs(forecast - actual)) / sum(actual) AS wape,
           (sum(forecast) - sum(actual)) / sum(actual) AS bias, avg(abs(forecast - actual) / actual) FILTER (WHERE actual > 0) AS mape
         FROM r GROUP BY source`, gold);
      const selected = await duck<{ source: string; n: number }>(`SELECT source, count(*)::INTEGER AS n FROM agg_item GROUP BY source`, gold);
      // Lead over the runner-up: on item-sites where the source is selected and another source was
      // scored, the runner-up's WAPE (lowest other WAPE, ties by name) minus the selected one's.
      const lead = await duck<{ source: string; lead: number }>(
        `WITH e AS (SELECT item_id, site_id, source, sum(abs(forecast - actual)) AS abs, sum(actual) AS act FROM fact_forecast WHERE ${inWindow} GROUP BY ALL),
         sel AS (SELECT e.* FROM e JOIN agg_item a USING (item_id, site_id, source)),
         runner AS (SELECT e.item_id, e.site_id, e.abs FROM e JOIN agg_item a USING (item_id, site_id) WHERE e.source <> a.source
                    QUALIFY row_number() OVER (PARTITION BY e.item_id, e.site_id ORDER BY e.abs / nullif(e.act, 0) NULLS LAST, e.source) = 1)
         SELECT s.source, (sum(r.abs) - sum(s.abs)) / nullif(sum(s.act), 0) AS lead FROM sel s JOIN runner r USING (item_id, site_id) GROUP BY s.source`, gold);
      const el = fixture<NovaModelAccuracy>(`<nova-model-accuracy src="/gold-${gold}/"></nova-model-accuracy>`, 1000);
      eq(await loaded(el, 60000), 'ready', 'status');
      const trs = $$(el, '[part="table"] tbody tr');
      eq(trs.length, scores.length, 'one row per source and the plan');
      for (const s of scores) {
        const tr = trs.find((t) => t.dataset.source === s.source);
        ok(tr, `a row for ${s.source}`);
        const cell = (field: string) => tr.querySelector(`[data-field="${field}"]`)!.textContent;
        shows(cell('item_sites'), s.item_sites, 1, `${s.source} items scored`);
        const n = s.source === 'plan' ? selected.reduce((t, x) => t + x.n, 0) : (selected.find((x) => x.source === s.source)?.n ?? 0);
        shows(cell('selected'), n, 1, `${s.source} selected on`);
        shows(cell('wape'), s.wape, 0.001, `${s.source} WAPE`);
        shows(cell('bias'), s.bias, 0.001, `${s.source} bias`);
        shows(cell('mape'), s.mape, 0.001, `${s.source} MAPE`);
        if (s.source !== 'plan') {
          const l = lead.find((x) => x.source === s.source);
          if (l && l.lead !== null) shows(cell('beat'), l.lead * 100, 0.1, `${s.source} lead over the runner-up (p.p.)`);
          else eq(cell('beat'), 'n/d', `${s.source}: no runner-up scored, or no demand where it was selected`);
        }
      }
      const croston = selected.find((x) => x.source === 'croston_sba')?.n ?? 0;
      ok(croston > 0, 'croston_sba is the plan for the items ensemble does not cover');
    });

    it('inventory chart: position figures, projected stock and stockout from the plan forecast, order arrival; one site and all sites', async () => {
      const m = await manifest(gold);
      // The most urgent stockout with a suggested order (contract ranking), at its site.
      const [pick] = await duck<{ item_id: string; site_id: string }>(
        `SELECT a.item_id, a.site_id FROM agg_item a JOIN dim_item i USING (item_id)
         WHERE a.risk = 'stockout' AND a.suggested_order_qty > 0 AND a.projected_stockout_date IS NOT NULL
         ORDER BY i.criticality, a.projected_stockout_date, a.item_id, a.site_id LIMIT 1`, gold);
      ok(pick, 'a stockout with a suggested order to show');
      // Projected stock (docs/contract.md): on hand at as_of minus the cumulative plan forecast of the
      // periods after it, up to the first period below zero.
      const projected = (where: string) => duck<{ date: string; left: number }>(
        `WITH pos AS (SELECT sum(on_hand) AS oh FROM agg_item WHERE ${where}),
         fut AS (SELECT date, sum(forecast) AS f FROM (${PLAN}) WHERE ${where} AND date > DATE '${m.as_of}' GROUP BY date),
         run AS (SELECT date, (SELECT oh FROM pos) - sum(f) OVER (ORDER BY date) AS stock_left FROM fut)
         SELECT strftime(date, '%Y-%m-%d') AS date, stock_left AS "left" FROM run
         WHERE date <= coalesce((SELECT min(date) FROM run WHERE stock_left < 0), DATE '9999-12-31') ORDER BY date`, gold);
      const check = async (el: NovaInventoryChart, where: string, label: string) => {
        eq(await loaded(el, 60000), 'ready', `${label}: status`);
        const [p] = await duck<Record<string, number | string | null>>(
          `SELECT sum(a.on_hand) AS on_hand, sum(a.reorder_point) AS reorder_point, sum(a.safety_stock) AS safety_stock,
             sum(a.on_hand) / nullif(sum(a.avg_daily_demand), 0) AS cover, sum(a.suggested_order_qty) AS qty,
             strftime(DATE '${m.as_of}' + any_value(i.lead_time_days)::INTEGER, '%Y-%m-%d') AS arrival
           FROM agg_item a JOIN dim_item i USING (item_id) WHERE ${where}`, gold);
        const fig = (field: string) => $(el, `[part="figures"] [data-field="${field}"]`).textContent;
        shows(fig('on_hand'), p.on_hand as number, 0.1, `${label}: on hand`);
        shows(fig('reorder_point'), p.reorder_point as number, 0.1, `${label}: reorder point`);
        shows(fig('safety_stock'), p.safety_stock as number, 0.1, `${label}: safety stock`);
        if (p.cover === null) eq(fig('days_of_cover'), 'n/d', `${label}: days of cover`);
        else shows(fig('days_of_cover'), p.cover as number, 1, `${label}: days of cover`);
        shows(/^[\d.,]+/.exec(fig('suggested_order_qty') ?? '')?.[0] ?? null, p.qty as number, 1, `${label}: suggested order`);
        const proj = await projected(where);
        ok(proj.length > 0, `${label}: the plan forecast projects the stock`);
        // The position's stockout is the first site to run out (docs/contract.md "All sites"):
        // stock at another depot does not serve this one.
        const sites = await duck<{ site_id: string }>(`SELECT site_id FROM agg_item WHERE ${where} ORDER BY site_id`, gold);
        const firsts: string[] = [];
        for (const { site_id } of sites) {
          const run = await projected(`item_id = '${String(/item_id = '([^']+)'/.exec(where)![1])}' AND site_id = '${site_id}'`);
          if (run.length && run.at(-1)!.left < 0) firsts.push(run.at(-1)!.date);
        }
        firsts.sort();
        ok(firsts.length > 0, `${label}: some site runs out`);
        eq(fig('projected_stockout_date'), ddmmyyyy(firsts[0]), `${label}: projected stockout = first period below zero, first site`);
        if ((p.qty as number) > 0) eq(fig('order_arrival'), ddmmyyyy(p.arrival as string), `${label}: order arrives at as_of + lead time`);
        const details = $(el, 'details[part="data-table"]') as HTMLDetailsElement;
        details.open = true;
        await new Promise((r) => setTimeout(r, 50));
        await el.updateComplete;
        const rows = $$(el, 'tr[data-basis="projected"]');
        eq(rows.length, proj.length, `${label}: one projected row per period up to the stockout`);
        rows.forEach((tr, i) => {
          eq(tr.querySelector('th')!.textContent, ddmmyyyy(proj[i].date), `${label}: projected row ${i + 1} date`);
          shows(tr.querySelectorAll('td')[1].textContent, proj[i].left, 0.1, `${label}: projected row ${i + 1} stock`);
        });
      };
      const one = fixture<NovaInventoryChart>(`<nova-inventory-chart src="/gold-${gold}/" item-id="${pick.item_id}" site-id="${pick.site_id}"></nova-inventory-chart>`, 900);
      await check(one, `item_id = '${pick.item_id}' AND site_id = '${pick.site_id}'`, `${pick.item_id} at ${pick.site_id}`);
      cleanup();
      // All sites of an item stocked at several (its sites summed, each with its own plan source).
      const [multi] = await duck<{ item_id: string }>(
        `SELECT item_id FROM agg_item GROUP BY item_id HAVING count(*) > 1 AND bool_or(projected_stockout_date IS NOT NULL) ORDER BY item_id LIMIT 1`, gold);
      ok(multi, 'an item stocked at several sites, one of which runs out');
      const all = fixture<NovaInventoryChart>(`<nova-inventory-chart src="/gold-${gold}/" item-id="${multi.item_id}"></nova-inventory-chart>`, 900);
      await check(all, `item_id = '${multi.item_id}'`, `${multi.item_id} over all sites`);
    });
  });
}
