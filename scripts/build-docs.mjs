#!/usr/bin/env node
// `npm run docs`: the docs site, built into .nova/site (served by `npm start` at /docs/):
//   api/core, api/components, api/etl-node   typedoc, warnings fail the build
//   elements/                                the element reference, from custom-elements.json
//   index.html, guide/…                      getting started + the repository's Markdown guides
// then a link check over every page: a relative link or asset that resolves to no file fails.
//   NOVA_DOCS_OUT=dir changes the output folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElementsManifestIfNeeded } from './build-elements-manifest.mjs';
import { buildCdnIfNeeded, CDN_DIR } from './build-cdn.mjs';
import { elementsPage } from './docs/elements-page.mjs';
import { renderMarkdown } from './docs/markdown-pages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SITE_DIR = process.env.NOVA_DOCS_OUT ? resolve(process.env.NOVA_DOCS_OUT) : join(root, '.nova/site');

function run(cmd, args, cwd, what) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || /\[warning\]|\[error\]/.test(out)) throw new Error(`${what} failed or warned (exit ${r.status}):\n${out}`);
  return out;
}

const TYPEDOC = join(root, 'node_modules/typedoc/bin/typedoc');

/** Markdown sources of the guides (repository-relative). */
function guideFiles() {
  const md = (dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => f.endsWith('.md')).map((f) => `${dir}/${f}`) : []);
  return ['README.md', ...md('docs'), ...md('docs/adr'), ...['core', 'components', 'etl-node'].map((p) => `packages/${p}/README.md`), 'examples/README.md', 'examples/minio/README.md'];
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).map((f) => join(dir, f));
}

/**
 * Every href/src of every page, resolved as `npm start` serves them (site at /docs/, the
 * self-contained build at /dist/, gold at /gold/ — the last one is data, not checked here).
 * Returns the broken ones as "page → link".
 */
export function checkLinks(site) {
  const broken = [];
  let checked = 0;
  const mounts = [
    ['/docs/', site],
    ['/dist/', CDN_DIR],
  ];
  for (const file of htmlFiles(site)) {
    const html = readFileSync(file, 'utf8');
    const base = new URL(`http://docs.invalid/docs/${relative(site, file).split('\\').join('/')}`);
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const raw = m[1].replace(/&amp;/g, '&');
      if (raw === '' || raw.startsWith('#') || /^(data|mailto|javascript):/i.test(raw)) continue;
      const u = new URL(raw, base);
      if (u.origin !== base.origin) continue; // external links are not fetched (offline build)
      if (u.pathname.startsWith('/gold/')) continue;
      checked++;
      const mount = mounts.find(([p]) => u.pathname.startsWith(p));
      let target = mount ? join(mount[1], decodeURIComponent(u.pathname.slice(mount[0].length))) : null;
      if (target && existsSync(target) && statSync(target).isDirectory()) target = join(target, 'index.html');
      if (!target || !existsSync(target)) broken.push(`${relative(site, file)} → ${raw}`);
    }
  }
  return { broken, checked, pages: htmlFiles(site).length };
}

export function buildDocs({ quiet = false } = {}) {
  const log = (s) => quiet || console.log(s);
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core', 'packages/etl-node', 'packages/components'], root, 'tsc');
  buildElementsManifestIfNeeded({ quiet: true });
  buildCdnIfNeeded({ quiet: true });
  rmSync(SITE_DIR, { recursive: true, force: true });
  mkdirSync(SITE_DIR, { recursive: true });
  log('› typedoc: core, components, etl-node');
  run(process.execPath, [TYPEDOC, '--out', join(SITE_DIR, 'api/core')], root, 'typedoc (core)');
  run(process.execPath, [TYPEDOC, '--options', 'typedoc.config.mjs', '--out', join(SITE_DIR, 'api/components')], join(root, 'packages/components'), 'typedoc (components)');
  run(process.execPath, [TYPEDOC, '--options', 'typedoc.json', '--out', join(SITE_DIR, 'api/etl-node')], join(root, 'packages/etl-node'), 'typedoc (etl-node)');
  log('› element reference from custom-elements.json');
  const manifest = JSON.parse(readFileSync(join(root, 'packages/components/custom-elements.json'), 'utf8'));
  const { html, tags } = elementsPage(manifest, { buildUrl: '../../dist/nova-components.js', apiUrl: '../api/components/index.html' });
  mkdirSync(join(SITE_DIR, 'elements'), { recursive: true });
  writeFileSync(join(SITE_DIR, 'elements/index.html'), html);
  log('› guides');
  const guides = renderMarkdown(root, SITE_DIR, guideFiles());
  const links = checkLinks(SITE_DIR);
  if (links.broken.length) throw new Error(`broken links in the docs site:\n  ${links.broken.join('\n  ')}`);
  log(`docs site: ${links.pages} pages (${tags.length} elements, ${guides.length} guide files), ${links.checked} links checked, none broken → ${SITE_DIR}`);
  return { ...links, tags };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildDocs();
  } catch (err) {
    console.error(`✗ ${err.message}`);
    process.exit(1);
  }
}
