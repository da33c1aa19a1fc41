#!/usr/bin/env node
// One line-coverage report per package (core, etl-node, components) from the V8 coverage of both
// runtimes: the Node tests' (NODE_V8_COVERAGE, CLI child processes included, turned into istanbul
// JSON by c8 through the source maps) merged with the browser tests' (web-test-runner's V8 coverage).
// Every source file counts: one no test loaded counts as uncovered, its executable lines being the
// lines of the JavaScript esbuild makes of it (a file of types only has none).
//
//   node scripts/coverage.mjs <coverage dir> [--min 80]
// <coverage dir>/node: raw V8 files; <coverage dir>/browser/coverage-final.json. Writes
// <coverage dir>/merged/{lcov.info,coverage-summary.json}; exits 1 when a package is under --min.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const require = createRequire(import.meta.url);
const libCoverage = require('istanbul-lib-coverage');
const libReport = require('istanbul-lib-report');
const reports = require('istanbul-reports');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGES = ['core', 'etl-node', 'components'];

function sources(dir) {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.ts$/.test(e) && !/\.d\.ts$/.test(e) ? [p] : [];
  });
}

/** Lines of JavaScript a TypeScript file compiles to (comments dropped): 0 for a file of types only. */
export function executableLines(file) {
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', legalComments: 'none' });
  return code.split('\n').filter((l) => l.trim() !== '' && !/^\s*(\/\/|\/\*|\*)/.test(l)).length;
}

/** Runs c8 over the raw Node V8 files; returns the istanbul JSON path. */
function nodeReport(dir) {
  const out = join(dir, 'node-report');
  const c8 = join(root, 'node_modules/c8/bin/c8.js');
  const r = spawnSync(process.execPath, [c8, 'report', '--temp-directory', join(dir, 'node'), '--report-dir', out, '--reporter', 'json',
    '--include', 'packages/*/src/**', '--include', 'packages/*/dist/**', '--exclude-after-remap'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`c8 report failed (exit ${r.status})`);
  return join(out, 'coverage-final.json');
}

/** Merges, reports and checks. Returns `{ perPackage: { name: { covered, total, pct, unloaded } }, ok }`. */
export function coverage(dir, { min = 80, log = console.log } = {}) {
  const map = libCoverage.createCoverageMap({});
  const parts = [];
  if (existsSync(join(dir, 'node'))) parts.push(nodeReport(dir));
  if (existsSync(join(dir, 'browser/coverage-final.json'))) parts.push(join(dir, 'browser/coverage-final.json'));
  for (const p of parts) map.merge(JSON.parse(readFileSync(p, 'utf8')));
  // Only the packages' sources count (remapped dist/ files land here as src/ paths).
  map.filter((f) => PACKAGES.some((p) => f.startsWith(join(root, 'packages', p, 'src') + '/')));
  const context = libReport.createContext({ dir: join(dir, 'merged'), coverageMap: map });
  for (const r of ['lcovonly', 'json-summary']) reports.create(r).execute(context);

  const perPackage = {};
  for (const p of PACKAGES) {
    let covered = 0;
    let total = 0;
    const unloaded = [];
    for (const file of sources(join(root, 'packages', p, 'src'))) {
      if (map.files().includes(file)) {
        const lines = map.fileCoverageFor(file).getLineCoverage();
        total += Object.keys(lines).length;
        covered += Object.values(lines).filter((n) => n > 0).length;
      } else {
        const n = executableLines(file);
        if (n > 0) unloaded.push(`${relative(root, file)} (${n} lines)`);
        total += n;
      }
    }
    perPackage[p] = { covered, total, pct: total ? (100 * covered) / total : 0, unloaded };
  }
  log('\nline coverage (Node + browser tests, merged):');
  let ok = true;
  for (const [p, r] of Object.entries(perPackage)) {
    const pass = r.pct >= min;
    ok &&= pass;
    log(`  ${p.padEnd(11)} ${r.pct.toFixed(1).padStart(5)} %  (${r.covered}/${r.total} lines)${pass ? '' : `  below ${min} %`}`);
    for (const u of r.unloaded) log(`      never loaded by a test: ${u}`);
  }
  log(`  report: ${relative(root, join(dir, 'merged/lcov.info'))}`);
  return { perPackage, ok };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  const min = process.argv.includes('--min') ? Number(process.argv[process.argv.indexOf('--min') + 1]) : 80;
  if (!dir) {
    console.error('usage: node scripts/coverage.mjs <coverage dir> [--min 80]');
    process.exit(2);
  }
  process.exit(coverage(dir, { min }).ok ? 0 : 1);
}
