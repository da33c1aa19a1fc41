#!/usr/bin/env node
// `npm start`: builds the components' self-contained build (packages/components/cdn/) when needed,
// makes demo gold with the real `nova-etl demo` on first run, then serves
// the full dashboard, the intranet-portal embed, the bundle and the gold on 127.0.0.1.
// On a fresh clone it compiles only what serving needs (no custom-elements.json, no typings), and
// bundles while the ETL compiles and makes the demo gold: the two take about as long (docs/adr/0004).
//
//   PORT=8080 (0 picks a free port)   NOVA_GOLD_DIR=.nova/demo/gold   NOVA_DEMO_ITEMS=300 NOVA_DEMO_DAYS=730
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';
import { buildCdnIfNeeded, CDN_DIR } from './build-cdn.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const p = (...parts) => join(root, ...parts);

function run(cmd, args, what) {
  console.log(`› ${what}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✗ ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

/** Runs a command in the background; resolves when it succeeded, exits the process when it failed. */
function runAsync(cmd, args, what) {
  console.log(`› ${what}`);
  return new Promise((ok) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    child.on('close', (code, signal) => {
      if (code === 0) return ok();
      console.error(`✗ ${what} failed (exit ${code ?? signal})`);
      process.exit(1);
    });
  });
}

/** The self-contained build of @nova-corrente/components, the very file its package ships. */
export function buildBundleIfNeeded() {
  buildCdnIfNeeded();
}

export async function demoGoldIfMissing(goldDir, args, runner = run) {
  const manifest = join(goldDir, 'manifest.json');
  if (existsSync(manifest)) {
    // Demo gold made by an older nova-etl (another contract, or tables it lacks) is made again:
    // the dashboard of this checkout reads only gold this checkout's contract accepts.
    const { CONTRACT, checkManifest } = await import('../packages/core/dist/contract/index.js');
    let problems;
    try {
      const m = JSON.parse(readFileSync(manifest, 'utf8'));
      problems = m.contract === CONTRACT ? checkManifest(m) : [`contract ${m.contract}, not ${CONTRACT}`];
    } catch (err) {
      problems = [err.message];
    }
    if (problems.length === 0) return;
    console.log(`› demo gold in ${dirname(goldDir)} is from another version (${problems[0]}): making it again`);
    rmSync(dirname(goldDir), { recursive: true, force: true });
  }
  const out = dirname(goldDir);
  await runner(process.execPath, [p('packages/etl-node/bin/nova-etl.js'), 'demo', '--out', out, ...args], `creating demo gold in ${out} (nova-etl demo ${args.join(' ')})`);
}

export async function serve({ goldDir, port, onRequest, cdnDir = CDN_DIR, mounts = [] }) {
  return startStaticServer({
    port,
    onRequest,
    mounts: [
      { prefix: '/', dir: p('examples/static-host') },
      { prefix: '/portal/', dir: p('examples/intranet-portal') },
      { prefix: '/dist/', dir: cdnDir },
      // DuckDB-WASM's files where the build looks for them by default (`duckdb/` beside it).
      { prefix: '/dist/duckdb/', dir: p('node_modules/@duckdb/duckdb-wasm/dist') },
      { prefix: '/gold/', dir: goldDir },
      // The docs site, when `npm run docs` has built it (its live examples use /dist/ and /gold/).
      { prefix: '/docs/', dir: p('.nova/site') },
      // A caller's own pages (bench:ui's floor page).
      ...mounts,
    ],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const goldDir = resolve(root, process.env.NOVA_GOLD_DIR ?? '.nova/demo/gold');
  const tsc = p('node_modules/typescript/bin/tsc');
  // What the bundle is made from first (incremental: a no-op when up to date), then the bundle and
  // the ETL + demo gold side by side.
  run(process.execPath, [tsc, '-b', 'packages/core', 'packages/components'], 'compiling core and components');
  await Promise.all([
    runAsync(process.execPath, [p('scripts/build-cdn.mjs')], 'the self-contained build (cdn/), if stale'),
    (async () => {
      await runAsync(process.execPath, [tsc, '-b', 'packages/etl-node'], 'compiling etl-node');
      await demoGoldIfMissing(goldDir, ['--items', process.env.NOVA_DEMO_ITEMS ?? '300', '--days', process.env.NOVA_DEMO_DAYS ?? '730'], runAsync);
    })(),
  ]);
  const server = await serve({ goldDir, port: Number(process.env.PORT ?? 8080) });
  console.log(`\nNova Analytics demo (gold: ${goldDir})`);
  console.log(`  dashboard        ${server.url}/`);
  console.log(`  intranet portal  ${server.url}/portal/`);
  console.log(`  bundle           ${server.url}/dist/nova-components.js`);
  console.log(`  gold             ${server.url}/gold/manifest.json`);
  if (existsSync(p('.nova/site/index.html'))) console.log(`  docs             ${server.url}/docs/`);
  console.log(`ready ${server.url}/`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
