// `npm run docs` (scripts/build-docs.mjs): builds with no typedoc warning, the link check over the
// built site finds nothing broken (and does find a planted broken link), the element reference
// shows what custom-elements.json declares, and its live examples run in Chromium on the test gold.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
// @ts-expect-error -- plain ESM helper without types
import { checkLinks } from '../scripts/build-docs.mjs';
// @ts-expect-error -- plain ESM helper without types
import { startStaticServer } from '../scripts/static-server.mjs';

const root = join(import.meta.dirname, '..');
const gold = process.env.NOVA_TEST_GOLD ?? join(root, '.nova/test-demo/gold');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('docs site', { timeout: 600_000 }, () => {
  let tmp = '';
  let site = '';
  let build: { status: number | null; stdout: string; stderr: string };
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'nova-docs-'));
    site = join(tmp, 'site');
    build = spawnSync(process.execPath, [join(root, 'scripts/build-docs.mjs')], { cwd: root, encoding: 'utf8', env: { ...process.env, NOVA_DOCS_OUT: site } });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('builds with no warning and no broken link', (t) => {
    assert.equal(build.status, 0, `${build.stdout}\n${build.stderr}`);
    assert.doesNotMatch(`${build.stdout}${build.stderr}`, /warning|\[error\]/i);
    const summary = /docs site: (\d+) pages .*?(\d+) links checked, none broken/.exec(build.stdout);
    assert.ok(summary, build.stdout);
    t.diagnostic(summary[0]);
    for (const p of ['index.html', 'api/core/index.html', 'api/components/index.html', 'api/etl-node/index.html', 'elements/index.html', 'guide/docs/bundlers.html', 'guide/packages/etl-node/README.html']) {
      assert.ok(readFileSync(join(site, p), 'utf8').length > 500, p);
    }
    assert.match(readFileSync(join(site, 'index.html'), 'utf8'), /intranet portal[\s\S]*integrator[\s\S]*static host or MinIO/i, 'getting started for the three users');
  });

  it('the link check finds a broken link, a missing asset and a bad /dist/ path', () => {
    const fake = join(tmp, 'fake');
    mkdirSync(join(fake, 'a'), { recursive: true });
    writeFileSync(join(fake, 'index.html'), '<a href="a/ok.html">ok</a> <a href="a/missing.html#x">bad</a> <a href="https://example.org/">ext</a>');
    writeFileSync(join(fake, 'a/ok.html'), '<img src="../nope.png"><script src="../../dist/not-built.js"></script><a href="../index.html#top">up</a>');
    const r = checkLinks(fake);
    assert.deepEqual(r.broken.sort(), ['a/ok.html → ../../dist/not-built.js', 'a/ok.html → ../nope.png', 'index.html → a/missing.html#x']);
  });

  it('the element reference shows custom-elements.json: attributes, events with detail types, parts, custom properties', () => {
    const html = readFileSync(join(site, 'elements/index.html'), 'utf8');
    const manifest = JSON.parse(readFileSync(join(root, 'packages/components/custom-elements.json'), 'utf8'));
    const decls = manifest.modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? []).filter((d: { tagName?: string }) => d.tagName);
    assert.ok(decls.length >= 9);
    for (const d of decls as { tagName: string; attributes?: { name: string }[]; events?: { name: string; type: { text: string } }[]; cssParts?: { name: string }[]; cssProperties?: { name: string }[] }[]) {
      const start = html.indexOf(`<section id="${d.tagName}">`);
      assert.ok(start > 0, `${d.tagName} has a section`);
      const section = html.slice(start, html.indexOf('</section>', start));
      for (const a of d.attributes ?? []) assert.ok(section.includes(`<code>${a.name}</code>`), `${d.tagName}: attribute ${a.name}`);
      for (const e of d.events ?? []) assert.ok(section.includes(`<code>${e.name}</code>`) && section.includes(e.type.text.replace(/</g, '&lt;').replace(/>/g, '&gt;')), `${d.tagName}: event ${e.name} with ${e.type.text}`);
      for (const p of d.cssParts ?? []) assert.ok(section.includes(`::part(${p.name})`), `${d.tagName}: part ${p.name}`);
      for (const p of d.cssProperties ?? []) assert.ok(section.includes(p.name), `${d.tagName}: ${p.name}`);
      assert.match(section, new RegExp(`<div class="example"><${d.tagName}|<div class="example"><nova-provider`), `${d.tagName}: live example`);
    }
  });

  it('the live examples run on the demo gold, served as npm start serves them', async () => {
    const server = await startStaticServer({
      mounts: [
        { prefix: '/docs/', dir: site },
        { prefix: '/dist/', dir: join(root, 'packages/components/cdn') },
        { prefix: '/gold/', dir: gold },
      ],
    });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${server.url}/docs/elements/index.html`);
      const h = await page.waitForFunction(() => {
        const chart = document.querySelector('#nova-forecast-chart .example nova-forecast-chart') as (HTMLElement & { loadStatus?: string }) | null;
        const status = chart?.loadStatus;
        return status && status !== 'loading' && status !== 'idle' ? status : false;
      }, undefined, { timeout: 60_000, polling: 100 });
      assert.equal(await h.jsonValue(), 'ready');
      const undefinedTags = await page.evaluate(() => [...document.querySelectorAll('.example *')].map((e) => e.localName).filter((n) => n.startsWith('nova-') && !customElements.get(n)));
      assert.deepEqual(undefinedTags, [], 'every example element is registered');
      assert.deepEqual(errors, [], 'no console error');
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
