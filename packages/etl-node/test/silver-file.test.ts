// The silver file (GOLD.work/silver/<kind>.parquet, docs/cli.md "Layers") is written beside its
// path and renamed: a copy interrupted midway (a stopped lane, build/lanes.ts) leaves the previous
// file as it was, or no file, and no temporary file. A real DuckDB, a real interrupt.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDb } from '../src/db.js';
import { removeDeadSilverTemps, writeSilver } from '../src/build/silver.js';
import { query, tempDir } from './helpers.ts';

/** Tables shaped like the forecasts' silver (docs/cli.md "Layers"): `rows` rows over 3 metadata rows; random text does not compress. */
const FORECASTS_SQL = (rows: number) => `
  CREATE TABLE silver_forecasts_meta AS SELECT i::UTINYINT AS _meta, 'forecasts/f' || i || '.csv' AS _file, 's' || i AS source,
    'v1' AS model_version, TIMESTAMP '2024-01-01' AS generated_at, 'ds' AS dataset_id FROM range(1, 4) r(i);
  CREATE TABLE silver_forecasts AS SELECT md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS item_id, 'default' AS site_id,
    DATE '2024-01-01' + (i % 900)::INTEGER AS date, i::DOUBLE AS forecast, NULL::DOUBLE AS forecast_lo, NULL::DOUBLE AS forecast_hi,
    (1 + i % 3)::UTINYINT AS _meta, (i + 2)::BIGINT AS _line FROM range(${rows}) r(i)`;

