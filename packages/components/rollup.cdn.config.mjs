// The self-contained browser builds (`cdn/`): each one ES module with Lit, d3 and the SDK inside,
// served from any static host with one <script type="module">, no bundler, nothing fetched from a
// CDN: nova-components.js (every element) and forecast-chart.js (one chart).
// DuckDB-WASM's API and apache-arrow go to lazy chunks that only `sql()` imports, so a page with
// charts never downloads them; the engine's own files (wasm + worker) are looked for in
// `cdn/duckdb/` by default (see the README). Input: the tsc output in dist/.
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** One self-contained build per entry (no chunk shared between them, so each is one file up front). */
const build = (name, entry) => ({
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
    nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'module', 'import', 'default'] }),
    terser({ format: { comments: false }, ecma: 2020, module: true }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
    throw new Error(`rollup (cdn build): ${warning.message}`);
  },
});

export default [
  // Every element: dashboards and pages mixing several elements (what `npm start` serves).
  build('nova-components', './dist/cdn.js'),
  // One chart only: the script-tag path of a page that embeds a single forecast chart.
  build('forecast-chart', './dist/cdn-forecast-chart.js'),
];
