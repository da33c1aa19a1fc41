#!/usr/bin/env node
// Builds @nova-corrente/components' self-contained browser build (packages/components/cdn/) with
// rollup when it is older than its inputs (the tsc output of core and components, the config, the
// lockfile). `npm run build`, `npm start`, `npm pack` and the benchmarks all use this one file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const p = (...parts) => join(root, ...parts);
export const CDN_DIR = p('packages/components/cdn');
export const CDN_ENTRY = join(CDN_DIR, 'nova-components.js');
const CONFIG = p('packages/components/rollup.cdn.config.mjs');

/** Newest modification time under `path` (0 when missing). */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
}

/** Rebuilds cdn/ when stale; returns true when it built. */
export function buildCdnIfNeeded({ quiet = false } = {}) {
  if (!existsSync(p('packages/components/dist/cdn.js'))) run('npx', ['tsc', '-b', 'packages/core', 'packages/components'], 'compiling TypeScript');
  const inputs = Math.max(newest(p('packages/components/dist')), newest(p('packages/core/dist')), newest(CONFIG), newest(p('package-lock.json')));
  if (existsSync(CDN_ENTRY) && statSync(CDN_ENTRY).mtimeMs >= inputs) return false;
  if (!quiet) console.log('› bundling packages/components/cdn/nova-components.js');
  rmSync(CDN_DIR, { recursive: true, force: true });
  run(process.execPath, [p('node_modules/rollup/dist/bin/rollup'), '-c', CONFIG, '--silent'], 'rollup (cdn build)');
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildCdnIfNeeded();
  } catch (err) {
    console.error(`✗ ${err.message}`);
    process.exit(1);
  }
}
