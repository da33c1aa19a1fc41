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
  });
}
