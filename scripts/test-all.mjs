#!/usr/bin/env node
// Runs every test suite (Node tests with node:test, browser tests with @web/test-runner in
// Debian's Chromium) and prints one closing line "N passed, N failed".
// Coverage: both suites run with V8 coverage (Node: NODE_V8_COVERAGE, inherited by the CLI child
// processes; browser: web-test-runner's), merged into one line-coverage figure per package by
// scripts/coverage.mjs, printed before the closing line; a full run fails when a package is under
// 80 % of its lines. `--no-coverage` skips it (quicker runs while working).
import { spawn } from 'node:child_process';
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { coverage } from './coverage.mjs';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const withCoverage = !process.argv.includes('--no-coverage');
const MIN_LINES = 80;
const root = new URL('..', import.meta.url).pathname;

function nodeTestFiles() {
  const files = [];
  for (const pkg of ['core', 'etl-node', 'components']) {
    const dir = join(root, 'packages', pkg, 'test');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (/\.test\.ts$/.test(f) && !/\.browser\.test\.ts$/.test(f)) files.push(join(dir, f));
  }
  for (const dir of [join(root, 'test')]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (/\.test\.ts$/.test(f)) files.push(join(dir, f));
  }
  return files.sort();
}

function run(cmd, args, parse, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d.toString();
    });
    child.on('close', (code) => resolve({ code, ...parse(out, code) }));
  });
}

// One shared demo gold for every suite (Node and browser), built afresh with the real CLI so the
// tests never run against gold an older ETL wrote.
const coverageDir = join(root, '.nova', 'coverage');
rmSync(coverageDir, { recursive: true, force: true });
const nodeCoverage = withCoverage ? { NODE_V8_COVERAGE: join(coverageDir, 'node') } : {};
const testGold = join(root, '.nova', 'test-demo');
rmSync(testGold, { recursive: true, force: true });
// The extra golds of the component tests (test-golds.mjs) are rebuilt on first use, never reused from an older ETL.
for (const d of ['test-hostile', 'test-figures', 'test-one-count', 'test-sealed', 'test-national']) rmSync(join(root, '.nova', d), { recursive: true, force: true });
{
  const built = await run(process.execPath, [join(root, 'packages/etl-node/bin/nova-etl.js'), 'demo', '--out', testGold,
    '--items', '40', '--days', '400', '--seed', '7', '--as-of', '2026-06-30', '--quiet'], () => ({}), nodeCoverage);
  if (built.code !== 0) {
    console.error('could not build the test demo gold');
    process.exit(1);
  }
}
process.env.NOVA_TEST_GOLD = join(testGold, 'gold');

const results = [];
if (!only || only === 'node') {
  const files = nodeTestFiles();
  results.push(
    await run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], (out) => ({
      passed: Number(/^# pass (\d+)/m.exec(out)?.[1] ?? 0),
      failed: Number(/^# fail (\d+)/m.exec(out)?.[1] ?? 0),
    }), nodeCoverage),
  );
}
if ((!only || only === 'browser') && existsSync(join(root, 'web-test-runner.config.mjs'))) {
  results.push(
    await run('npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs'], (out, code) => {
      // The progress line repeats "N passed, N failed" as files finish: the last one is the total.
      const last = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
      const passed = Number(last?.[1] ?? 0);
      const failed = Number(last?.[2] ?? 0);
      return { passed, failed: failed || (code !== 0 && passed === 0 ? 1 : 0) };
    }, withCoverage ? { NOVA_COVERAGE_DIR: coverageDir } : {}),
  );
}
let coverageOk = true;
if (withCoverage) {
  const started = Date.now();
  const { ok } = coverage(coverageDir, { min: MIN_LINES });
  rmSync(join(coverageDir, 'node'), { recursive: true, force: true }); // raw V8 files: hundreds of MB, merged now
  // The gate needs both runtimes: the components' elements run only in the browser tests.
  if (only) console.log(`  (--only ${only}: figures of one runtime, not gated)`);
  else coverageOk = ok;
  console.log(`  merged in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
const bad = results.some((r) => r.code !== 0);
if (bad && failed === 0) console.error('a test suite exited non-zero without reporting a failed test');
if (!coverageOk) console.error(`line coverage of a package is under ${MIN_LINES} %: add tests that assert values (the report above names the files never loaded)`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(bad || failed > 0 || passed === 0 || !coverageOk ? 1 : 0);
