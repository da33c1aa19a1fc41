// What `npm pack` puts in each published tarball: LICENSE (the root's Apache-2.0 text), README,
// every exports-map target with its types and source maps, and nothing else (no tests, no build info).
// Needs `npm run build` first (npm test does it).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const PACKAGES = ['core', 'etl-node', 'components'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Packed {
  name: string;
  files: { path: string }[];
}

/** `npm pack --dry-run --json` of one workspace: the tarball's file list without writing it. */
function packList(pkg: string): Set<string> {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts', '-w', `packages/${pkg}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [packed] = JSON.parse(out) as Packed[];
  return new Set(packed.files.map((f) => f.path));
}

/** Every file an exports-map entry points at (conditions flattened). */
function exportTargets(exp: unknown): string[] {
  if (typeof exp === 'string') return [exp];
  if (exp && typeof exp === 'object') return Object.values(exp).flatMap(exportTargets);
  return [];
}

describe('published tarballs', () => {
  // A stale build-info file from an older build layout must not ship either.
  const stale = PACKAGES.map((p) => join(root, 'packages', p, 'dist', '.tsbuildinfo'));
  const planted: string[] = [];
  const lists = new Map<string, Set<string>>();
  before(() => {
    for (const f of stale) {
      if (existsSync(join(f, '..')) && !existsSync(f)) {
        writeFileSync(f, '{}');
        planted.push(f);
      }
    }
    for (const p of PACKAGES) lists.set(p, packList(p));
  });
  after(() => {
    for (const f of planted) rmSync(f, { force: true });
  });

  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  it('the root LICENSE is the Apache License 2.0 the packages declare', () => {
    assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
    assert.match(license, /END OF TERMS AND CONDITIONS/);
  });

  for (const p of PACKAGES) {
    const dir = join(root, 'packages', p);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

    it(`${pkg.name}: LICENSE (same text as the root) and README ship`, () => {
      const files = lists.get(p)!;
      assert.ok(files.has('LICENSE'), 'LICENSE in the tarball');
      assert.equal(readFileSync(join(dir, 'LICENSE'), 'utf8'), license, 'packages/' + p + '/LICENSE is the root LICENSE');
      assert.ok(files.has('README.md'), 'README.md in the tarball');
      assert.ok(readFileSync(join(dir, 'README.md'), 'utf8').includes(`npm install`), 'README says how to install');
      assert.equal(pkg.license, 'Apache-2.0');
    });

    it(`${pkg.name}: repository, homepage, bugs and engines are declared`, () => {
      assert.equal(pkg.repository?.type, 'git');
      assert.match(pkg.repository?.url ?? '', /^git\+https:\/\/.+\.git$/);
      assert.equal(pkg.repository?.directory, `packages/${p}`);
      assert.match(pkg.homepage ?? '', /^https:\/\//);
      assert.match(pkg.bugs?.url ?? '', /^https:\/\/.+\/issues$/);
      assert.equal(pkg.engines?.node, '>=20');
    });

    it(`${pkg.name}: every exports target ships, with its declaration and source maps`, () => {
      const files = lists.get(p)!;
      const targets = exportTargets(pkg.exports).map((t) => t.replace(/^\.\//, ''));
      assert.ok(targets.length >= 2, `${targets.length} export targets`);
      for (const t of targets) {
        assert.ok(files.has(t), `${t} (exports) is in the tarball`);
        if (t.endsWith('.js') && t.startsWith('dist/')) {
          assert.ok(files.has(`${t}.map`), `${t}.map`);
          assert.ok(files.has(t.replace(/\.js$/, '.d.ts')), `${t} has its .d.ts`);
        }
        // tsc's declarations have maps; generated ones (JSX typings) have no source to map to.
        if (t.endsWith('.d.ts') && files.has(t.replace(/\.d\.ts$/, '.js'))) assert.ok(files.has(`${t}.map`), `${t}.map`);
      }
      // Declaration maps point into src/, which ships so "go to definition" lands on the source.
      const dts = [...files].filter((f) => f.endsWith('.d.ts'));
      assert.ok(dts.length > 3);
      for (const d of dts) if (files.has(d.replace(/\.d\.ts$/, '.js'))) assert.ok(files.has(`${d}.map`), `${d}.map`);
      assert.ok([...files].some((f) => f.startsWith('src/') && f.endsWith('.ts')), 'src/ ships for the maps');
    });

    it(`${pkg.name}: no tests, fixtures, build info or stray files`, () => {
      const files = [...lists.get(p)!];
      const bad = files.filter((f) => /(^|\/)(test|tests|__tests__|fixtures)\//.test(f) || /\.test\.[cm]?[jt]s$/.test(f) || /tsbuildinfo/.test(f) || /(^|\/)\.[^/]+$/.test(f) || /node_modules\//.test(f));
      assert.deepEqual(bad, []);
      const top = new Set(files.map((f) => f.split('/')[0]));
      const allowed = new Set(['package.json', 'LICENSE', 'README.md', ...pkg.files.filter((f: string) => !f.startsWith('!'))]);
      assert.deepEqual([...top].filter((t) => !allowed.has(t)), [], 'only what files lists');
    });
  }

  it('changesets publish the scoped packages publicly', () => {
    const cfg = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));
    assert.equal(cfg.access, 'public');
  });
});
