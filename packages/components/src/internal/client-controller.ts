import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { NovaClient } from '@nova-corrente/core';
import { novaClientContext } from './context.js';
import { ownClient, ownSourceKey } from './client-loader.js';
import type { ClientSource } from './client-loader.js';

type Host = ReactiveControllerHost & HTMLElement & ClientSource;

/** Names of the ancestors (across shadow roots) that are custom elements not defined yet: each may be a provider. */
function undefinedAncestors(el: Element): string[] {
  const names: string[] = [];
  let node: Node | null = el.parentNode;
  while (node) {
    if (node.nodeType === Node.DOCUMENT_FRAGMENT_NODE) node = (node as ShadowRoot).host ?? null;
    else {
      const name = (node as Element).localName ?? '';
      if (name.includes('-') && !customElements.get(name)) names.push(name);
      node = node.parentNode;
    }
  }
  return names;
}

/**
 * The client of a data element: its own `client` property, else the shared client of its `src`,
 * else the one a provider shares through context (a `ContextConsumer`). Watches the client's
 * snapshot changes while the host is connected and calls `onChange` when the data must be read
 * again: a new snapshot, or an ancestor that was not upgraded yet has been (it may be a provider
 * defined after this element: the context request is made again).
 */
export class ClientController implements ReactiveController {
  private readonly context: ContextConsumer<typeof novaClientContext, Host>;
  private watched?: NovaClient;
  private snapshotId?: string;
  private unsubscribe?: () => void;
  /** A provider answered the context request (its value may still be undefined). */
  private answered = false;

  constructor(
    private readonly host: Host,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
    this.context = new ContextConsumer(host, {
      context: novaClientContext,
      subscribe: true,
      callback: () => (this.answered = true),
    });
  }

  /** Changes whenever the element's client may be another one (a task argument). */
  get source(): unknown {
    return ownSourceKey(this.host) ?? this.context.value;
  }

  /** The client (a promise while it is being created), or undefined when none is known yet. */
  get(): Promise<NovaClient> | undefined {
    return ownClient(this.host) ?? this.context.value;
  }

  /**
   * Starts creating the element's own client (its `src`), if it has one and it is not started yet,
   * so that the manifest request leaves before the element's first render rather than after it.
   * The host calls this before Lit's `connectedCallback` (which queues the first update).
   */
  start(): void {
    ownClient(this.host)?.catch(() => undefined);
  }

  /** No client yet, but a provider answered (its client is on the way) or may still be upgraded. */
  get awaitingProvider(): boolean {
    return this.answered || undefinedAncestors(this.host).length > 0;
  }

  /** The client of the last load. */
  get current(): NovaClient | undefined {
    return this.watched;
  }

  /** Follows `client`'s snapshot changes (once per client). */
  watch(client: NovaClient): void {
    this.snapshotId = client.manifest.snapshot_id;
    if (this.watched === client && this.unsubscribe) return;
    this.unsubscribe?.();
    this.watched = client;
    this.subscribe();
  }

  private subscribe(): void {
    const client = this.watched;
    if (!client) return;
    this.unsubscribe = client.on('snapshot', () => {
      this.snapshotId = client.manifest.snapshot_id;
      this.onChange();
    });
  }

  hostConnected(): void {
    for (const name of new Set(undefinedAncestors(this.host))) {
      void customElements.whenDefined(name).then(() => {
        if (this.answered || !this.host.isConnected) return;
        this.context.hostConnected(); // ask again: the new element may be a provider
        this.onChange();
      });
    }
    if (this.watched && !this.unsubscribe) {
      this.subscribe();
      // A snapshot swapped while the element was out of the page: read again.
      if (this.watched.manifest.snapshot_id !== this.snapshotId) this.onChange();
    }
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
