import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Manifest, NovaClient } from '@nova-corrente/core';
import { NovaDataElement } from '../internal/nova-element.js';
import { themeStyles } from '../internal/theme.js';
import { lastUpdatedStyles } from './nova-last-updated.styles.js';

/**
 * When the data was built and by which models, with a stale flag per forecast source and a
 * refresh button that re-reads the manifest.
 *
 * @tagname nova-last-updated
 * @summary Snapshot date, models and refresh.
 *
 * @fires nova-load - When a load ends.
 *
 * @csspart refresh - The refresh button.
 * @csspart stale - The stale-data flag.
 */
export class NovaLastUpdated extends NovaDataElement<Manifest> {
  static override styles = [themeStyles, lastUpdatedStyles];

  @state() private note = '';

  /** The manifest shown. */
  get manifest(): Manifest | undefined {
    return this.data;
  }

  protected queryKey(): string {
    return '';
  }

  protected async fetchData(client: NovaClient): Promise<Manifest | null> {
    return client.manifest;
  }

  /** Re-reads the manifest; resolves to true when a new snapshot was loaded. */
  async refresh(): Promise<boolean> {
    const client = this.activeClient;
    if (!client) return false;
    const t = this.fmt.t;
    try {
      const changed = await client.refresh();
      this.note = changed ? t.refreshed : t.unchanged;
      if (changed) await this.reload();
      return changed;
    } catch (e) {
      this.note = this.describeError(e);
      return false;
    }
  }

  override render() {
    const state = this.renderState();
    if (state !== nothing || !this.data) return state;
    const f = this.fmt;
    const t = f.t;
    const m = this.data;
    const now = (this.now ?? new Date()).getTime();
    return html`<div class="row">
        <span class="label">${t.lastUpdated}:</span>
        <time datetime=${m.created_at}>${f.dateTime(m.created_at)}</time>
        <span class="label">${t.snapshot} <code>${m.snapshot_id}</code></span>
        <button type="button" class="action" part="refresh" @click=${() => this.refresh()}>${t.refresh}</button>
        <span class="note" role="status">${this.note}</span>
      </div>
      <ul>
        ${m.ml.map((ml) => {
          const age = Math.floor((now - Date.parse(ml.generated_at)) / 86_400_000);
          return html`<li data-source=${ml.source}>
            ${t.generatedBy(ml.model_version, ml.source, f.dateTime(ml.generated_at))}
            ${age > this.staleAfterDays ? html`<span class="stale" part="stale">${t.stale(age)}</span>` : nothing}
          </li>`;
        })}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-last-updated': NovaLastUpdated;
  }
}
