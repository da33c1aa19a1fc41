import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import type { NovaClient } from '@nova-corrente/core';
import { ClientProvision } from '../internal/client-provision.js';
import { emit } from '../internal/events.js';
import { providerStyles } from './nova-provider.styles.js';
import type { ClientErrorDetail, ClientReadyDetail } from '../internal/events.js';

/**
 * Creates one SDK client for a gold root and shares it (through `@lit/context`) with every Nova
 * element inside it.
 *
 * @tagname nova-provider
 * @summary Shares one data client with the elements inside.
 *
 * @slot - The Nova elements that use this provider's client.
 *
 * @fires nova-client-ready - The client is ready; `detail.manifest` is the pinned manifest.
 * @fires nova-client-error - The client could not be created; `detail.message` says why.
 */
export class NovaProvider extends LitElement {
  static override styles = providerStyles;

  /** Gold root URL (ends with `/`). */
  @property({ reflect: true }) src?: string;
  /** Where DuckDB-WASM files are served from (only `sql()` loads them). */
  @property({ attribute: 'duckdb-url' }) duckdbUrl?: string;
  /** A client to share instead of creating one from `src`. */
  @property({ attribute: false }) client?: NovaClient;

  private readonly provider = new ClientProvision(this, (p) =>
    p?.then(
      (c) => {
        if (this.provider.value === p) emit<ClientReadyDetail>(this, 'nova-client-ready', { manifest: c.manifest });
      },
      (e: unknown) => {
        if (this.provider.value === p) emit<ClientErrorDetail>(this, 'nova-client-error', { message: e instanceof Error ? e.message : String(e) });
      },
    ),
  );

  override connectedCallback(): void {
    // The manifest request leaves before the first render (see NovaDataElement.connectedCallback).
    this.provider.start();
    super.connectedCallback();
  }

  /** The shared client (a promise while it is being created). */
  get clientReady(): Promise<NovaClient> | undefined {
    return this.provider.value;
  }

  override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-provider': NovaProvider;
  }
  interface HTMLElementEventMap {
    'nova-client-ready': CustomEvent<ClientReadyDetail>;
    'nova-client-error': CustomEvent<ClientErrorDetail>;
  }
}
