import { NovaError } from '../errors.js';
import { HttpSource } from '../io/http-source.js';
import { lazyEngine } from '../sql/engine.js';
import type { DuckdbUrls } from '../sql/bundle-urls.js';
import type { ClientOptions, NovaClient } from '../types.js';
import { openClient } from './client.js';

const DEFAULT_DUCKDB_FOLDER = 'duckdb/';

/** Resolves the gold root URL (relative URLs against the page), with a trailing slash. */
export function goldRootUrl(url: unknown): string {
  if (typeof url !== 'string' || url === '') throw new NovaError('invalid_argument', 'createClient({ url }) needs the gold root URL, e.g. "https://host/gold/"');
  let u: URL;
  try {
    u = new URL(url, globalThis.location?.href);
  } catch {
    const hint = globalThis.location ? '' : ' (outside a page relative URLs have no base: for a local folder in Node import createClient from @nova-corrente/core/node)';
    throw new NovaError('invalid_argument', `url ${JSON.stringify(url)} is not a URL; give the gold root, e.g. "https://host/gold/"${hint}`);
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
 * const ts = await nova.timeseries({ itemId: 'MAT-000001', start: '2026-06-01', end: '2026-06-30' });
 */
export async function createClient(opts: ClientOptions): Promise<NovaClient> {
  const root = goldRootUrl(opts?.url);
  const source = new HttpSource(root, opts);
  // Default folder: `duckdb/` beside this module (the self-contained build ships that way). Not
  // written as `new URL('./duckdb/', import.meta.url)`: bundlers would try to resolve it as an asset
  // (and webpack 5 warns "Critical dependency" on any `new URL(expression, import.meta.url)` unless told to ignore it).
  // The URL rules load with the engine (a chart never downloads them), or here when the page gives
  // its own bundle URLs: bad options fail at createClient, not at the first sql().
  const urls = async () => (await import('../sql/bundle-urls.js')).duckdbUrls(opts, globalThis.location?.href, () => new URL(/* webpackIgnore: true */ DEFAULT_DUCKDB_FOLDER, import.meta.url).href);
  // Checked while the manifest is read, not before it.
  const checked = opts.duckdbBundle !== undefined || opts.duckdbBundleUrl !== undefined ? urls().then(() => undefined, (err: unknown) => err) : undefined;
  // The engine's code (SQL checks, DuckDB-WASM's API) loads on the first sql(): a chart never downloads it.
  const client = await openClient(source, () => lazyEngine(() => wasmEngine(urls, opts.timeoutMs)), opts).catch(async (err: unknown) => {
    throw (await checked) ?? err;
  });
  const bad = await checked;
  if (bad !== undefined) {
    await client.close();
    throw bad;
  }
  return client;
}

/** The browser engine; where there is no Web Worker (Node, Deno scripts) say which entry to use. */
async function wasmEngine(urls: () => Promise<DuckdbUrls>, timeoutMs?: number) {
  if (typeof Worker === 'undefined') {
    throw new NovaError('engine_unavailable', 'sql() from @nova-corrente/core runs DuckDB-WASM in a Web Worker, which this runtime lacks: in Node import createClient from @nova-corrente/core/node (native DuckDB)');
  }
  const resolved = await urls();
  const { WasmEngine } = await import('../sql/wasm-engine.js');
  return new WasmEngine(resolved, timeoutMs);
}
