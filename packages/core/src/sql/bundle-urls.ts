// Where the browser `sql()` engine gets DuckDB-WASM from: the package (a peer dependency) for its
// API, and two files the host serves (the `eh` wasm module and its worker). The file URLs are
// either given one by one, as DuckDB-WASM's own bundle API takes them (so a bundler can hash and
// serve them: `import wasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url'` under Vite), or as a
// folder holding both under their npm file names.
import { NovaError } from '../errors.js';

/** The DuckDB-WASM release the engine is built and tested against (the peer dependency's range). */
export const DUCKDB_WASM = { name: '@duckdb/duckdb-wasm', version: '1.32.0' } as const;

/** The `eh` bundle's files as `@duckdb/duckdb-wasm/dist/` names them. */
export const DUCKDB_FILES = { mainModule: 'duckdb-eh.wasm', mainWorker: 'duckdb-browser-eh.worker.js' } as const;

/**
 * DuckDB-WASM's files for browser `sql()`, as in DuckDB-WASM's own `DuckDBBundle`: URLs (absolute,
 * or relative to the page) of the `eh` build's wasm module and its worker script.
 */
export interface DuckdbBundle {
  /** URL of `duckdb-eh.wasm`. */
  mainModule: string;
  /** URL of `duckdb-browser-eh.worker.js`. */
  mainWorker: string;
}

/** The resolved, absolute URLs the engine starts from, and how the caller chose them (for errors). */
export interface DuckdbUrls extends DuckdbBundle {
  /** `duckdbBundle`, `duckdbBundleUrl` or `default`. */
  from: 'duckdbBundle' | 'duckdbBundleUrl' | 'default';
}

const ALLOWED = new Set(['http:', 'https:', 'blob:']);

function absolute(value: unknown, what: string, base: string | undefined): string {
  if (typeof value !== 'string' || value === '') throw new NovaError('invalid_argument', `${what} must be a URL string, got ${value === '' ? '""' : typeof value}`);
  let u: URL;
  try {
    u = new URL(value, base);
  } catch {
    throw new NovaError('invalid_argument', `${what} ${JSON.stringify(value)} is not a URL (relative URLs resolve against the page)`);
  }
  if (!ALLOWED.has(u.protocol)) throw new NovaError('invalid_argument', `${what} ${JSON.stringify(value)} must be http(s) or blob:, served by your host`);
  return u.href;
}

/**
 * Resolves the options `duckdbBundle` / `duckdbBundleUrl` to absolute file URLs, relative to `base`
 * (the page). Without either, the files are looked for in `defaultFolder`. Throws `invalid_argument`
 * for a half-given bundle, both options at once, or a URL that is not http(s)/blob.
 */
export function duckdbUrls(
  opts: { duckdbBundle?: DuckdbBundle; duckdbBundleUrl?: string },
  base: string | undefined,
  defaultFolder: () => string,
): DuckdbUrls {
  const { duckdbBundle: bundle, duckdbBundleUrl: folder } = opts;
  if (bundle !== undefined) {
    if (folder !== undefined) throw new NovaError('invalid_argument', 'give either duckdbBundle ({ mainModule, mainWorker }) or duckdbBundleUrl (a folder), not both');
    if (typeof bundle !== 'object' || bundle === null) throw new NovaError('invalid_argument', 'duckdbBundle must be { mainModule, mainWorker }');
    return {
      mainModule: absolute(bundle.mainModule, 'duckdbBundle.mainModule', base),
      mainWorker: absolute(bundle.mainWorker, 'duckdbBundle.mainWorker', base),
      from: 'duckdbBundle',
    };
  }
  const from = folder === undefined ? 'default' : 'duckdbBundleUrl';
  let dir = absolute(folder ?? defaultFolder(), 'duckdbBundleUrl', base);
  if (!dir.endsWith('/')) dir += '/';
  return { mainModule: new URL(DUCKDB_FILES.mainModule, dir).href, mainWorker: new URL(DUCKDB_FILES.mainWorker, dir).href, from };
}

