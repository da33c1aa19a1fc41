import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { GRAINS, PLAN_SOURCE } from '@nova-corrente/core';
import type { NovaClient, SummaryResult } from '@nova-corrente/core';
import { NovaDataElement } from '../internal/nova-element.js';
import { themeStyles } from '../internal/theme.js';
import { addDays, rangeProblem } from '../internal/dates.js';
import { InvalidInput } from '../internal/lookup.js';
import { kpisStyles } from './nova-kpis.styles.js';

/**
 * Headline figures over a period, like with like (docs/contract.md, "Figures"): actual demand and
 * the plan's forecast over the same periods, WAPE and bias at the accuracy grain, the plan's
 * forecast for the next 30 days, items at risk and the value of their next 30 days of demand.
 *
 * @tagname nova-kpis
 * @summary Key figures over a period.
 *
 * @fires nova-load - When a load ends.
 *
 * @csspart kpi - One figure.
 * @csspart label - The label of a figure.
 * @csspart value - The value of a figure.
 * @csspart grain - The line stating the accuracy grain and the forecast scored.
 * @csspart state - Loading, empty and error messages.
 *
 * @cssproperty --nova-kpi-surface - Background of a figure.
 * @cssproperty --nova-kpi-value-color - Colour of the values.
 */
export class NovaKpis extends NovaDataElement<SummaryResult> {
  static override styles = [themeStyles, kpisStyles];

  /** First date `YYYY-MM-DD` (default: 90 days before the snapshot's as-of date). */
  @property({ reflect: true }) start?: string;
  /** Last date `YYYY-MM-DD` (default: the as-of date). */
  @property({ reflect: true }) end?: string;
  /** Forecast source to score (default: the plan, each item's selected source). */
  @property({ reflect: true }) source?: string;
  /**
   * Grain of WAPE and bias: `day`, `week` or `month`, not finer than the gold's (default: `week`
   * on daily gold, where daily errors on intermittent demand mean little; else the gold's grain).
   */
  @property({ attribute: 'accuracy-grain', reflect: true }) accuracyGrain?: 'day' | 'week' | 'month';
  /** Site filter. */
  @property({ attribute: 'site-id', reflect: true }) siteId?: string;

  /** The last summary. */
  get summary(): SummaryResult | undefined {
    return this.data;
  }

  protected queryKey(): string {
    return JSON.stringify([this.start, this.end, this.source, this.siteId, this.accuracyGrain]);
  }

  protected override validate(): string | null {
    const t = this.fmt.t;
    return rangeProblem(t, this.start, this.end);
  }

  protected async fetchData(client: NovaClient, signal: AbortSignal): Promise<SummaryResult | null> {
    const t = this.fmt.t;
    const sources = [PLAN_SOURCE, ...client.manifest.ml.map((m) => m.source)];
    if (this.source && !sources.includes(this.source)) throw new InvalidInput(t.badAttr('source', this.source, sources.join(', ')));
    const grains = GRAINS.slice(GRAINS.indexOf(client.manifest.grain));
    if (this.accuracyGrain && !grains.includes(this.accuracyGrain)) throw new InvalidInput(t.badAttr('accuracy-grain', this.accuracyGrain, grains.join(', ')));
    const accuracyGrain = this.accuracyGrain ?? (client.manifest.grain === 'day' ? 'week' : client.manifest.grain);
    const end = this.end ?? client.manifest.as_of;
    const start = this.start ?? addDays(end, -89);
    if (start > end) throw new InvalidInput(t.badRange(start, end));
    const s = await client.summary({ start, end, source: this.source, siteId: this.siteId, accuracyGrain, signal });
    return s.items > 0 ? s : null;
  }

  override render() {
    const f = this.fmt;
    const t = f.t;
    const state = this.renderState();
    if (state !== nothing || !this.data) return html`<h2 id="caption">${t.kpiName}</h2>${state}`;
    const s = this.data;
    const kpi = (id: string, label: string, value: string) =>
      html`<div class="kpi" part="kpi" data-kpi=${id}><dt part="label">${label}</dt><dd part="value">${value}</dd></div>`;
    return html`<section aria-labelledby="caption">
      <h2 id="caption">${t.kpiName}</h2>
      <dl>
        ${kpi('actual', t.kpiActual, f.number(s.actualTotal, 0))}
        ${kpi('forecast', t.kpiForecast, f.number(s.forecastWithActual, 0))}
        ${kpi('wape', t.kpiWape, f.percent(s.wape))}
        ${kpi('bias', t.kpiBias, f.percent(s.bias))}
        ${kpi('forecast-next-30d', t.kpiForecastNext30, f.number(s.forecastNext30d, 0))}
        ${kpi('at-risk', t.kpiAtRisk, f.number(s.atRisk, 0))}
        ${kpi('value-at-risk', t.kpiValueAtRisk, f.currency(s.demandValueAtRisk30d))}
      </dl>
      <p class="period">${t.kpiPeriod(f.date(s.start), f.date(s.end))}</p>
      <p class="grain" part="grain">${t.kpiGrain(s.accuracyGrain)}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-kpis': NovaKpis;
  }
}
