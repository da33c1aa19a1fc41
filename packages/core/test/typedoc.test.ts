// The public API renders with typedoc and every exported symbol has a doc comment
// (typedoc.json: validation.notDocumented, warnings treated as errors).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';

const root = new URL('../../../', import.meta.url).pathname;

it('typedoc renders @nova-corrente/core with no undocumented export', () => {
  const out = mkdtempSync(join(tmpdir(), 'nova-typedoc-'));
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--out', out], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.ok(existsSync(join(out, 'index.html')));
  assert.ok(existsSync(join(out, 'functions', 'index.createClient.html')), 'createClient page');
  assert.ok(existsSync(join(out, 'functions', 'node.createClient.html')), 'Node createClient page');
});
