import type { ClientOptions, NovaClient } from '@nova-corrente/core';

type CreateClient = (options: ClientOptions) => NovaClient | Promise<NovaClient>;

const clients = new Map<string, Promise<NovaClient>>();

/** Resolves `src` against the page and makes sure it ends with `/`. */
export function normaliseSrc(src: string): string {
  const abs = new URL(src, globalThis.location?.href ?? 'http://localhost/').href;
  return abs.endsWith('/') || abs.endsWith('manifest.json') ? abs.replace(/manifest\.json$/, '') : `${abs}/`;
}

/**
 * One client per gold root: elements with the same `src` share it (so two standalone charts on a
 * page read the manifest once). The SDK module is loaded on first use.
 */
export function clientFor(src: string, extra: Partial<ClientOptions> = {}): Promise<NovaClient> {
  const url = normaliseSrc(src);
  const key = `${url}|${extra.duckdbBundleUrl ?? ''}`;
  let p = clients.get(key);
  if (!p) {
    p = (async () => {
      const core = (await import('@nova-corrente/core')) as unknown as { createClient?: CreateClient };
      if (typeof core.createClient !== 'function') throw new Error('@nova-corrente/core does not export createClient');
      return core.createClient({ ...extra, url });
    })();
    clients.set(key, p);
    p.catch(() => clients.delete(key));
  }
  return p;
}
