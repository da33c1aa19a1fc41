import { ContextProvider } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { NovaClient } from '@nova-corrente/core';
import { novaClientContext } from './context.js';
import { ownClient, ownSourceKey } from './client-loader.js';
import type { ClientSource } from './client-loader.js';

type Host = ReactiveControllerHost & HTMLElement & ClientSource;

/**
 * Shares a host's client with the elements inside it (a `ContextProvider`): the host's `client`,
 * else the shared client of its `src`. Used by `<nova-provider>` and `<nova-dashboard>`; `onChange`
 * hears every new client (a promise) before the host renders.
 */
export class ClientProvision implements ReactiveController {
  private readonly provider: ContextProvider<typeof novaClientContext, Host>;
  private key: unknown = null;

  constructor(
    private readonly host: Host,
    private readonly onChange: (client: Promise<NovaClient> | undefined) => void = () => undefined,
  ) {
    host.addController(this);
    this.provider = new ContextProvider(host, { context: novaClientContext });
  }

  /** The shared client (a promise while it is being created). */
  get value(): Promise<NovaClient> | undefined {
    return this.provider.value;
  }

  /** Starts creating the host's client before its first render (the host calls it before Lit's `connectedCallback`). */
  start(): void {
    ownClient(this.host)?.catch(() => undefined);
  }

  hostUpdate(): void {
    const key = ownSourceKey(this.host);
    if (key === this.key) return;
    this.key = key;
    const p = ownClient(this.host);
    this.provider.setValue(p);
    this.onChange(p);
  }
}
