import { html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Manifest, NovaClient, Site } from '@nova-corrente/core';
import { NovaElement } from '../internal/nova-base.js';
import { ClientProvision } from '../internal/client-provision.js';
import { controlStyles, themeStyles } from '../internal/theme.js';
import { addDays } from '../internal/dates.js';
import type { ItemSelectDetail, RangeChangeDetail } from '../internal/events.js';
import { RISK_TABLE_KINDS } from '../internal/risk-kinds.js';
import type { RiskTableKind } from '../internal/risk-kinds.js';
import { formatHash, parseHash } from '../internal/hash.js';
import type { DashboardState } from '../internal/hash.js';
import { dashboardStyles } from './nova-dashboard.styles.js';

/**
 * The whole dashboard: key figures, items at risk, item search, date range, site, the forecast and
 * inventory charts of the selected item, and the model comparison. Selecting an item in the risk table or the search drills
 * down; the view (item, dates, risk kind) lives in the URL hash so it can be shared.
 *
 * @tagname nova-dashboard
 * @summary Composed analytics dashboard with drilldown.
 *
 * @fires nova-view-change - The view changed; `detail` is the {@link DashboardState}.
 *
 * @csspart header - The title bar.
 * @csspart panel - Each panel.
 *
 * @cssproperty --nova-gap - Space between panels.
 * @cssproperty --nova-panel-surface - Panel background.
 */
export class NovaDashboard extends NovaElement {
  static override styles = [themeStyles, controlStyles, dashboardStyles];

  /** Do not read or write the URL hash. */
  @property({ attribute: 'no-hash', type: Boolean }) noHash = false;
  /** Rows of the risk table. */
  @property({ type: Number, reflect: true }) limit = 15;

  /** Selected item. */
  @property({ attribute: 'item-id', reflect: true }) itemId?: string;
  /** First date of the view. */
  @property({ reflect: true }) start?: string;
  /** Last date of the view. */
  @property({ reflect: true }) end?: string;
  /** Risk kind listed. */
  @property({ reflect: true }) kind: RiskTableKind = 'stockout';
  /** Site (warehouse) shown; absent = all sites, summed. */
  @property({ attribute: 'site-id', reflect: true }) siteId?: string;

  @state() private manifest?: Manifest;
  @state() private sites: Site[] = [];
  @state() private error = '';
  /**
   * The model comparison (below the fold) is added once the item's two charts have finished their
   * first load (or there is no item to chart): its reads and decoding no longer compete on the main
   * thread with the panels a planner looks at first.
   */
  @state() private chartsSettled = false;
  private readonly chartsLoaded = new Set<string>();

  /** Shares the dashboard's client with the elements it renders; a new client starts the view again. */
  private readonly provider = new ClientProvision(this, (p) => {
    this.manifest = undefined;
    this.error = '';
    p?.then(
      (c) => {
        if (this.provider.value === p) void this.init(c);
      },
      (e: unknown) => {
        if (this.provider.value === p) this.error = e instanceof Error ? e.message : String(e);
      },
    );
  });
  private readonly onHashChange = () => this.applyHash();
  private unsubscribe?: () => void;

  /** The client the dashboard shares with its panels (a promise while it is being created); `sql()` runs on it. */
  get clientReady(): Promise<NovaClient> | undefined {
    return this.provider.value;
  }

  /** The current view state. */
  get view(): DashboardState {
    return { item: this.itemId, start: this.start, end: this.end, kind: this.kind, site: this.siteId };
  }

