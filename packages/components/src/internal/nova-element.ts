import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { NovaClient } from '@nova-corrente/core';
import { novaClientContext } from './context.js';
import { ownClient } from './client-loader.js';
import { emit } from './events.js';
import type { ExportDetail } from './export.js';
import { InvalidInput } from './lookup.js';
import { formatter, resolveLocale } from '../i18n/index.js';
import type { Formatter } from '../i18n/index.js';
import type { LoadDetail } from './events.js';

/** Load state of a data element. */
export type LoadStatus = 'idle' | 'no-source' | 'invalid' | 'loading' | 'ready' | 'empty' | 'error';

/** Provenance shown under every chart. */
export interface Provenance {
  source: string;
  model_version: string;
  generated_at: string;
}

/**
 * Base of every element that reads data: resolves the client (`client` property, own `src`, or the
 * one shared by `<nova-provider>`), validates attributes, runs one abortable load per change of its
 * query, reloads on a new snapshot, and renders the loading / empty / error states with a retry.
 */
export abstract class NovaDataElement<T> extends LitElement {
  /** Gold root URL; makes the element work without a `<nova-provider>`. */
  @property({ reflect: true }) src?: string;
  /** `pt-BR` (default) or `en`. */
  @property({ reflect: true }) locale?: string;
  /** `light` or `dark`; follows the OS preference when unset. */
  @property({ reflect: true }) theme?: string;
  /** Data generated more than this many days ago is flagged as stale. */
  @property({ attribute: 'stale-after-days', type: Number, reflect: true }) staleAfterDays = 30;
  /** Where DuckDB-WASM files are served from (only used by `sql()`, never by the elements). */
  @property({ attribute: 'duckdb-url' }) duckdbUrl?: string;
  /** A client to use instead of `src` or the provider's. */
  @property({ attribute: false }) client?: NovaClient;
  /** Clock used for the stale flag (tests pin it). */
  @property({ attribute: false }) now?: Date;

  @consume({ context: novaClientContext, subscribe: true })
  @state()
  protected contextClient?: Promise<NovaClient>;

  @state() protected status: LoadStatus = 'idle';
  @state() protected message = '';
  @state() protected data?: T;

  /** The client of the last load. */
  protected activeClient?: NovaClient;
  private controller?: AbortController;
  private lastKey?: string;
  private unsubscribe?: () => void;
  private watched?: NovaClient;

  /** The load state, for host pages and tests. */
  get loadStatus(): LoadStatus {
    return this.status;
  }

  /** Resolves when the current load (if any) has settled and rendered. */
  get loadComplete(): Promise<LoadStatus> {
    return this.pending.then(() => this.updateComplete).then(() => this.status);
  }
  private pending: Promise<void> = Promise.resolve();

  protected get fmt(): Formatter {
    return formatter(resolveLocale(this.locale));
  }

