import { html, nothing, svg } from 'lit';
import { property } from 'lit/decorators.js';
import type { ModelAccuracyResult, ModelScore, NovaClient } from '@nova-corrente/core';
import { NovaDataElement } from '../internal/nova-element.js';
import { themeStyles } from '../internal/theme.js';
import { modelAccuracyStyles } from './nova-model-accuracy.styles.js';

/**
 * Model comparison over the error window: WAPE, bias and MAPE of each forecast source and of the
 * plan (each item's selected source), on how many item-sites each source was selected and by how
 * much it beat the runner-up there; a bar chart of WAPE; the same WAPE per item category. A
 * planner sees why the plan uses one source for one part and another for another.
 *
 * @tagname nova-model-accuracy
 * @summary Forecast accuracy per source and per category.
 *
 * @fires nova-load - When a load ends.
 *
 * @csspart table - The per-source table.
 * @csspart chart - The WAPE bar chart.
 * @csspart categories - The per-category table.
 * @csspart state - Loading, empty and error messages.
 *
 * @cssproperty --nova-series-model - Colour of a source's bar (default `--nova-color-primary`).
 * @cssproperty --nova-series-plan - Colour of the plan's bar (default `--nova-color-accent`).
 */
export class NovaModelAccuracy extends NovaDataElement<ModelAccuracyResult> {
  static override styles = [themeStyles, modelAccuracyStyles];

  /** Only this item category (exact match). */
  @property({ reflect: true }) category?: string;

  /** The last result. */
  get accuracy(): ModelAccuracyResult | undefined {
    return this.data;
  }

  protected queryKey(): string {
    return JSON.stringify([this.category]);
  }

  protected async fetchData(client: NovaClient, signal: AbortSignal): Promise<ModelAccuracyResult | null> {
    const r = await client.modelAccuracy({ category: this.category || undefined, signal });
    return r.plan.itemSites > 0 ? r : null;
  }

  private points(v: number | null): string {
    const f = this.fmt;
    if (v === null) return f.t.notAvailable;
    const s = f.number(v * 100, 1);
    return `${v > 0 ? '+' : ''}${s} ${f.t.percentPoints}`;
  }

  private row(s: ModelScore, plan: boolean) {
    const f = this.fmt;
    const t = f.t;
    return html`<tr class=${plan ? 'plan' : ''} data-source=${s.source}>
      <td data-field="source">${plan ? t.planSource : s.source}${s.meta ? html` <small>${s.meta.model_version}</small>` : nothing}</td>
      <td data-field="item_sites">${f.number(s.itemSites, 0)}</td>
      <td data-field="selected">${f.number(s.selected, 0)}</td>
      <td data-field="wape">${f.percent(s.wape)}</td>
      <td data-field="bias">${f.percent(s.bias)}</td>
      <td data-field="mape">${f.percent(s.mape)}</td>
      <td data-field="beat">${plan ? '' : this.points(s.beatRunnerUpBy)}</td>
    </tr>`;
  }

  /** Horizontal bars of WAPE, one per source and the plan (pure SVG, no scale library). */
  private chart(scores: ModelScore[]) {
    const f = this.fmt;
    const max = Math.max(0.01, ...scores.map((s) => s.wape ?? 0));
    const rowH = 22;
    const labelW = 110;
    const width = 360;
    const barW = width - labelW - 60;
    return svg`<svg part="chart" role="img" aria-label=${f.t.modelChart} viewBox="0 0 ${width} ${scores.length * rowH}" width=${width} height=${scores.length * rowH}>
      ${scores.map((s, i) => {
        const w = ((s.wape ?? 0) / max) * barW;
        const plan = i === 0;
        return svg`<g transform="translate(0 ${i * rowH})">
          <text x="0" y="15">${plan ? f.t.planSource : s.source}</text>
          <rect class=${plan ? 'bar plan' : 'bar'} x=${labelW} y="4" width=${Math.max(0, w).toFixed(1)} height="14"></rect>
          <text x=${(labelW + w + 4).toFixed(1)} y="15">${f.percent(s.wape)}</text>
        </g>`;
      })}
    </svg>`;
  }

  override render() {
    const f = this.fmt;
    const t = f.t;
    const state = this.renderState();
    if (state !== nothing || !this.data) return html`<h2 id="caption">${t.modelName}</h2>${state}`;
    const r = this.data;
    const head = html`<tr>
      <th scope="col">${t.modelSource}</th><th scope="col">${t.modelItemSites}</th><th scope="col">${t.modelSelected}</th>
      <th scope="col">WAPE</th><th scope="col">${t.kpiBias}</th><th scope="col">MAPE</th><th scope="col">${t.modelBeat}</th>
    </tr>`;
    return html`<section aria-labelledby="caption">
      <h2 id="caption">${t.modelName}</h2>
      <div class="scroll">
        <table part="table" aria-labelledby="caption">
          <thead>${head}</thead>
          <tbody>${this.row(r.plan, true)}${r.sources.map((s) => this.row(s, false))}</tbody>
        </table>
      </div>
      ${this.chart([r.plan, ...r.sources])}
      <p class="window">${r.windowStart && r.windowEnd ? t.modelWindow(f.date(r.windowStart), f.date(r.windowEnd)) : ''}</p>
      <h3 id="by-category">${t.modelByCategory}</h3>
      <div class="scroll">
        <table part="categories" aria-labelledby="by-category">
          <thead><tr><th scope="col">${t.category}</th><th scope="col">${t.planSource}</th>${r.sources.map((s) => html`<th scope="col">${s.source}</th>`)}</tr></thead>
          <tbody>
            ${r.byCategory.map(
              (c) => html`<tr data-category=${c.category}>
                <td>${c.category}</td>
                <td data-source=${c.plan.source}>${f.percent(c.plan.wape)}</td>
                ${c.sources.map((s) => html`<td data-source=${s.source}>${s.itemSites > 0 ? f.percent(s.wape) : '—'}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="note">${t.modelNote}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-model-accuracy': NovaModelAccuracy;
  }
}
