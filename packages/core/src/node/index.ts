/**
 * `@nova-corrente/core/node`: the same client for Node, over a local gold folder or an HTTP(S) URL,
 * with `sql()` on native DuckDB (`@duckdb/node-api`).
 * @packageDocumentation
 */
import { openClient } from '../client/client.js';
import { goldRootUrl } from '../client/create.js';
import { HttpSource } from '../io/http-source.js';
import type { ByteSource } from '../io/source.js';
import type { ClientOptions, NovaClient } from '../types.js';
import { FileSource } from './file-source.js';
import { NodeEngine } from './node-engine.js';

export { NovaError } from '../errors.js';
export type * from '../index.js';

/**
 * Opens a client in Node. `url` is an http(s) URL of a gold root or a local folder path (or
 * `file:` URL); `sql()` runs on `@duckdb/node-api`, read-only.
 *
 * @example
 * const nova = await createClient({ url: './gold' });
 * const { rows } = await nova.sql('SELECT count(*) AS n FROM fact_forecast WHERE item_id = ?', ['MAT-000001']);
 */
export async function createClient(opts: ClientOptions): Promise<NovaClient> {
  const url = opts?.url;
  let source: ByteSource;
  if (typeof url === 'string' && /^https?:\/\//i.test(url)) source = new HttpSource(goldRootUrl(url), opts);
  else if (typeof url === 'string' && url !== '') source = new FileSource(url.startsWith('file:') ? new URL(url).pathname : url);
  else return goldRootUrl(url) as never; // throws invalid_argument
  return openClient(source, () => new NodeEngine(), opts);
}