/** The message of a start failure: which URLs, and how to serve or point at the files. */
export function startFailureMessage(urls: DuckdbUrls, reason: string): string {
  const how =
    urls.from === 'duckdbBundle'
      ? 'check that both URLs serve those files'
      : `serve ${DUCKDB_FILES.mainModule} and ${DUCKDB_FILES.mainWorker} from ${new URL('.', urls.mainModule).href} (@nova-corrente/core's scripts/copy-duckdb.mjs copies them), or pass duckdbBundle: { mainModule, mainWorker }`;
  return `DuckDB-WASM could not start (wasm ${urls.mainModule}, worker ${urls.mainWorker}; ${urls.from}): ${reason}: ${how}`;
}

/**
 * Checks, while the engine starts, that the file URLs serve files: DuckDB-WASM itself waits forever
 * when its wasm module is a 404, and a single-page app's fallback answers any missing path with its
 * HTML page. One HEAD request per file; a server that refuses HEAD (405/501), or a cross-origin worker
 * (loaded as a classic script, so no CORS needed) that cannot be checked, is left to DuckDB.
 */
export async function checkDuckdbFiles(urls: DuckdbUrls, origin = globalThis.location?.origin): Promise<void> {
  /** What is wrong with one file's URL, or undefined when it serves a file (or cannot be checked). */
  const check = async (url: string, what: string): Promise<{ why: string; cause?: unknown } | undefined> => {
    if (url.startsWith('blob:')) return undefined;
    let res: Response;
    try {
      res = await fetch(url, { method: 'HEAD', cache: 'no-cache' });
    } catch (err) {
      if (what === 'worker' && new URL(url).origin !== origin) return undefined;
      return { why: `the ${what} URL ${url} is unreachable (${(err as Error).message})`, cause: err };
    }
    if (res.status === 405 || res.status === 501) return undefined;
    if (!res.ok) return { why: `the ${what} URL ${url} answered HTTP ${res.status}` };
    const type = res.headers.get('content-type') ?? '';
    if (/text\/html/i.test(type)) return { why: `the ${what} URL ${url} answered with an HTML page (${type}), not the file (a single-page app's fallback?)` };
    return undefined;
  };
  // Both answers, in a fixed order: the message is the same whichever request comes back first.
  const problems = (await Promise.all([check(urls.mainModule, 'wasm module'), check(urls.mainWorker, 'worker')])).filter((p) => p !== undefined);
  if (problems.length === 0) return;
  const cause = problems.find((p) => p.cause !== undefined)?.cause;
  throw new NovaError('engine_unavailable', startFailureMessage(urls, problems.map((p) => p.why).join('; ')), cause === undefined ? undefined : { cause });
}

/**
 * Imports DuckDB-WASM's API. When the peer dependency is not installed (a bundler then emits a
 * module that throws, or the import fails to resolve) the error names the package and version.
 */
export async function importDuckdbWasm<T>(load: () => Promise<unknown> = () => import('@duckdb/duckdb-wasm')): Promise<T> {
  let mod: { AsyncDuckDB?: unknown } | undefined;
  try {
    mod = (await load()) as { AsyncDuckDB?: unknown };
  } catch (err) {
    throw new NovaError('engine_unavailable', missingWasmMessage((err as Error)?.message ?? String(err)), { cause: err });
  }
  if (typeof mod?.AsyncDuckDB !== 'function') throw new NovaError('engine_unavailable', missingWasmMessage('the module has no AsyncDuckDB export'));
  return mod as T;
}

function missingWasmMessage(reason: string): string {
  return `sql() in the browser needs ${DUCKDB_WASM.name}@${DUCKDB_WASM.version} (a peer dependency of @nova-corrente/core): npm install ${DUCKDB_WASM.name}@${DUCKDB_WASM.version} (${reason})`;
}