  /** A string of everything the query depends on. */
  protected abstract queryKey(): string;
  /** A clear message when an attribute is invalid, else null. */
  protected validate(): string | null {
    return null;
  }
  /** Loads the data; null means "nothing to show" (empty state). */
  protected abstract fetchData(client: NovaClient, signal: AbortSignal): Promise<T | null>;
  /** Turns a load error into the message shown. */
  protected describeError(err: unknown): string {
    const msg = err instanceof Error ? err.message : String(err);
    return `${this.fmt.t.errorPrefix}: ${msg}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.lastKey !== undefined) {
      this.lastKey = undefined;
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.watched = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const key = `${this.src ?? ''}|${this.duckdbUrl ?? ''}|${this.queryKey()}`;
    if (key !== this.lastKey || changed.has('client') || changed.has('contextClient')) {
      this.lastKey = key;
      this.pending = this.reload();
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('status') && this.status !== 'loading' && this.status !== 'idle') {
      emit(this, 'nova-load', { status: this.status, message: this.message });
    }
  }

  /** Runs the load again (the retry button calls this). */
  async reload(): Promise<void> {
    this.controller?.abort();
    const ctl = new AbortController();
    this.controller = ctl;
    const invalid = this.validate();
    if (invalid) {
      this.status = 'invalid';
      this.message = invalid;
      this.data = undefined;
      return;
    }
    const clientPromise = ownClient(this) ?? this.contextClient;
    if (!clientPromise) {
      if (this.insideProvider()) {
        // The provider sets its client on its first update; the context subscription reloads us.
        this.status = 'loading';
        return;
      }
      this.status = 'no-source';
      this.message = this.fmt.t.noSource;
      return;
    }
    this.status = 'loading';
    try {
      const client = await clientPromise;
      if (ctl.signal.aborted) return;
      this.activeClient = client;
      this.watch(client);
      const t0 = performance.now();
      const pendingData = this.fetchData(client, ctl.signal);
      // The page's first Intl object loads locale data (~40 ms): do it while the reads are on the network.
      const fmt = this.fmt;
      setTimeout(() => fmt.warm(), 0);
      const data = await pendingData;
      if (ctl.signal.aborted) return;
      // User-timing entry per load (visible in DevTools and to `performance.getEntriesByType`).
      performance.measure?.(`nova:${this.localName}:fetch`, { start: t0, end: performance.now() });
      this.data = data ?? undefined;
      this.message = '';
      this.status = data === null ? 'empty' : 'ready';
    } catch (err) {
      if (ctl.signal.aborted) return;
      this.data = undefined;
      this.message = err instanceof InvalidInput ? err.message : this.describeError(err);
      this.status = err instanceof InvalidInput ? 'invalid' : 'error';
    }
  }

  private insideProvider(): boolean {
    let node: Node | null = this;
    while (node) {
      const el = node as Element;
      if (el.localName === 'nova-provider' || el.localName === 'nova-dashboard') return true;
      node = el.parentNode ?? ((node as unknown as ShadowRoot).host || null);
      if (node && node.nodeType === 11) node = (node as ShadowRoot).host;
    }
    return false;
  }

  private watch(client: NovaClient): void {
    if (this.watched === client) return;
    this.unsubscribe?.();
    this.watched = client;
    this.unsubscribe = client.on('snapshot', () => {
      this.pending = this.reload();
    });
  }

  /** The non-ready states, or `nothing` when ready. */
  protected renderState(): TemplateResult | typeof nothing {
    const t = this.fmt.t;
    switch (this.status) {
      case 'ready':
        return nothing;
      case 'idle':
      case 'loading':
        return html`<div class="state loading" part="state loading" role="status" aria-live="polite">${t.loading}</div>`;
      case 'empty':
        return html`<div class="state empty" part="state empty" role="status">${t.empty}
          <button type="button" @click=${() => (this.pending = this.reload())}>${t.retry}</button></div>`;
      case 'invalid':
      case 'no-source':
        return html`<div class="state error invalid" part="state error" role="alert">${this.message}</div>`;
      case 'error':
        return html`<div class="state error" part="state error" role="alert">${this.message}
          <button type="button" @click=${() => (this.pending = this.reload())}>${t.retry}</button></div>`;
    }
  }

  /** "Model X (source), generated on …" plus the stale flag. */
  protected renderProvenance(p: Provenance | undefined): TemplateResult | typeof nothing {
    if (!p) return nothing;
    const f = this.fmt;
    const ageDays = Math.floor(((this.now ?? new Date()).getTime() - Date.parse(p.generated_at)) / 86_400_000);
    const stale = Number.isFinite(ageDays) && ageDays > this.staleAfterDays;
    return html`<p class="provenance" part="provenance">
      <span class="model">${f.t.generatedBy(p.model_version, p.source, f.dateTime(p.generated_at))}</span>
      ${stale ? html`<span class="stale" part="stale">${f.t.stale(ageDays)}</span>` : nothing}
    </p>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    /** Every data element, when a load ends. */
    'nova-load': CustomEvent<LoadDetail>;
    /** The risk table and the charts, when a CSV export is made (cancelable: cancel to skip the download). */
    'nova-export': CustomEvent<ExportDetail>;
  }
}