  override connectedCallback(): void {
    // The manifest request leaves before the first render (see NovaDataElement.connectedCallback).
    this.provider.start();
    super.connectedCallback();
    if (!this.noHash) {
      this.applyHash();
      window.addEventListener('hashchange', this.onHashChange);
    }
    // Re-attached after a move in the DOM: follow snapshot changes again.
    if (this.hasUpdated) this.provider.value?.then((c) => this.init(c)).catch(() => undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private applyHash(): void {
    const s = parseHash(location.hash);
    if (s.item) this.itemId = s.item;
    if (s.start) this.start = s.start;
    if (s.end) this.end = s.end;
    if (s.kind) this.kind = s.kind;
    if (s.site) this.siteId = s.site;
  }

  private async init(client: NovaClient): Promise<void> {
    const m = client.manifest;
    if (!this.end) this.end = m.date_range.max;
    if (!this.start) this.start = addDays(m.as_of, -179) < m.date_range.min ? m.date_range.min : addDays(m.as_of, -179);
    this.manifest = m;
    this.unsubscribe?.();
    this.unsubscribe = client.on('snapshot', (next) => {
      this.manifest = next;
      void client.sites().then((s) => (this.sites = s), () => undefined);
    });
    void client.sites().then((s) => (this.sites = s), () => undefined);
    if (!this.itemId) {
      try {
        // The most urgent stockout (the risk table's top row in the default view), from the
        // ranking's key columns only: the charts start their reads without waiting for the risk
        // table's wider read of the same row group to be decoded (traced: 190 ms later at 5,000 items).
        const top = await client.riskTop({ kind: 'stockout' });
        this.itemId ??= top?.item_id ?? (await client.items({ limit: 1 })).items[0]?.item_id;
      } catch {
        /* the charts show their own errors */
      }
    }
    if (!this.itemId) this.chartsSettled = true;
  }

  /** A chart of the detail section finished a load: once both have, the model comparison comes. */
  private onChartLoad(e: Event): void {
    if (this.chartsSettled) return;
    const tag = (e.composedPath()[0] as Element).localName;
    if (tag === 'nova-forecast-chart' || tag === 'nova-inventory-chart') this.chartsLoaded.add(tag);
    if (this.chartsLoaded.size === 2) this.chartsSettled = true;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (['itemId', 'start', 'end', 'kind', 'siteId'].some((k) => changed.has(k))) {
      if (!this.noHash && this.manifest) {
        const hash = formatHash(this.view);
        if (location.hash.replace(/^#/, '') !== hash) history.replaceState(history.state, '', `#${hash}`);
      }
      this.dispatchEvent(new CustomEvent('nova-view-change', { detail: this.view, bubbles: true, composed: true }));
    }
  }

  private onSelect(e: CustomEvent<ItemSelectDetail>): void {
    if (e.detail?.itemId) this.itemId = e.detail.itemId;
  }

  private onRange(e: CustomEvent<RangeChangeDetail>): void {
    this.start = e.detail.start;
    this.end = e.detail.end;
  }

  override render() {
    const t = this.fmt.t;
    const m = this.manifest;
    const common = { locale: this.locale, theme: this.theme };
    if (this.error) return html`<div class="state error" role="alert">${t.errorPrefix}: ${this.error}</div>`;
    return html`<header part="header">
        <h1>${t.dashboardTitle}</h1>
        <nova-last-updated locale=${common.locale ?? nothing} theme=${common.theme ?? nothing} stale-after-days=${this.staleAfterDays}></nova-last-updated>
      </header>
      <div class="controls">
        <nova-item-picker locale=${common.locale ?? nothing} theme=${common.theme ?? nothing} @nova-item-select=${this.onSelect}></nova-item-picker>
        <nova-date-range locale=${common.locale ?? nothing} theme=${common.theme ?? nothing} .start=${this.start} .end=${this.end}
          min=${m?.date_range.min ?? nothing} max=${m?.date_range.max ?? nothing} anchor=${m?.as_of ?? nothing}
          @nova-range-change=${this.onRange}></nova-date-range>
        ${this.sites.length > 1
          ? html`<label class="site">${t.site}
              <select id="site" part="site" @change=${(e: Event) => (this.siteId = (e.target as HTMLSelectElement).value || undefined)}>
                <option value="" ?selected=${!this.siteId}>${t.allSites}</option>
                ${this.sites.map((s) => html`<option value=${s.site_id} ?selected=${s.site_id === this.siteId}>${s.name} (${s.site_id})</option>`)}
              </select></label>`
          : nothing}
      </div>
      ${m
        ? html`<nova-kpis part="panel" class="panel" locale=${common.locale ?? nothing} theme=${common.theme ?? nothing} start=${this.start ?? nothing} end=${this.end ?? nothing} site-id=${this.siteId ?? nothing}></nova-kpis>`
        : html`<div class="state loading" role="status">${t.loading}</div>`}
      <div class="grid">
        <section class="panel risk" part="panel" aria-label=${t.riskKind}>
          <div class="kind">
            <label for="kind">${t.riskKind}</label>
            <select id="kind" .value=${this.kind} @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as RiskTableKind)}>
              ${RISK_TABLE_KINDS.map((k) => html`<option value=${k} ?selected=${k === this.kind}>${t.riskKinds[k]}</option>`)}
            </select>
          </div>
          <nova-risk-table locale=${common.locale ?? nothing} theme=${common.theme ?? nothing} kind=${this.kind} limit=${this.limit} site-id=${this.siteId ?? nothing}
            selected-item=${this.itemId ?? nothing} @nova-item-select=${this.onSelect}></nova-risk-table>
        </section>
        <section class="detail" aria-live="off" @nova-load=${this.onChartLoad}>
          ${this.itemId && m
            ? html`<nova-forecast-chart part="panel" class="panel" locale=${common.locale ?? nothing} theme=${common.theme ?? nothing}
                  stale-after-days=${this.staleAfterDays} item-id=${this.itemId} site-id=${this.siteId ?? nothing} start=${this.start ?? nothing} end=${this.end ?? nothing}></nova-forecast-chart>
                <nova-inventory-chart part="panel" class="panel" locale=${common.locale ?? nothing} theme=${common.theme ?? nothing}
                  stale-after-days=${this.staleAfterDays} item-id=${this.itemId} site-id=${this.siteId ?? nothing} start=${this.start ?? nothing} end=${this.end ?? nothing}></nova-inventory-chart>`
            : html`<p class="panel placeholder">${m ? t.selectItem : t.loading}</p>`}
        </section>
      </div>
      ${m && this.chartsSettled
        ? html`<nova-model-accuracy part="panel" class="panel" locale=${common.locale ?? nothing} theme=${common.theme ?? nothing}></nova-model-accuracy>`
        : m ? html`<div class="panel placeholder" role="status">${t.loading}</div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-dashboard': NovaDashboard;
  }
  interface HTMLElementEventMap {
    'nova-view-change': CustomEvent<DashboardState>;
  }
}
