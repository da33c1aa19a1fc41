// The package as published: exports map, dependency list, and a browser entry free of Node-only code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const pkgDir = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

test('exports map: types first, browser entry, ./node for Node only', () => {
  for (const [key, value] of Object.entries(pkg.exports as Record<string, unknown>)) {
    if (typeof value === 'string') continue;
    assert.equal(Object.keys(value as object)[0], 'types', `${key}: types first`);
  }
  assert.deepEqual(Object.keys(pkg.exports['./node']), ['types', 'node']);
  assert.equal(pkg.sideEffects, false);
});

test('dependencies: the I/O stack and SHA-256 only, no ML library, one apache-arrow (17.x)', () => {
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@noble/hashes', 'apache-arrow', 'fzstd', 'hyparquet']);
  assert.equal(pkg.dependencies['apache-arrow'], '17.0.0');
  const all = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {})];
  for (const name of all) assert.ok(!/tensorflow|onnx|torch|prophet|ml-|brain|sklearn|xgboost|lightgbm/i.test(name), name);
  const arrow = JSON.parse(readFileSync(join(pkgDir, '../../node_modules/apache-arrow/package.json'), 'utf8'));
  assert.equal(arrow.version, '17.0.0', 'the one apache-arrow copy DuckDB-WASM also uses');
});

test('nothing Node-only is reachable from the browser entry', () => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2];
      assert.ok(!spec.startsWith('node:') && spec !== '@duckdb/node-api', `${file} imports ${spec}`);
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    }
  };
  visit(join(pkgDir, 'src/index.ts'));
  assert.ok(seen.size > 10, `walked ${seen.size} modules`);
  assert.ok([...seen].every((f) => !f.includes('/node/')), 'no module of src/node/');
  assert.ok(existsSync(join(pkgDir, 'src/node/index.ts')));
});
