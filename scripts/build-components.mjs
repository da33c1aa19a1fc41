#!/usr/bin/env node
// The build steps of @nova-corrente/components after tsc: custom-elements.json + JSX typings, then
// the self-contained cdn/ build. Both are incremental. Run by `npm run build` and `npm pack`.
import { buildElementsManifestIfNeeded } from './build-elements-manifest.mjs';
import { buildCdnIfNeeded } from './build-cdn.mjs';

try {
  buildElementsManifestIfNeeded();
  buildCdnIfNeeded();
} catch (err) {
  console.error(`✗ ${err.message}`);
  process.exit(1);
}
