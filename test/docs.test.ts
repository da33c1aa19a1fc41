// The install docs say what package.json says: the peer versions named are the declared ones, every
// README shows how to install, ids match the demo's, items() is shown returning { items, total },
// and every relative link in the READMEs and docs/ points at a file that exists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const core = JSON.parse(read('packages/core/package.json'));
const DOCS = ['README.md', 'examples/README.md', ...['core', 'components', 'etl-node'].map((p) => `packages/${p}/README.md`), ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('docs', () => {
  it('name the peer dependencies at the versions core declares, with an npm install line', () => {
    for (const [name, version] of Object.entries<string>(core.peerDependencies)) {
      for (const doc of ['packages/core/README.md', 'docs/bundlers.md', 'README.md']) {
        assert.ok(read(doc).includes(`${name}@${version}`), `${doc} names ${name}@${version}`);
      }
    }
    for (const p of ['core', 'components', 'etl-node']) assert.match(read(`packages/${p}/README.md`), new RegExp(`npm install[^\\n]*@nova-corrente/${p}`), `${p} README`);
  });

  it('cover every bundler the issue names, and items() as { items, total }', () => {
    const b = read('docs/bundlers.md');
    for (const h of ['## Vite', '## esbuild', '## Rollup', '## webpack 5', '## No bundler', '## React 19', '## Node']) assert.ok(b.includes(h), h);
    for (const doc of ['README.md', 'packages/core/README.md', 'docs/bundlers.md']) assert.match(read(doc), /const \{ items, total \} = await nova\.items\(/, doc);
  });

  it('use the demo ids (MAT-000001), not invented ones', () => {
    for (const doc of DOCS) assert.ok(!/\bITM-\d+/.test(read(doc)), `${doc} has no ITM- ids`);
    assert.ok(read('packages/core/README.md').includes('MAT-000001'));
  });

  it('relative links resolve', () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      for (const m of read(doc).matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/i.test(target)) continue;
        // The docs site's generated pages (element reference, API): checked by docs-site.test.ts.
        if (/^(elements|api)\//.test(join(dirname(doc), target))) continue;
        if (!existsSync(join(root, dirname(doc), target))) broken.push(`${doc} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
