#!/usr/bin/env node
// Measures the ETL image's production install the way deploy/Dockerfile does it: the repository's
// package.json, lockfile and the workspaces' package.json files in a clean folder, then
// `npm ci --omit=dev -w packages/etl-node --offline` from the npm cache. Reports node_modules bytes
// and the largest packages.   node scripts/measure-etl-install.mjs [--json]
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bytes of the files under `dir` (symlinks counted as links, not followed). */
export function treeBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir)) {
    const st = lstatSync(join(dir, e));
    n += st.isDirectory() ? treeBytes(join(dir, e)) : st.size;
  }
  return n;
}

/**
 * npm 11's `npm ci` refuses a lockfile whose package lists an optional dependency that has no entry
 * of its own (vite's Windows-only `napi-windows-process-start-time`, never installed on Linux).
 * Drops such names from the copy measured here; returns them.
 */
function dropUnlockedOptionals(lockPath) {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const dropped = [];
  for (const [, pkg] of Object.entries(lock.packages ?? {})) {
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
      if (!lock.packages[`node_modules/${name}`]) {
        delete pkg.optionalDependencies[name];
        dropped.push(name);
      }
    }
  }
  writeFileSync(lockPath, JSON.stringify(lock, null, 2));
  return dropped;
}

export function measureEtlInstall() {
  const work = mkdtempSync(join(tmpdir(), 'nova-etl-install-'));
  try {
    for (const f of ['package.json', 'package-lock.json']) cpSync(join(root, f), join(work, f));
    for (const p of ['core', 'etl-node', 'components']) {
      mkdirSync(join(work, 'packages', p), { recursive: true });
      cpSync(join(root, 'packages', p, 'package.json'), join(work, 'packages', p, 'package.json'));
    }
    const dropped = dropUnlockedOptionals(join(work, 'package-lock.json'));
    execFileSync('npm', ['ci', '--omit=dev', '-w', 'packages/etl-node', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    const modules = join(work, 'node_modules');
    const packages = readdirSync(modules)
      .filter((e) => !e.startsWith('.'))
      .flatMap((e) => (e.startsWith('@') ? readdirSync(join(modules, e)).map((s) => `${e}/${s}`) : [e]))
      .filter((name) => !lstatSync(join(modules, name)).isSymbolicLink());
    const sized = packages.map((name) => ({ name, bytes: treeBytes(join(modules, name)) })).sort((a, b) => b.bytes - a.bytes);
    return { bytes: treeBytes(modules), packages: packages.length, biggest: sized.slice(0, 6), dropped_optional: dropped };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = measureEtlInstall();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
  else {
    console.log(`nova-etl production install: ${(r.bytes / 1e6).toFixed(1)} MB in node_modules (${r.packages} packages)`);
    for (const b of r.biggest) console.log(`  ${b.name.padEnd(40)} ${(b.bytes / 1e6).toFixed(1)} MB`);
  }
}
