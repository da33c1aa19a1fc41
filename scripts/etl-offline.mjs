#!/usr/bin/env node
// The ETL as an offline bundle for an air-gapped host: the built packages (core, etl-node) with a
// production install (`npm ci --omit=dev -w packages/etl-node` from the repository's lockfile, from
// the npm cache when it has the files), packed as one .tar.gz of a `nova-etl/` folder. The target
// host needs the same OS and CPU (DuckDB's binary is native) and Node 20; no network, no npm.
//   node scripts/etl-offline.mjs OUT.tar.gz          (after `npm ci && npm run build`)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * npm 11's `npm ci` refuses a lockfile whose package lists an optional dependency that has no entry
 * of its own (vite's Windows-only `napi-windows-process-start-time`, never installed on Linux).
 * Drops such names from the staged copy; returns them.
 */
function dropUnlockedOptionals(lockPath) {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const dropped = [];
  for (const pkg of Object.values(lock.packages ?? {})) {
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

/**
 * Stages the production install in `dir` (created): the files deploy/Dockerfile copies, then
 * `npm ci --omit=dev -w packages/etl-node`. `offline`: only from the npm cache.
 * @returns {{ dir: string, dropped: string[] }}
 */
export function stageEtl(dir, { offline = false, withBuild = true } = {}) {
  mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(root, f), join(dir, f));
  for (const p of ['core', 'etl-node', 'components']) {
    mkdirSync(join(dir, 'packages', p), { recursive: true });
    cpSync(join(root, 'packages', p, 'package.json'), join(dir, 'packages', p, 'package.json'));
  }
  if (withBuild) {
    for (const d of ['packages/core/dist', 'packages/etl-node/dist', 'packages/etl-node/bin']) {
      if (!existsSync(join(root, d))) throw new Error(`${d} is missing: run npm ci && npm run build first`);
      cpSync(join(root, d), join(dir, d), { recursive: true, filter: (src) => !src.endsWith('.tsbuildinfo') });
    }
  }
  const dropped = dropUnlockedOptionals(join(dir, 'package-lock.json'));
  execFileSync('npm', ['ci', '--omit=dev', '-w', 'packages/etl-node', offline ? '--offline' : '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return { dir, dropped };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2];
  if (!out || !out.endsWith('.tar.gz')) {
    console.error('usage: node scripts/etl-offline.mjs OUT.tar.gz');
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), 'nova-etl-offline-'));
  try {
    stageEtl(join(work, 'nova-etl'));
    mkdirSync(dirname(resolve(out)), { recursive: true });
    execFileSync('tar', ['-C', work, '-czf', resolve(out), 'nova-etl']);
    console.log(`${out}: nova-etl with its production dependencies; bin: nova-etl/packages/etl-node/bin/nova-etl.js`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
