import { NovaError } from '../errors.js';

/** The @duckdb/node-api release Node `sql()` is built and tested against (the peer dependency). */
export const DUCKDB_NODE_API = { name: '@duckdb/node-api', version: '1.5.6-r.1' } as const;

/**
 * Imports native DuckDB for Node `sql()`. It is an optional peer dependency (typed queries do not
 * need it), so when it is missing the error says what to install instead of "Cannot find package".
 */
export async function importNodeApi(): Promise<typeof import('@duckdb/node-api')> {
  try {
    return await import('@duckdb/node-api');
  } catch (err) {
    const code = (err as { code?: string })?.code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    const what = missing ? 'is not installed' : `could not be loaded (${(err as Error)?.message ?? String(err)})`;
    throw new NovaError(
      'engine_unavailable',
      `sql() in Node needs ${DUCKDB_NODE_API.name}@${DUCKDB_NODE_API.version} (an optional peer dependency of @nova-corrente/core), which ${what}: npm install ${DUCKDB_NODE_API.name}@${DUCKDB_NODE_API.version}`,
      { cause: err },
    );
  }
}
