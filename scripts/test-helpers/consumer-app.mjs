// Helpers of the consumer test: pack the workspace packages and install the tarballs into a fresh
// app with `npm ci --offline`, i.e. from the tarballs and the npm cache only.
//
// npm cannot resolve version ranges offline without the registry's package documents, which
// `npm ci` never caches. So the app's package-lock.json is derived from the repository's: the
// three tarballs (file:, with their sha512) replace the workspace links, and every package they
// (and the app's other dependencies) need is copied with the exact version, URL and integrity the
// repository locked — the tarballs npm already holds in its cache. The app's own dependency tree
// is then what npm installs; nothing is borrowed from the repository's node_modules.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `npm pack` the workspaces into `dest`; returns { name → { file, path, json } }. */
export function packWorkspaces(root, workspaces, dest) {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest, ...workspaces.flatMap((w) => ['-w', w])], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const packed = {};
  for (const p of JSON.parse(out)) {
    const path = join(dest, p.filename);
    const ws = workspaces.find((w) => JSON.parse(readFileSync(join(root, w, 'package.json'), 'utf8')).name === p.name);
    packed[p.name] = { file: p.filename, path, json: JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8')), files: p.files.map((f) => f.path) };
  }
  return packed;
}

let registry;
/** The configured registry's tarball URL of name@version (its canonical form, which npm's cache is keyed by). */
function registryTarball(name, version) {
  registry ??= execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim().replace(/\/?$/, '/');
  const base = name.includes('/') ? name.split('/')[1] : name;
  return `${registry}${name}/-/${base}-${version}.tgz`;
}

const sri = (path) => `sha512-${createHash('sha512').update(readFileSync(path)).digest('base64')}`;

/**
 * Writes `appDir/package.json` and a package-lock.json for `deps` (name → spec). Tarball specs
 * (`file:…tgz`) come from `packed`; others must be locked in the repository's lockfile.
 */
export function writeConsumerApp(appDir, { rootLock, packed, deps, name = 'nova-consumer-app' }) {
  const locked = rootLock.packages;
  const out = {};
  const pkgEntry = (spec, info) => ({
    version: info.json.version,
    resolved: spec,
    integrity: sri(info.path),
    license: info.json.license,
    ...(info.json.dependencies ? { dependencies: info.json.dependencies } : {}),
    ...(info.json.bin ? { bin: info.json.bin } : {}),
    ...(info.json.engines ? { engines: info.json.engines } : {}),
    ...(info.json.peerDependencies ? { peerDependencies: info.json.peerDependencies } : {}),
    ...(info.json.peerDependenciesMeta ? { peerDependenciesMeta: info.json.peerDependenciesMeta } : {}),
  });
  /** The lockfile path a `dep` required from `fromPath` resolves to (Node's lookup, nested first). */
  const resolve = (fromPath, dep) => {
    let base = fromPath;
    for (;;) {
      const cand = `${base ? `${base}/` : ''}node_modules/${dep}`;
      if (packed[dep] && cand === `node_modules/${dep}`) return { path: cand, tarball: true };
      if (locked[cand] && !locked[cand].link) return { path: cand };
      if (!base) return null;
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  };
  const queue = [];
  const visit = (fromPath, dep, optional) => {
    const r = resolve(fromPath, dep);
    if (!r) {
      if (optional) return;
      throw new Error(`${dep} (needed by ${fromPath || 'the app'}) is not in the repository's lockfile: add it to the root devDependencies`);
    }
    if (out[r.path]) return;
    if (r.tarball) {
      const info = packed[dep];
      out[r.path] = pkgEntry(`file:../${info.file}`, info);
    } else {
      const { dev, devOptional, peer, ...entry } = locked[r.path];
      // Recent npm leaves registry URLs out of lockfiles; offline, npm needs them to find the tarball.
      entry.resolved ??= registryTarball(r.path.slice(r.path.lastIndexOf('node_modules/') + 'node_modules/'.length), entry.version);
      out[r.path] = entry;
    }
    queue.push(r.path);
  };
  for (const dep of Object.keys(deps)) visit('', dep, false);
  while (queue.length) {
    const path = queue.shift();
    const e = out[path];
    for (const d of Object.keys(e.dependencies ?? {})) visit(path, d, false);
    for (const d of Object.keys(e.optionalDependencies ?? {})) visit(path, d, true);
    for (const d of Object.keys(e.peerDependencies ?? {})) visit(path, d, e.peerDependenciesMeta?.[d]?.optional === true);
  }
  const pkg = { name, version: '1.0.0', private: true, type: 'module', dependencies: deps };
  writeFileSync(join(appDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const lock = { name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name, version: '1.0.0', dependencies: deps }, ...out } };
  writeFileSync(join(appDir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  return Object.keys(out).length;
}

/** `npm ci --offline` in `appDir` (no install scripts: nothing here needs one). */
export function installOffline(appDir, cacheDir) {
  return execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...(cacheDir ? ['--cache', cacheDir] : [])], {
    cwd: appDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}
