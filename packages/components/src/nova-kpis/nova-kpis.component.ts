import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { NovaClient, SummaryResult } from '@nova-corrente/core';
import { NovaDataElement } from '../internal/nova-element.js';
import { themeStyles } from '../internal/theme.js';
import { addDays, rangeProblem } from '../internal/dates.js';
import { InvalidInput } from '../internal/lookup.js';
import { kpisStyles } from './nova-kpis.styles.js';

/**
 * Headline figures over a period: forecast and actual demand, WAPE, items at risk and the value of
 * the next 30 days of demand of the at-risk items.
 *
 * @tagname nova-kpis
 * @summary Key figures over a period.
 *
 * @fires nova-load - When a load ends.
 *
 * @csspart kpi - One figure.
 * @csspart label - The label of a figure.
 * @csspart value - The value of a figure.
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
  /** Forecast source (default: each item's selected source). */
  @property({ reflect: true }) source?: string;
  /** Site filter. */
  @property({ attribute: 'site-id', reflect: true }) siteId?: string;

  /** The last summary. */
  get summary(): SummaryResult | undefined {
    return this.data;
  }

  protected queryKey(): string {
    return JSON.stringify([this.start, this.end, this.source, this.siteId]);
  }

  protected override validate(): string | null {
    const t = this.fmt.t;
    return rangeProblem(t, this.start, this.end);
  }

  protected async fetchData(client: NovaClient, signal: AbortSignal): Promise<SummaryResult | null> {
    const t = this.fmt.t;
    if (this.source && !client.manifest.ml.some((m) => m.source === this.source)) {
      throw new InvalidInput(t.badAttr('source', this.source, client.manifest.ml.map((m) => m.source).join(', ')));
    }
    const end = this.end ?? client.manifest.as_of;
    const start = this.start ?? addDays(end, -89);
    if (start > end) throw new InvalidInput(t.badRange(start, end));
    const s = await client.summary({ start, end, source: this.source, siteId: this.siteId, signal });
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
        ${kpi('forecast', t.kpiForecast, f.number(s.forecastTotal, 0))}
        ${kpi('actual', t.kpiActual, f.number(s.actualTotal, 0))}
        ${kpi('wape', t.kpiWape, f.percent(s.wape))}
        ${kpi('at-risk', t.kpiAtRisk, f.number(s.atRisk, 0))}
        ${kpi('value-at-risk', t.kpiValueAtRisk, f.currency(s.stockValueAtRisk))}
      </dl>
      <p class="period">${t.kpiPeriod(f.date(s.start), f.date(s.end))}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-kpis': NovaKpis;
  }
}
