// The bundle holds no secrets: the test token and keys of the private-gold tests (and AWS's
// documentation example keys) appear in no built file (cdn/, dist/) and no packed tarball. The
// scan itself is checked first on a tarball that does hold one, so it cannot pass by reading nothing.
// Needs `npm run build` first (npm test does it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
// @ts-expect-error -- plain ESM script without types
import { TEST_SECRETS } from '../scripts/test-helpers/test-secrets.mjs';

const root = join(import.meta.dirname, '..');
const PACKAGES = ['core', 'etl-node', 'components'];
const SECRETS = [...Object.values(TEST_SECRETS as Record<string, string>), 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'];
let packDir: string;

/** The secrets found in `bytes` (a .tgz is read decompressed: tar stores file contents as they are). */
function found(bytes: Buffer, name: string): string[] {
  const text = (name.endsWith('.tgz') ? gunzipSync(bytes) : bytes).toString('latin1');
  return SECRETS.filter((s) => text.includes(s));
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : [join(dir, e)]));
}

before(() => {
  packDir = mkdtempSync(join(tmpdir(), 'nova-no-secrets-'));
  for (const p of PACKAGES) execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir, '-w', `packages/${p}`], { cwd: root, stdio: 'ignore' });
});
after(() => rmSync(packDir, { recursive: true, force: true }));

test('the scan finds a secret inside a gzipped tarball', () => {
  const planted = gzipSync(Buffer.from(`package/dist/x.js\0\0${'\0'.repeat(100)}const t = "${SECRETS[0]}";`));
  assert.deepEqual(found(planted, 'x.tgz'), [SECRETS[0]]);
  assert.deepEqual(found(Buffer.from('nothing here'), 'x.js'), []);
});

test('no test token or key in the built bundles and dist/ output', () => {
  const files = PACKAGES.flatMap((p) => [...walk(join(root, 'packages', p, 'cdn')), ...walk(join(root, 'packages', p, 'dist'))]);
  assert.ok(files.some((f) => f.endsWith('cdn/nova-components.js')), 'the self-contained bundle is there to scan');
  assert.ok(files.length > 50, `${files.length} files scanned`);
  for (const f of files) assert.deepEqual(found(readFileSync(f), f), [], f);
});

test('no test token or key in the packed tarballs', () => {
  const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  assert.equal(tarballs.length, PACKAGES.length, tarballs.join(', '));
  for (const t of tarballs) {
    const bytes = readFileSync(join(packDir, t));
    assert.ok(gunzipSync(bytes).length > 10_000, `${t} has content`);
    assert.deepEqual(found(bytes, t), [], t);
  }
});
