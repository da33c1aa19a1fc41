// Browser bundle of the components for embedding with one <script type="module"> tag.
// Consumes the tsc output (packages/components/dist). DuckDB-WASM stays in a lazily loaded chunk:
// only `sql()` imports it, so a page with a single chart never downloads it.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: { 'nova-components': 'packages/components/dist/define.js' },
  // Let the lazy DuckDB chunk import shared code from the entry instead of splitting a facade
  // (a facade would cost one more round trip before anything renders).
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'examples/dist',
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
    warn(warning);
  },
};
