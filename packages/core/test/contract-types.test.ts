// Row types and column lists are derived from the contract's TABLES: tsc compiles
// test/types/rows.ts, whose @ts-expect-error lines must each meet a type error.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const core = new URL('..', import.meta.url).pathname;
const root = new URL('../../../', import.meta.url).pathname;

test('row types and column names derive from TABLES: wrong names and types fail to compile', () => {
  const dir = mkdtempSync(join(core, '.types-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: { noEmit: true, rootDir: core, composite: false, declaration: false, declarationMap: false, incremental: false },
      files: [join(core, 'test/types/rows.ts')],
    }));
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
