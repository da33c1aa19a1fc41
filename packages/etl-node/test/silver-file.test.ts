// The silver file (GOLD.work/silver/<kind>.parquet, docs/cli.md "Layers") is written beside its
// path and renamed: a copy interrupted midway (a stopped lane, build/lanes.ts) leaves the previous
// file as it was, or no file, and no temporary file. A real DuckDB, a real interrupt.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDb } from '../src/db.js';
import { writeSilver } from '../src/build/silver.js';
import { query, tempDir } from './helpers.ts';

describe('writeSilver', () => {
  it('an interrupted copy leaves the previous file untouched and no temporary file', async () => {
    const work = tempDir();
    const path = join(work, 'silver', 'consumption.parquet');
    mkdirSync(join(work, 'silver'), { recursive: true });
    writeFileSync(path, 'the previous build\'s file');
    const db = await openDb({ threads: 2, memoryLimit: '512MB' });
    try {
      // Large enough that the copy takes far longer than the interrupt's delay (random text does not compress).
      await db.run(`CREATE TABLE silver_consumption AS SELECT i AS n, md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS t FROM range(8000000) r(i)`);
      const copy = writeSilver(db, 'consumption', work);
      setTimeout(() => db.con.interrupt(), 150);
      const outcome = await copy.then(() => 'written', (e: Error) => e);
      if (outcome === 'written') {
        // The copy beat the interrupt: then the file is the new, complete one.
        const [r] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path}')`);
        assert.equal(Number(r.n), 8000000);
      } else {
        assert.match(String(outcome), /interrupt/i);
        assert.equal(readFileSync(path, 'utf8'), 'the previous build\'s file');
      }
      assert.deepEqual(readdirSync(join(work, 'silver')), ['consumption.parquet'], 'no temporary file left');
      // And a copy that runs to its end replaces the file with the table's rows.
      await db.run(`DELETE FROM silver_consumption WHERE n >= 1000`);
      await writeSilver(db, 'consumption', work);
      const [r] = await query<{ n: number; s: number }>(`SELECT count(*)::INTEGER AS n, sum(n)::INTEGER AS s FROM read_parquet('${path}')`);
      assert.deepEqual([Number(r.n), Number(r.s)], [1000, (999 * 1000) / 2]);
      assert.ok(existsSync(path));
    } finally {
      db.close();
    }
  });
});
