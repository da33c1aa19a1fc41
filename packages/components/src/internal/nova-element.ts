import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { NovaClient } from '@nova-corrente/core';
import { NovaElement } from './nova-base.js';
import { ClientController } from './client-controller.js';
import { emit } from './events.js';
import type { ExportDetail } from './export.js';
import { InvalidInput } from './lookup.js';
import type { LoadDetail } from './events.js';

/** Load state of a data element. */
export type LoadStatus = 'idle' | 'no-source' | 'invalid' | 'loading' | 'ready' | 'empty' | 'error';

/** Provenance shown under every chart. */
export interface Provenance {
  source: string;
  model_version: string;
  generated_at: string;
}

/** No `src`, no `client` and no provider: shown as a message, no retry. */
class NoSource extends Error {}

/**
 * Base of every element that reads data. A `ClientController` resolves the client (`client`
 * property, own `src`, or the one a `<nova-provider>` shares through context) and follows its
 * snapshots; a `Task` runs one abortable load per change of the client or of the query (`queryKey`)
 * and renders the loading / empty / error states with a retry.
 */
export abstract class NovaDataElement<T> extends NovaElement {
  /** Clock used for the stale flag (tests pin it). */
  @property({ attribute: false }) now?: Date;

  protected readonly clients = new ClientController(this, () => void this.task.run());

  protected readonly task = new Task<[unknown, string], T | null>(this, {
    task: (_args, { signal }) => this.load(signal),
    args: () => [this.clients.source, this.queryKey()],
  });

  /** Runs counted by the task, and the last one reported by `nova-load`. */
  private runs = 0;
  private reported = 0;
  /** A load was cut short by leaving the page: run it again on return. */
  private interrupted = false;

  override connectedCallback(): void {
    // Before Lit's own connectedCallback, which parses the styles and queues the first render: the
    // client's manifest request leaves first, and its answer is handled while the loading state is
    // drawn (traced: the first gold reads left 40-60 ms after the loading state's render and paint).
    this.clients.start();
    super.connectedCallback();
    if (this.interrupted) {
      this.interrupted = false;
      void this.reload();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.task.status === TaskStatus.PENDING) {
      this.interrupted = true;
      this.task.abort();
    }
  }

  /** The load state, for host pages and tests. */
  get loadStatus(): LoadStatus {
    return this.status;
  }

  /** Resolves when the current load (if any) has settled and rendered. */
  get loadComplete(): Promise<LoadStatus> {
    return this.task.taskComplete.then(
      () => undefined,
      () => undefined,
    ).then(() => this.updateComplete).then(() => this.status);
  }

  /** The client of the last load. */
  protected get activeClient(): NovaClient | undefined {
    return this.clients.current;
  }

  /** The last loaded data (kept while the next load is pending; cleared by an error). */
  protected get data(): T | undefined {
    return this.task.value ?? undefined;
  }

  protected get status(): LoadStatus {
    switch (this.task.status) {
      case TaskStatus.INITIAL:
        return this.runs > 0 ? 'loading' : 'idle';
      case TaskStatus.PENDING:
        return 'loading';
      case TaskStatus.COMPLETE:
        return this.task.value === null ? 'empty' : 'ready';
      case TaskStatus.ERROR: {
        const err = this.task.error;
        return err instanceof NoSource ? 'no-source' : err instanceof InvalidInput ? 'invalid' : 'error';
      }
    }
  }

  /** What failed (error, invalid, no source), else empty. */
  protected get message(): string {
    if (this.task.status !== TaskStatus.ERROR) return '';
    const err = this.task.error;
    return err instanceof NoSource || err instanceof InvalidInput ? err.message : this.describeError(err);
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

  /** The task's body: validate, find the client, fetch. */
  private async load(signal: AbortSignal): Promise<T | null | typeof initialState> {
    this.runs++;
    // Messages (invalid attributes, errors) in the element's language.
    if (!this.strings.isReady) await this.strings.ready();
    const invalid = this.validate();
    if (invalid) throw new InvalidInput(invalid);
    const clientPromise = this.clients.get();
    if (!clientPromise) {
      // Inside a provider whose client is on the way: the context update runs the task again.
      if (this.clients.awaitingProvider) return initialState;
      throw new NoSource(this.fmt.t.noSource);
    }
    const client = await clientPromise;
    signal.throwIfAborted();
    this.clients.watch(client);
    const t0 = performance.now();
    const pendingData = this.fetchData(client, signal);
    // The page's first Intl objects load locale data (~40 ms): make them while the reads are on the network.
    this.fmt.warm();
    const data = await pendingData;
    // The render that shows the data formats numbers and dates: wait (if need be) for the first Intl
    // objects, made in background tasks, rather than load ICU data inside that render.
    await this.fmt.ready();
    // User-timing entry per load (visible in DevTools and to `performance.getEntriesByType`).
    performance.measure?.(`nova:${this.localName}:fetch`, { start: t0, end: performance.now() });
    return data;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const status = this.status;
    if (status !== 'loading' && status !== 'idle' && this.reported !== this.runs) {
      this.reported = this.runs;
      emit<LoadDetail>(this, 'nova-load', { status, message: this.message });
    }
  }

  /** Runs the load again (the retry button calls this). */
  async reload(): Promise<void> {
    await this.task.run().catch(() => undefined);
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
          <button type="button" @click=${() => this.reload()}>${t.retry}</button></div>`;
      case 'invalid':
      case 'no-source':
        return html`<div class="state error invalid" part="state error" role="alert">${this.message}</div>`;
      case 'error':
        return html`<div class="state error" part="state error" role="alert">${this.message}
          <button type="button" @click=${() => this.reload()}>${t.retry}</button></div>`;
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
