import { NovaError } from '../errors.js';
import { HttpSource } from '../io/http-source.js';
import { WasmEngine } from '../sql/wasm-engine.js';
import type { ClientOptions, NovaClient } from '../types.js';
import { openClient } from './client.js';

/** Resolves the gold root URL (relative URLs against the page), with a trailing slash. */
export function goldRootUrl(url: unknown): string {
  if (typeof url !== 'string' || url === '') throw new NovaError('invalid_argument', 'createClient({ url }) needs the gold root URL, e.g. "https://host/gold/"');
  let u: URL;
  try {
    u = new URL(url, globalThis.location?.href);
  } catch {
    throw new NovaError('invalid_argument', `url ${JSON.stringify(url)} is not a URL; give the gold root, e.g. "https://host/gold/"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new NovaError('invalid_argument', `url ${JSON.stringify(url)} must be http(s); for a local folder use @nova-corrente/core/node`);
  }
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

/**
 * Opens a client on a gold root served over HTTP(S): reads and validates `manifest.json`, pins its
 * snapshot. Typed queries read Parquet with Range requests; `sql()` starts DuckDB-WASM on first use.
 *
 * @example
 * const nova = await createClient({ url: 'https://host/gold/' });
 * const ts = await nova.timeseries({ itemId: 'ITM-00042', start: '2026-06-01', end: '2026-06-30' });
 */
export async function createClient(opts: ClientOptions): Promise<NovaClient> {
  const root = goldRootUrl(opts?.url);
  const source = new HttpSource(root, opts);
  const bundle = opts.duckdbBundleUrl ?? new URL('./duckdb/', import.meta.url).href;
  return openClient(source, () => new WasmEngine(bundle, opts.timeoutMs), opts);
}
