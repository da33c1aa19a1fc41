// bench:ui's floor of the dashboard (see dashboard.html): what the dashboard shows above the fold
// (header, seven KPIs, a 15-row risk table, the forecast and inventory charts), hand-drawn from one
// round of 64 KB reads of the files the dashboard reads, after the manifest.
import { FloorElement, chartSvg, firstFile, readGold } from './floor.js';

const TABLES = ['agg_totals', 'agg_daily', 'agg_risk', 'fact_forecast', 'fact_inventory'];

customElements.define('floor-dashboard', class extends FloorElement {
  async load() {
    const { m, bodies } = await readGold((m) => TABLES.map((t) => firstFile(m, t)));
    const [totals, daily, risk, forecast, inventory] = bodies;
    const num = new Intl.NumberFormat('pt-BR');
    const pct = new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 });
    const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
    const when = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' });
    const v = (b, i) => b[i % b.length] * 977 + b[(i * 13) % b.length];
    const kpis = [num.format(v(daily, 1)), num.format(v(daily, 2)), pct.format(v(totals, 3) / 1e5), pct.format(v(totals, 4) / 1e6),
      num.format(v(daily, 5)), num.format(v(totals, 6)), brl.format(v(totals, 7) * 31.7)];
    const rows = Array.from({ length: 15 }, (_, r) => `<tr><td>${r + 1}</td><td></td><td></td>${[1, 2, 3, 4].map((c) => `<td>${num.format(v(risk, r * 5 + c) % 500)}</td>`).join('')}</tr>`);
    this.root.innerHTML = `<style>section { display: flex; gap: 8px; } .kpi { flex: 1; border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; background: #fff; }
      .kpi span { display: block; font-size: 13px; } table { border-collapse: collapse; background: #fff; } td, th { padding: 4px 8px; border-bottom: 1px solid #eee; text-align: right; }</style>
      <header><h2>Nova Analytics — peças de reposição</h2><p>Atualizado: ${when.format(new Date(m.created_at))}</p></header>
      <section>${kpis.map((k) => `<div class="kpi"><span>KPI</span><strong>${k}</strong></div>`).join('')}</section>
      <table><thead><tr><th>Nº</th><th>Item</th><th>Categoria</th><th>Em estoque</th><th>Em pedido</th><th>Cobertura</th><th>Sugerido</th></tr></thead><tbody>${rows.join('')}</tbody></table>
      ${chartSvg(m, forecast)}${chartSvg(m, inventory, 11)}`;
    // Names from the gold's bytes, as text (never markup).
    const cells = this.root.querySelectorAll('tbody td:nth-child(2), tbody td:nth-child(3)');
    const text = new TextDecoder().decode(risk.subarray(0, 4096)).replace(/[^\p{L}\p{N} ]/gu, '');
    cells.forEach((td, i) => { td.textContent = text.slice((i * 17) % 3000, ((i * 17) % 3000) + 24); });
  }
});
