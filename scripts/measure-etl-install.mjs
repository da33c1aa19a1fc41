#!/usr/bin/env node
// Measures the ETL image's production install the way deploy/Dockerfile does it: the repository's
// package.json, lockfile and the workspaces' package.json files in a clean folder, then
// `npm ci --omit=dev -w packages/etl-node --offline` from the npm cache. Reports node_modules bytes
// and the largest packages.   node scripts/measure-etl-install.mjs [--json]
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { stageEtl } from './etl-offline.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bytes of the files under `dir` (symlinks counted as links, not followed). */
export function treeBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir)) {
    const st = lstatSync(join(dir, e));
    n += st.isDirectory() ? treeBytes(join(dir, e)) : st.size;
  }
  return n;
}

export function measureEtlInstall() {
  const work = mkdtempSync(join(tmpdir(), 'nova-etl-install-'));
  try {
    const { dropped } = stageEtl(work, { offline: true, withBuild: false });
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
