import { createClient } from '@nova-corrente/core';
import type { ClientOptions, NovaClient } from '@nova-corrente/core';

const clients = new Map<string, Promise<NovaClient>>();

/** Resolves `src` against the page and makes sure it ends with `/`. */
export function normaliseSrc(src: string): string {
  const abs = new URL(src, globalThis.location?.href ?? 'http://localhost/').href;
  return abs.endsWith('/') || abs.endsWith('manifest.json') ? abs.replace(/manifest\.json$/, '') : `${abs}/`;
}

/**
 * One client per gold root: elements with the same `src` share it (so two standalone charts on a
 * page read the manifest once). Imported statically: a lazy import would add a round trip before
 * the manifest request on every cold page load.
 */
export function clientFor(src: string, extra: Partial<ClientOptions> = {}): Promise<NovaClient> {
  const url = normaliseSrc(src);
  const key = `${url}|${extra.duckdbBundleUrl ?? ''}`;
  let p = clients.get(key);
  if (!p) {
    // Called synchronously (createClient is async, so it cannot throw here): the manifest request
    // leaves within this microtask checkpoint, before an element's first render (see NovaDataElement).
    p = createClient({ ...extra, url });
    clients.set(key, p);
    p.catch(() => clients.delete(key));
  }
  return p;
}

/** What an element or a provider reads its client from. */
export interface ClientSource {
  client?: NovaClient;
  src?: string | null;
  duckdbUrl?: string | null;
}

/**
 * Identity of an element's own client source: the `client` object, else `src` + `duckdb-url`,
 * else undefined. Equal identities give the same client (see `clientFor`).
 */
export function ownSourceKey(el: ClientSource): unknown {
  if (el.client) return el.client;
  return el.src ? `src:${el.src}|${el.duckdbUrl ?? ''}` : undefined;
}

/**
 * The client an element's own attributes give: its `client` property first, else the shared
 * client of its `src` (with `duckdb-url` for `sql()`), else undefined (use the provider's).
 */
export function ownClient(el: ClientSource): Promise<NovaClient> | undefined {
  if (el.client) return Promise.resolve(el.client);
  if (el.src) return clientFor(el.src, el.duckdbUrl ? { duckdbBundleUrl: el.duckdbUrl } : {});
  return undefined;
}
