// The extra golds of the component browser tests, each built once by the real CLI on first use
// (under .nova/, removed by scripts/test-all.mjs before a run) and served by oracle.mjs as
// /gold-<name>/ with a DuckDB oracle at /__duckdb?gold=<name>:
//  - hostile: a small gold whose first item is named `<img src=x onerror=alert(1)>` and second a bidi/zero-width name;
//  - mixed, week: sources that cover different items (ensemble removed for every third item), daily and weekly;
//  - one-count: a weekly gold whose inventory export holds one count per item and site (issue 8's case);
//  - national: a national model beside the per-site forecasts of the same items (the all-sites rule).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'packages/etl-node/bin/nova-etl.js');
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const AS_OF = '2026-06-30';

/** The second item's name: a right-to-left override (shows `evil.exe` reversed) and a zero-width space. */
export const BIDI_NAME = '\u202Eexe.live Para\u200Bfuso';

function buildHostileGold(dir) {
  if (existsSync(join(dir, 'gold', 'manifest.json')) && readFileSync(join(dir, 'raw', 'items.csv'), 'utf8').includes(BIDI_NAME)) return;
  rmSync(dir, { recursive: true, force: true });
  const demo = spawnSync(process.execPath, [cli, 'demo', '--out', dir, '--items', '6', '--days', '120', '--seed', '3', '--as-of', '2026-06-30', '--quiet'], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`nova-etl demo failed: ${demo.stderr}`);
  const items = join(dir, 'raw', 'items.csv');
  // The demo writes Windows-1252 (as Brazilian ERPs do); rewritten as UTF-8, since the names set
  // below are not representable in it.
  const lines = readFileSync(items, 'latin1').split(/\r?\n/);
  const cells = lines[1].split(';');
  cells[2] = `"${HOSTILE_NAME}"`;
  lines[1] = cells.join(';');
  const second = lines[2].split(';');
  second[2] = `"${BIDI_NAME}"`;
  lines[2] = second.join(';');
  writeFileSync(items, lines.join('\n'), 'utf8');
  rmSync(join(dir, 'gold'), { recursive: true, force: true });
  const build = spawnSync(process.execPath, [cli, 'build', '--input', join(dir, 'raw'), '--out', join(dir, 'gold'), '--quiet'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nova-etl build failed: ${build.stderr}`);
}

/**
 * Two golds for the figures tests, built once with the real CLI from one demo raw folder whose
 * `ensemble` forecasts were removed for every third item: the two sources then cover different
 * items (the plan uses croston_sba where ensemble is absent). `mixed` is daily, `week` weekly.
 */
const FIGURE_GOLDS = { mixed: 'day', week: 'week' };
let figureRaw;
async function buildFigureGold(which) {
  const base = join(root, '.nova/test-figures');
  const dir = join(base, which);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  figureRaw ??= (async () => {
    rmSync(base, { recursive: true, force: true });
    const demo = spawnSync(process.execPath, [cli, 'demo', '--out', join(base, 'demo'), '--items', '30', '--days', '300', '--seed', '11', '--as-of', '2026-06-30', '--quiet'], { encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`nova-etl demo failed: ${demo.stderr}`);
    const f = join(base, 'demo', 'raw', 'forecasts', 'ensemble.parquet');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    await con.run(`COPY (SELECT * FROM read_parquet('${f}') WHERE CAST(regexp_extract(item_id, '(\\d+)$') AS INTEGER) % 3 <> 0) TO '${f}.new' (FORMAT parquet)`);
    rmSync(f);
    renameSync(`${f}.new`, f);
    return join(base, 'demo', 'raw');
  })();
  const raw = await figureRaw;
  const build = spawnSync(process.execPath, [cli, 'build', '--input', raw, '--out', dir, '--grain', FIGURE_GOLDS[which], '--as-of', '2026-06-30', '--quiet'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nova-etl build failed: ${build.stderr}`);
  return dir;
}

function buildOneCount(dir) {
  if (existsSync(join(dir, 'gold', 'manifest.json'))) return;
  rmSync(dir, { recursive: true, force: true });
  const run = (args) => {
    const r = spawnSync(process.execPath, [cli, ...args, '--quiet'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`nova-etl ${args[0]} failed: ${r.stderr}`);
  };
  run(['demo', '--out', dir, '--items', '6', '--days', '120', '--seed', '5', '--as-of', AS_OF, '--grain', 'week']);
  // Keep each item-site's last count up to as_of: the inventory export of one day.
  const file = join(dir, 'raw', 'inventory.csv');
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const col = header.split(',');
  const [di, ii, si] = ['date', 'item_id', 'site_id'].map((c) => col.indexOf(c));
  const last = new Map();
  for (const r of rows) {
    const c = r.split(',');
    if (c[di] <= AS_OF) last.set(`${c[ii]}|${c[si]}`, r);
  }
  writeFileSync(file, `${[header, ...last.values()].join('\n')}\n`);
  rmSync(join(dir, 'gold'), { recursive: true, force: true });
  run(['build', '--input', join(dir, 'raw'), '--out', join(dir, 'gold'), '--grain', 'week']);
}


/**
 * sealed: gold written with plain DuckDB SQL (an outside engine's stand-in, no nova-etl code) and
 * made a snapshot by `nova-etl seal`.
 */
async function buildSealed(dir) {
  if (existsSync(join(dir, 'gold', 'manifest.json'))) return;
  rmSync(dir, { recursive: true, force: true });
  const { writeOutsideGold } = await import('../../etl-node/test/support/outside-engine.mjs');
  await writeOutsideGold(join(dir, 'in'));
  const r = spawnSync(process.execPath, [cli, 'seal', join(dir, 'in'), '--out', join(dir, 'gold'), '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nova-etl seal failed: ${r.stderr}`);
}

/**
 * national: the demo's per-site forecasts plus a national model (source `national`, no site
 * column: site `default`) for every item the demo forecasts at two sites or more, 1.25 × the sum
 * of its per-site `ensemble` forecasts. Those items have both kinds of forecast, the case of the
 * contract's all-sites rule (nova-gold/1.5).
 */
async function buildNational(dir) {
  if (existsSync(join(dir, 'gold', 'manifest.json'))) return;
  rmSync(dir, { recursive: true, force: true });
  const demo = spawnSync(process.execPath, [cli, 'demo', '--out', dir, '--items', '6', '--days', '120', '--seed', '9', '--as-of', AS_OF, '--quiet'], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`nova-etl demo failed: ${demo.stderr}`);
  const f = join(dir, 'raw', 'forecasts');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(`COPY (SELECT item_id, date, 1.25 * sum(forecast) AS forecast, 1.25 * sum(forecast_lo) AS forecast_lo, 1.25 * sum(forecast_hi) AS forecast_hi
    FROM read_parquet('${join(f, 'ensemble.parquet')}') WHERE item_id IN (SELECT item_id FROM read_parquet('${join(f, 'ensemble.parquet')}') GROUP BY item_id HAVING count(DISTINCT site_id) >= 2)
    GROUP BY item_id, date ORDER BY item_id, date) TO '${join(f, 'national.parquet')}' (FORMAT parquet)`);
  con.closeSync();
  writeFileSync(join(f, 'national.meta.json'), JSON.stringify({ source: 'national', model_version: 'nat-1', generated_at: '2026-07-01T01:40:00Z', dataset_id: 'erp-int-2026-06-30' }));
  rmSync(join(dir, 'gold'), { recursive: true, force: true });
  const build = spawnSync(process.execPath, [cli, 'build', '--input', join(dir, 'raw'), '--out', join(dir, 'gold'), '--quiet'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nova-etl build failed: ${build.stderr}`);
}

/** Each extra gold by name: its gold folder once built (async; builds run once per process). */
const built = new Map();
export function testGold(name) {
  const dirs = { hostile: join(root, '.nova/test-hostile'), 'one-count': join(root, '.nova/test-one-count') };
  if (!built.has(name)) {
    built.set(name, (async () => {
      if (name === 'hostile') {
        buildHostileGold(dirs.hostile);
        return join(dirs.hostile, 'gold');
      }
      if (name === 'sealed') {
        await buildSealed(join(root, '.nova/test-sealed'));
        return join(root, '.nova/test-sealed', 'gold');
      }
      if (name === 'national') {
        await buildNational(join(root, '.nova/test-national'));
        return join(root, '.nova/test-national', 'gold');
      }
      if (name === 'one-count') {
        buildOneCount(dirs['one-count']);
        return join(dirs['one-count'], 'gold');
      }
      if (name in FIGURE_GOLDS) return buildFigureGold(name);
      throw new Error(`no test gold named ${JSON.stringify(name)}`);
    })());
    built.get(name).catch(() => built.delete(name));
  }
  return built.get(name);
}

/** The raw folder of the hostile gold (for the republish hook). */
export const HOSTILE_RAW = join(root, '.nova/test-hostile', 'raw');