describe('writeSilver', () => {
  it('an interrupted copy leaves the previous file untouched and no temporary file', async () => {
    const work = tempDir();
    const path = join(work, 'silver', 'consumption.parquet');
    mkdirSync(join(work, 'silver'), { recursive: true });
    writeFileSync(path, 'the previous build\'s file');
    const db = await openDb({ threads: 2, memoryLimit: '512MB', tempDir: join(work, 'spill') }); // spills there, not into the cwd's .tmp
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

  it('the forecasts\' pair (rows and metadata): an interrupted copy leaves the previous pair, a complete one writes both', async () => {
    const work = tempDir();
    const dir = join(work, 'silver');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'forecasts.parquet'), 'previous rows');
    writeFileSync(join(dir, 'forecasts_meta.parquet'), 'previous metadata');
    const db = await openDb({ threads: 2, memoryLimit: '512MB', tempDir: join(work, 'spill') }); // spills there, not into the cwd's .tmp
    try {
      await db.run(FORECASTS_SQL(8000000));
      const copy = writeSilver(db, 'forecasts', work);
      setTimeout(() => db.con.interrupt(), 150);
      const outcome = await copy.then(() => 'written', (e: Error) => e);
      if (outcome !== 'written') {
        assert.match(String(outcome), /interrupt/i);
        assert.equal(readFileSync(join(dir, 'forecasts.parquet'), 'utf8'), 'previous rows');
        assert.equal(readFileSync(join(dir, 'forecasts_meta.parquet'), 'utf8'), 'previous metadata');
      }
      assert.deepEqual(readdirSync(dir).sort(), ['forecasts.parquet', 'forecasts_meta.parquet'], 'no temporary file left');
      await db.run(`DELETE FROM silver_forecasts WHERE _line >= 1002`);
      await writeSilver(db, 'forecasts', work);
      // Every row's number is in the metadata file: 1000 rows, 334 + 333 + 333 over s1, s2, s3.
      const got = await query<{ source: string; n: number }>(
        `SELECT m.source, count(*)::INTEGER AS n FROM read_parquet('${join(dir, 'forecasts.parquet')}') f
         JOIN read_parquet('${join(dir, 'forecasts_meta.parquet')}') m USING (_meta) GROUP BY 1 ORDER BY 1`);
      assert.deepEqual(got.map((g) => [g.source, Number(g.n)]), [['s1', 334], ['s2', 333], ['s3', 333]]);
    } finally {
      db.close();
    }
  });

  it('a build killed mid-copy (SIGKILL) leaves the previous pair and only temporary files, which the next build removes', async () => {
    const work = tempDir();
    const dir = join(work, 'silver');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'forecasts.parquet'), 'previous rows');
    writeFileSync(join(dir, 'forecasts_meta.parquet'), 'previous metadata');
    const script = join(work, 'copy.mts');
    const src = new URL('../src/', import.meta.url).pathname;
    writeFileSync(script, `import { openDb } from ${JSON.stringify(join(src, 'db.ts'))};
      import { writeSilver } from ${JSON.stringify(join(src, 'build', 'silver.ts'))};
      const db = await openDb({ threads: 2, memoryLimit: '512MB', tempDir: ${JSON.stringify(join(work, 'spill'))} });
      await db.run(${JSON.stringify(FORECASTS_SQL(12000000))});
      process.stdout.write('copying\\n');
      await writeSilver(db, 'forecasts', ${JSON.stringify(work)});
      process.stdout.write('written\\n');`);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    // Killed as soon as the rows' temporary file exists: the copy runs.
    const rowsTmp = `forecasts.parquet.tmp-${child.pid}-1`;
    while (!readdirSync(dir).includes(rowsTmp) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    const signal = await exited;
    assert.equal(signal, 'SIGKILL', `the copy was killed, not finished (${out.trim()})`);
    assert.equal(readFileSync(join(dir, 'forecasts.parquet'), 'utf8'), 'previous rows');
    assert.equal(readFileSync(join(dir, 'forecasts_meta.parquet'), 'utf8'), 'previous metadata');
    const left = readdirSync(dir).filter((n) => !n.endsWith('.parquet'));
    assert.ok(left.includes(rowsTmp), `the half-written file is a temporary one: ${left.join(', ')}`);
    assert.ok(left.every((n) => n.endsWith(`.tmp-${child.pid}-1`)), left.join(', '));
    // An earlier version's name (pid only) of a dead build goes too; a live process's stays.
    writeFileSync(join(dir, `consumption.parquet.tmp-${child.pid}`), 'old name');
    writeFileSync(join(dir, `consumption.parquet.tmp-${process.pid}-7`), 'a running build');
    await removeDeadSilverTemps(work);
    assert.deepEqual(readdirSync(dir).sort(), [`consumption.parquet.tmp-${process.pid}-7`, 'forecasts.parquet', 'forecasts_meta.parquet']);
  });

  it('two builds in one process sharing the work folder: their copies never share a temporary file, and every pair left belongs together', async () => {
    const work = tempDir();
    const dir = join(work, 'silver');
    // Build A's forecasts all point to metadata of files a*.csv, build B's to b*.csv; A has 3,000 rows, B 5,000.
    const made = await Promise.all(['a', 'b'].map(async (who, k) => {
      const db = await openDb({ threads: 1, memoryLimit: '256MB', tempDir: join(work, `spill-${who}`) });
      await db.run(FORECASTS_SQL(3000 + 2000 * k).replaceAll(`'forecasts/f'`, `'forecasts/${who}'`));
      return db;
    }));
    try {
      for (let round = 0; round < 12; round++) {
        await Promise.all(made.map((db) => writeSilver(db, 'forecasts', work)));
        const [pair] = await query<{ rows: number; files: string; orphans: number }>(
          `SELECT count(*)::INTEGER AS rows, string_agg(DISTINCT left(m._file, 11), ',') AS files, count(*) FILTER (WHERE m._meta IS NULL)::INTEGER AS orphans
           FROM read_parquet('${join(dir, 'forecasts.parquet')}') f LEFT JOIN read_parquet('${join(dir, 'forecasts_meta.parquet')}') m USING (_meta)`);
        assert.equal(Number(pair.orphans), 0, `round ${round}: every row's number is in the metadata file`);
        assert.ok(
          (pair.files === 'forecasts/a' && Number(pair.rows) === 3000) || (pair.files === 'forecasts/b' && Number(pair.rows) === 5000),
          `round ${round}: the rows and the metadata are one build's (${pair.files}, ${pair.rows} rows)`,
        );
        assert.deepEqual(readdirSync(dir).sort(), ['forecasts.parquet', 'forecasts_meta.parquet'], `round ${round}: no temporary or lock file left`);
      }
    } finally {
      for (const db of made) db.close();
    }
  });
});

