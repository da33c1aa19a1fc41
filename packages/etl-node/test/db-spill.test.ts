// A DuckDB opened without a spill folder (validate, seal, tests) used DuckDB's default: `.tmp` in
// the current directory — a checkout, or wherever an operator runs `nova-etl validate`; a process
// killed mid-spill left it there (880 MB once, in the repository). openDb now gives such an
// instance its own folder under the OS temp folder (or NOVA_DUCKDB_TEMP), removed on close.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { openDb } from '../src/db.ts';
import { tempDir } from './helpers.ts';

describe('openDb without a spill folder', () => {
  it('spills into its own folder under the temp folder, not the current directory, and removes it on close', async () => {
    const cwd = tempDir();
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const db = await openDb({ threads: 1, memoryLimit: '64MB' });
      const dir = String((await db.one<{ d: string }>(`SELECT current_setting('temp_directory') AS d`))?.d);
      assert.ok(dir.startsWith(`${tmpdir()}/nova-duckdb-`), `spill folder ${dir}`);
      // A sort of ~200 MB under a 64 MB cap has to spill.
      await db.run(`CREATE TABLE big AS SELECT md5(i::VARCHAR) || md5((i * 3)::VARCHAR) AS t FROM range(3000000) r(i) ORDER BY t`);
      const spilled = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM duckdb_temporary_files()`);
      assert.ok(existsSync(dir), 'the folder exists while the instance is open');
      assert.ok(Number(spilled?.n) > 0 || readdirSync(dir).length > 0, 'the sort spilled into it');
      db.close();
      assert.equal(existsSync(dir), false, 'removed on close');
      assert.deepEqual(readdirSync(cwd), [], 'nothing written into the current directory');
    } finally {
      process.chdir(before);
    }
  });

  it('NOVA_DUCKDB_TEMP names where that folder goes (created when missing)', async () => {
    const base = `${tempDir()}/spill/here`;
    process.env.NOVA_DUCKDB_TEMP = base;
    try {
      const db = await openDb({ threads: 1 });
      const dir = String((await db.one<{ d: string }>(`SELECT current_setting('temp_directory') AS d`))?.d);
      assert.ok(dir.startsWith(`${base}/nova-duckdb-`), `spill folder ${dir}`);
      db.close();
      assert.deepEqual(readdirSync(base), []);
    } finally {
      delete process.env.NOVA_DUCKDB_TEMP;
    }
  });
});
