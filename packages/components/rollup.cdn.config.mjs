// The self-contained browser builds (`cdn/`): each one ES module with Lit, d3 and the SDK inside,
// served from any static host with one <script type="module">, no bundler, nothing fetched from a
// CDN: nova-components.js (every element) and forecast-chart.js (one chart).
// DuckDB-WASM's API and apache-arrow go to lazy chunks that only `sql()` imports, so a page with
// charts never downloads them; the engine's own files (wasm + worker) are looked for in
// `cdn/duckdb/` by default (see the README). Input: the tsc output in dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Core modules (`@nova-corrente/core`'s `dist/<name>.js`: the queries, which the client imports on
 * first call, and the DuckDB bundle-URL rules, which createClient imports when a page gives bundle
 * URLs) that a build carries in its entry instead: a page that always makes those calls
 * would otherwise wait for one more request (a round trip, then a compile) before their first read.
 * The entry imports them for their side effects (marked as not to be tree-shaken, so the import is kept);
 * rollup then places them in the entry chunk, and the client's import() resolves to it.
 */
function eagerQueries(entry, names) {
  let files = [];
  return {
    name: 'nova-eager-queries',
    async buildStart() {
      const core = await this.resolve('@nova-corrente/core', entry, { skipSelf: true });
      if (!core) throw new Error('rollup (cdn build): @nova-corrente/core not found');
      files = names.map((n) => join(dirname(core.id), `${n}.js`));
      for (const f of files) if (!existsSync(f)) throw new Error(`rollup (cdn build): no core module ${f}`);
    },
    transform(code, id) {
      if (id === entry) return { code: `${code}\n${files.map((f) => `import ${JSON.stringify(f)};`).join('\n')}\n`, map: null };
      if (files.includes(id)) return { code, map: null, moduleSideEffects: 'no-treeshake' };
      return null;
    },
  };
}

/** One self-contained build per entry (no chunk shared between them, so each is one file up front). */
const build = (name, entry, eager = []) => ({
  input: { [name]: here(entry) },
  // Let the lazy chunks import shared code from the entry instead of splitting a facade
  // (a facade would cost one more round trip before anything renders).
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: here('./cdn'),
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  plugins: [
    eagerQueries(here(entry), eager),
    nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'module', 'import', 'default'] }),
    terser({ format: { comments: false }, ecma: 2020, module: true }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
    throw new Error(`rollup (cdn build): ${warning.message}`);
  },
});

/**
 * What each build carries up front. The chart reads its item's name (`items`) with its data. The
 * dashboard picks its first item from the risk ranking (`risk`), then its charts read the item's
 * name and stock (`items`, `inventory`); its key figures (`summary`) and site list (`sites`) load
 * with the first render too (as lazy chunks they cost a round trip before the KPIs' first read:
 * traced 330 → 441 ms under load); only the model table (below the fold) loads lazily. The
 * dashboard's client is given its DuckDB folder (`duckdb-url`), whose URL rules createClient checks
 * before it returns (`sql/bundle-urls`).
 */
const EAGER = { chart: ['queries/items'], dashboard: ['queries/items', 'queries/risk', 'queries/inventory', 'queries/summary', 'queries/sites', 'sql/bundle-urls'] };

export default [
  // Every element: dashboards and pages mixing several elements (what `npm start` serves).
  build('nova-components', './dist/cdn.js', EAGER.dashboard),
  // One chart only: the script-tag path of a page that embeds a single forecast chart.
  build('forecast-chart', './dist/cdn-forecast-chart.js', EAGER.chart),
];
