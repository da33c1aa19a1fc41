// One ETL benchmark, shared by `npm run bench:etl` (5,000 items) and `npm run bench:scale`
// (50,000 items): generates a demo raw folder once, then runs, `runs` times each and alternating,
// the plain-DuckDB floor (floor.mjs) and the real `nova-etl build` in child processes, and prints
// wall and CPU time, peak RSS, disk used (gold, work, DuckDB's spill folder at its peak), the
// manifest size, the build's stages (NOVA_PROFILE=1) and the build/floor ratio — medians, with the
// load average, because the machine these run on is shared.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { folderBytes, gb, mb, measureNode, median, parseStages } from './measure.mjs';

const root = new URL('../..', import.meta.url).pathname;

/**
 * @param {{ title: string, items: string, days: string, seed: string, asOf: string, runs: number, keep: boolean,
 *   dir?: string, memoryLimit?: string, threads?: string, targets: { buildSeconds?: number, peakBytes?: number, ratio?: number } }} o
 * @returns {Promise<number>} exit code: 0 when every run succeeded (missed targets are reported, not fatal)
 */
export async function runBench(o) {
  const out = o.dir ?? mkdtempSync(join(tmpdir(), 'nova-bench-'));
  const raw = o.raw ?? join(out, 'raw');
  const res = [...(o.memoryLimit ? ['--memory-limit', o.memoryLimit] : []), ...(o.threads ? ['--threads', o.threads] : [])];
  console.log(`bench: ${o.items} items × ${o.days} days (seed ${o.seed}, as of ${o.asOf}) in ${out}; ${availableParallelism()} CPUs, ${gb(totalmem())} GB RAM, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // --raw: build an existing demo raw folder (generated with the same options), generation not timed.
  const gen = o.raw
    ? null
    : await measureNode(['scripts/bench-etl/generate.mjs', raw, '--items', o.items, '--days', o.days, '--seed', o.seed, '--as-of', o.asOf], { cwd: root, echo: false });
  if (gen && gen.code !== 0) {
    process.stderr.write(gen.log);
    return 1;
  }
  if (gen) console.log(`generated raw in ${gen.seconds.toFixed(1)} s (cpu ${gen.cpuSeconds?.toFixed(1)} s, peak ${gb(gen.peakBytes)} GB): ${mb(folderBytes(raw))} MB`);
  else console.log(`raw folder given: ${raw} (${mb(folderBytes(raw))} MB), generation not timed`);

  const builds = [];
  const floors = [];
  for (let i = 0; i < o.runs; i++) {
    const fdir = join(out, 'floor');
    rmSync(fdir, { recursive: true, force: true });
    const floor = await measureNode(['scripts/bench-etl/floor.mjs', raw, fdir, ...res], { cwd: root, echo: false });
    if (floor.code !== 0) {
      process.stderr.write(floor.log);
      return 1;
    }
    floors.push(floor);
    rmSync(fdir, { recursive: true, force: true });
    const gold = join(out, 'gold');
    const work = join(out, 'work');
    rmSync(gold, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
    const build = await measureNode(
      ['packages/etl-node/bin/nova-etl.js', 'build', '--input', raw, '--out', gold, '--work', work, '--as-of', o.asOf, ...res],
      { cwd: root, echo: false, env: { NOVA_PROFILE: '1' }, watch: [join(work, 'duckdb-tmp')] },
    );
    if (build.code !== 0) {
      process.stderr.write(build.log);
      return 1;
    }
    build.goldBytes = folderBytes(gold);
    build.workBytes = folderBytes(work);
    build.manifestBytes = statSync(join(gold, 'manifest.json')).size;
    build.manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
    builds.push(build);
    console.log(`run ${i + 1}/${o.runs}: build ${build.seconds.toFixed(1)} s (cpu ${build.cpuSeconds?.toFixed(1)} s, peak ${gb(build.peakBytes)} GB, load ${build.load.map((l) => l.toFixed(1)).join('→')}), ` +
      `floor ${floor.seconds.toFixed(1)} s (cpu ${floor.cpuSeconds?.toFixed(1)} s, peak ${gb(floor.peakBytes)} GB, load ${floor.load.map((l) => l.toFixed(1)).join('→')})`);
  }

  const med = (xs, f) => median(xs.map(f));
  const b = { wall: med(builds, (r) => r.seconds), cpu: med(builds, (r) => r.cpuSeconds ?? NaN), peak: Math.max(...builds.map((r) => r.peakBytes)) };
  const f = { wall: med(floors, (r) => r.seconds), cpu: med(floors, (r) => r.cpuSeconds ?? NaN), peak: Math.max(...floors.map((r) => r.peakBytes)) };
  const typical = [...builds].sort((x, y) => x.seconds - y.seconds)[Math.floor((builds.length - 1) / 2)];
  const rows = typical.manifest.tables.fact_forecast.rows;
  const loads = [...builds, ...floors].flatMap((r) => r.load);
  const mark = (ok) => (ok ? 'ok' : 'MISSED');
  const target = (v, t, fmt, unit) => (t === undefined ? '' : `   target ≤ ${fmt(t)}${unit}   ${mark(v <= t)}`);
  const ratio = b.wall / f.wall;

  console.log(`\n── ${o.title} ${'─'.repeat(Math.max(0, 60 - o.title.length))}`);
  console.log(`items × days          ${o.items} × ${o.days} (seed ${o.seed}, as of ${o.asOf}); medians of ${o.runs} run(s)`);
  console.log(`load average          ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (1 min, at each run's start and end)`);
  console.log(gen ? `demo generation       ${gen.seconds.toFixed(1)} s   cpu ${gen.cpuSeconds?.toFixed(1)} s   peak ${gb(gen.peakBytes)} GB` : `demo generation       not timed (--raw ${raw})`);
  console.log(`build                 ${b.wall.toFixed(1)} s   cpu ${b.cpu.toFixed(1)} s${target(b.wall, o.targets.buildSeconds, (x) => x, ' s')}`);
  console.log(`plain-DuckDB floor    ${f.wall.toFixed(1)} s   cpu ${f.cpu.toFixed(1)} s   peak ${gb(f.peak)} GB   (raw files → sorted ZSTD Parquet, nothing else)`);
  console.log(`build / floor         ${ratio.toFixed(2)}× wall, ${(b.cpu / f.cpu).toFixed(2)}× cpu${target(ratio, o.targets.ratio, (x) => x, '× wall')}`);
  console.log(`peak RSS (build)      ${gb(b.peak)} GB${target(b.peak, o.targets.peakBytes, gb, ' GB')}   (process tree: GNU time and /proc)`);
  console.log(`fact_forecast rows    ${rows.toLocaleString('en-US')}   (${Math.round(rows / b.wall).toLocaleString('en-US')} rows/s)`);
  console.log(`gold on disk          ${mb(typical.goldBytes)} MB   manifest.json ${(typical.manifestBytes / 1024).toFixed(1)} KB`);
  console.log(`work on disk          ${mb(typical.workBytes)} MB (bronze, silver)   spill folder peak ${mb(Math.max(...builds.map((r) => r.watched[0])))} MB`);
  console.log(`stages of the median build (wall s, cpu s):`);
  for (const s of parseStages(typical.log)) console.log(`  ${s.stage.padEnd(34)} ${s.seconds.toFixed(2).padStart(8)} ${s.cpu.toFixed(2).padStart(8)}`);
  if (o.keep) console.log(`output kept in        ${out}`);
  else if (!o.dir) rmSync(out, { recursive: true, force: true });
  return 0;
}

/** Options shared by both bench scripts (`--items`, `--days`, … and the same names in NOVA_BENCH_* variables). */
export function benchOptions(parseArgs, defaults) {
  const env = (k) => process.env[`NOVA_BENCH_${k.toUpperCase().replace(/-/g, '_')}`];
  const { values } = parseArgs({
    options: {
      items: { type: 'string', default: env('items') ?? defaults.items }, days: { type: 'string', default: env('days') ?? defaults.days },
      seed: { type: 'string', default: env('seed') ?? '42' }, 'as-of': { type: 'string', default: env('as-of') ?? '2026-10-31' },
      runs: { type: 'string', default: env('runs') ?? defaults.runs }, keep: { type: 'boolean', default: false },
      dir: { type: 'string', default: env('dir') }, raw: { type: 'string', default: env('raw') }, 'memory-limit': { type: 'string', default: env('memory-limit') }, threads: { type: 'string', default: env('threads') },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be an integer ≥ 1 (got ${values.runs})`);
  if (values.dir && !values.raw && existsSync(join(values.dir, 'raw'))) rmSync(join(values.dir, 'raw'), { recursive: true, force: true });
  if (values.raw && !existsSync(join(values.raw, 'items.csv'))) throw new Error(`--raw ${values.raw}: no items.csv there (a folder written by nova-etl demo is expected)`);
  return {
    items: values.items, days: values.days, seed: values.seed, asOf: values['as-of'], runs, keep: values.keep, dir: values.dir, raw: values.raw,
    memoryLimit: values['memory-limit'], threads: values.threads,
  };
}
