#!/usr/bin/env node
// `npm start`: builds the browser bundle when needed, makes demo gold with the real `nova-etl demo`
// on first run, copies DuckDB-WASM's files next to the bundle (only `sql()` loads them), then serves
// the full dashboard, the intranet-portal embed, the bundle and the gold on 127.0.0.1.
//
//   PORT=8080 (0 picks a free port)   NOVA_GOLD_DIR=.nova/demo/gold   NOVA_DEMO_ITEMS=300 NOVA_DEMO_DAYS=730
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const p = (...parts) => join(root, ...parts);
const bundle = p('examples/dist/nova-components.js');

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(f) : statSync(f).mtimeMs);
  }
  return t;
}

function run(cmd, args, what) {
  console.log(`› ${what}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✗ ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

export function buildBundleIfNeeded() {
  const inputs = Math.max(newest(p('packages/components/dist')), newest(p('packages/core/dist')), statSync(p('rollup.config.mjs')).mtimeMs);
  if (!existsSync(p('packages/components/dist/define.js'))) run('npx', ['tsc', '-b', 'packages/core', 'packages/components'], 'compiling TypeScript');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < inputs) {
    rmSync(p('examples/dist/chunks'), { recursive: true, force: true });
    run(process.execPath, [p('node_modules/rollup/dist/bin/rollup'), '-c', p('rollup.config.mjs'), '--silent'], 'bundling examples/dist/nova-components.js');
  }
  const duck = p('node_modules/@duckdb/duckdb-wasm/dist');
  const out = p('examples/dist/duckdb');
  mkdirSync(out, { recursive: true });
  for (const f of ['duckdb-eh.wasm', 'duckdb-browser-eh.worker.js']) {
    const src = join(duck, f);
    const dst = join(out, f);
    if (!existsSync(dst) || statSync(dst).size !== statSync(src).size) copyFileSync(src, dst);
  }
}

export function demoGoldIfMissing(goldDir, args) {
  if (existsSync(join(goldDir, 'manifest.json'))) return;
  const out = dirname(goldDir);
  run(process.execPath, [p('packages/etl-node/bin/nova-etl.js'), 'demo', '--out', out, ...args], `creating demo gold in ${out} (nova-etl demo ${args.join(' ')})`);
}

export async function serve({ goldDir, port, onRequest }) {
  return startStaticServer({
    port,
    onRequest,
    mounts: [
      { prefix: '/', dir: p('examples/static-host') },
      { prefix: '/portal/', dir: p('examples/intranet-portal') },
      { prefix: '/dist/', dir: p('examples/dist') },
      { prefix: '/gold/', dir: goldDir },
    ],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const goldDir = resolve(root, process.env.NOVA_GOLD_DIR ?? '.nova/demo/gold');
  buildBundleIfNeeded();
  demoGoldIfMissing(goldDir, ['--items', process.env.NOVA_DEMO_ITEMS ?? '300', '--days', process.env.NOVA_DEMO_DAYS ?? '730']);
  const server = await serve({ goldDir, port: Number(process.env.PORT ?? 8080) });
  console.log(`\nNova Analytics demo (gold: ${goldDir})`);
  console.log(`  dashboard        ${server.url}/`);
  console.log(`  intranet portal  ${server.url}/portal/`);
  console.log(`  bundle           ${server.url}/dist/nova-components.js`);
  console.log(`  gold             ${server.url}/gold/manifest.json`);
  console.log(`ready ${server.url}/`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
