#!/usr/bin/env node
// Generates packages/components/custom-elements.json and the JSX typings derived from it
// (dist/jsx.d.ts, dist/react.d.ts) with `cem analyze` and the package's
// custom-elements-manifest.config.mjs, when they are older than the element sources.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { newest } from './build-cdn.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'packages/components');
const OUTPUTS = ['custom-elements.json', 'dist/jsx.d.ts', 'dist/react.d.ts'].map((f) => join(pkg, f));

/** Regenerates the manifest and typings when stale; returns true when it ran. */
export function buildElementsManifestIfNeeded({ quiet = false } = {}) {
  const inputs = Math.max(newest(join(pkg, 'src')), newest(join(pkg, 'custom-elements-manifest.config.mjs')), newest(join(pkg, 'dist/index.d.ts')));
  const outputs = Math.min(...OUTPUTS.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (outputs >= inputs) return false;
  if (!quiet) console.log('› generating packages/components/custom-elements.json and its JSX typings');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], {
    cwd: pkg,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`cem analyze failed (exit ${r.status ?? r.signal})`);
  for (const f of OUTPUTS) if (!existsSync(f)) throw new Error(`cem analyze did not write ${f}`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildElementsManifestIfNeeded();
  } catch (err) {
    console.error(`✗ ${err.message}`);
    process.exit(1);
  }
}
