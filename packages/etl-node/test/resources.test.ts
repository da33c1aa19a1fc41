// DuckDB's memory cap, spill folder and threads: defaults from the machine, precedence of flag >
// environment > default, refusal of bad values (exit 2), and a real build under a tight cap that
// spills into the given folder, cleans it up and writes the same gold as an unconstrained build.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultMemoryLimit, memorySize, openDb, resolveResources } from '../src/db.ts';
import { UsageError } from '../src/errors.ts';
import { goldDifferences } from './gold-compare.ts';
import { runCli, tempDir } from './helpers.ts';

const GiB = 1024 ** 3;

describe('DuckDB resources', () => {
  it('defaults the memory cap to a quarter of the machine, between 256 MB and 1,600 MB', () => {
    assert.equal(defaultMemoryLimit(0.5 * GiB), '256MB'); // a quarter would be 128 MB
    assert.equal(defaultMemoryLimit(4 * GiB), '1024MB');
    assert.equal(defaultMemoryLimit(6 * GiB), '1536MB');
    assert.equal(defaultMemoryLimit(6.25 * GiB), '1600MB'); // a quarter is exactly 1,600 MiB
    assert.equal(defaultMemoryLimit(8 * GiB), '1600MB'); // a quarter would be 2,048 MB
    assert.equal(defaultMemoryLimit(64 * GiB), '1600MB');
  });

  it('takes the option, else the environment, else the default', () => {
    const env = { NOVA_DUCKDB_MEMORY: '700MB', NOVA_DUCKDB_THREADS: '3', NOVA_DUCKDB_TEMP: '/spill/env' };
    assert.deepEqual(resolveResources({ memoryLimit: '1GB', threads: 1, tempDir: '/spill/flag' }, '/work/tmp', env), { memoryLimit: '1GB', threads: 1, tempDir: '/spill/flag' });
    assert.deepEqual(resolveResources({}, '/work/tmp', env), { memoryLimit: '700MB', threads: 3, tempDir: '/spill/env' });
    const d = resolveResources({}, '/work/tmp', {});
    assert.equal(d.memoryLimit, defaultMemoryLimit());
    assert.equal(d.tempDir, '/work/tmp');
    assert.ok(Number.isInteger(d.threads) && d.threads >= 1);
  });

  it('refuses sizes and thread counts that are not ones', () => {
    for (const bad of ['lots', '2 GBs', '-1GB', '', '1e9']) assert.throws(() => memorySize(bad, '--memory-limit'), UsageError);
    assert.equal(memorySize(' 1.5GiB ', '--memory-limit'), '1.5GiB');
    assert.throws(() => resolveResources({}, '/t', { NOVA_DUCKDB_THREADS: '0' }), /NOVA_DUCKDB_THREADS must be an integer ≥ 1/);
    assert.throws(() => resolveResources({}, '/t', { NOVA_DUCKDB_MEMORY: 'all of it' }), /NOVA_DUCKDB_MEMORY must be a size/);
  });

  it('opens DuckDB with the cap, spill folder and threads set', async () => {
    const spill = tempDir();
    const db = await openDb({ memoryLimit: '512MB', tempDir: spill, threads: 1 });
    try {
      const rows = await db.all<{ name: string; value: string }>(
        `SELECT name, value FROM duckdb_settings() WHERE name IN ('memory_limit', 'temp_directory', 'threads') ORDER BY name`,
      );
      // 512 MB = 512,000,000 bytes = 488.2 MiB, as DuckDB prints it.
      assert.deepEqual(rows, [{ name: 'memory_limit', value: '488.2 MiB' }, { name: 'temp_directory', value: spill }, { name: 'threads', value: '1' }]);
    } finally {
      db.close();
    }
  });

  it('exits 2 naming the flag for a bad --memory-limit or --threads', async () => {
    const mem = await runCli(['build', '--input', 'x', '--out', 'y', '--memory-limit', 'lots']);
    assert.equal(mem.code, 2);
    assert.match(mem.stderr, /--memory-limit must be a size such as 2GB or 1500MB \(got "lots"\)/);
    const thr = await runCli(['demo', '--out', 'y', '--threads', '0']);
    assert.equal(thr.code, 2);
    assert.match(thr.stderr, /--threads must be an integer ≥ 1/);
  });

  it('builds under a 64 MB cap spilling into --temp-dir, removes its spill, and writes the same gold (to 1e-9)', async () => {
    const dir = tempDir();
    const spill = join(dir, 'spill');
    mkdirSync(spill);
    const args = ['--items', '60', '--days', '400', '--seed', '5', '--as-of', '2026-03-31', '--quiet'];
    const tight = await runCli(['demo', '--out', join(dir, 'a'), ...args, '--memory-limit', '64MB', '--threads', '1', '--temp-dir', spill]);
    assert.equal(tight.code, 0, tight.stderr);
    const free = await runCli(['demo', '--out', join(dir, 'b'), ...args]);
    assert.equal(free.code, 0, free.stderr);
    assert.deepEqual(readdirSync(spill), [], 'the build and the generator remove their spill subfolders');
    // The same rows, in the same order, with the same values (floating sums to 1e-9) in every table.
    assert.deepEqual(await goldDifferences(join(dir, 'a', 'gold'), join(dir, 'b', 'gold')), []);
  });
});
