import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildResult } from '../build/index.js';
import { loadConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { grain, int, isoDate, parse, required, resources, RESOURCE_OPTIONS } from './args.js';
import type { DbResources } from '../db.js';
import { createProgress } from './progress.js';

/** Output sink of a command: stdout text/JSON and stderr messages. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

type Command = (argv: string[], io: Io) => Promise<number>;

/**
 * The S3 commands' modules, loaded when one runs: the AWS SDK takes ~0.2 s of CPU to load, which
 * every `build` paid at start-up (ADR 0006, session 14). So are the other commands' own modules
 * (demo, validate, inspect, rollback, seal; doctor in main.ts): a `build` loads ~30 modules fewer
 * before it starts reading (ADR 0006, session 15).
 */
async function s3() {
  const [{ publishToS3, rollbackS3 }, { parseS3Target }] = await Promise.all([import('../publish/s3.js'), import('../publish/s3-target.js')]);
  return { publishToS3, rollbackS3, parseS3Target };
}

async function runBuild(input: string, out: string, g: 'day' | 'week' | 'month', configPath: string | undefined, work: string | undefined, quiet: boolean, asOf?: string, allowPartial = false, res: DbResources = {}) {
  const cfgFile = configPath ?? (existsSync(join(input, 'nova.config.json')) ? join(input, 'nova.config.json') : undefined);
  const config = await loadConfig(cfgFile);
  const progress = createProgress({ quiet });
  try {
    return await build({ input: resolve(input), out: resolve(out), grain: g, config, work, onProgress: progress, asOf, allowPartial, resources: res });
  } finally {
    progress.end();
  }
}

function printBuild(r: BuildResult, io: Io, json: boolean) {
  if (json) {
    io.out(JSON.stringify({ ok: true, snapshot_id: r.manifest.snapshot_id, seconds: r.seconds, manifest: r.manifest, quality: r.quality }, null, 2));
    return;
  }
  const m = r.manifest;
  io.out(`snapshot ${m.snapshot_id} published (${m.grain}, as of ${m.as_of}, ${r.seconds.toFixed(1)} s)`);
  for (const [name, t] of Object.entries(m.tables)) io.out(`  ${name.padEnd(15)} ${String(t.rows).padStart(10)} rows  ${t.files?.length ?? t.placement?.buckets ?? 0} file(s)`);
  io.out(`  rows read ${m.quality.rows_read}, kept ${m.quality.rows_kept}, quarantined ${m.quality.rows_quarantined}`);
  if (m.quality.rows_quarantined > 0) io.out(`  quarantine: ${m.quality.quarantine_path}`);
  for (const s of r.quarantineSample) io.err(`quarantined ${s.file}:${s.line}${s.column ? ` column ${s.column}` : ''}: ${s.reason} [${s.code}]`);
  if (m.quality.rows_quarantined > r.quarantineSample.length) io.err(`… and ${m.quality.rows_quarantined - r.quarantineSample.length} more in ${m.quality.quarantine_path}`);
  for (const w of r.quality.warnings) io.err(`warning: ${w}`);
  if (r.quality.gate.allow_partial) io.err(`QUALITY GATE FAILED — published anyway (--allow-partial):\n${r.quality.gate.failures.map((f) => `  ${f}`).join('\n')}`);
}

const demo: Command = async (argv, io) => {
  const { values } = parse(argv, {
    out: { type: 'string' }, items: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' },
    'as-of': { type: 'string' }, grain: { type: 'string' }, ...RESOURCE_OPTIONS,
  });
  const out = resolve(required(values, 'out'));
  const res = resources(values);
  // Two days back: the demo forecasts are generated the morning after as_of, which must not be after the build.
  const asOf = isoDate(values, 'as-of') ?? new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const quiet = Boolean(values.quiet || values.json);
  const progress = createProgress({ quiet });
  const raw = join(out, 'raw');
  const { generateDemoRaw } = await import('../demo/index.js');
  await generateDemoRaw({
    out: raw, items: int(values, 'items', 300), days: int(values, 'days', 730, 28), seed: int(values, 'seed', 42, 0), asOf, onProgress: (m) => progress(m), resources: res,
  });
  progress.end();
  const r = await runBuild(raw, join(out, 'gold'), grain(values), undefined, join(out, 'work'), quiet, asOf, false, res);
  printBuild(r, io, Boolean(values.json));
  if (!values.json) io.out(`demo raw data: ${raw}\ndemo gold:     ${join(out, 'gold')}`);
  return 0;
};

const buildCmd: Command = async (argv, io) => {
  const { values } = parse(argv, {
    input: { type: 'string' }, out: { type: 'string' }, grain: { type: 'string' }, config: { type: 'string' }, work: { type: 'string' },
    'as-of': { type: 'string' }, 'allow-partial': { type: 'boolean' }, ...RESOURCE_OPTIONS,
  });
  const res = resources(values);
  const r = await runBuild(
    required(values, 'input'), required(values, 'out'), grain(values), values.config as string | undefined, values.work as string | undefined,
    Boolean(values.quiet || values.json), isoDate(values, 'as-of'), Boolean(values['allow-partial']), res,
  );
  printBuild(r, io, Boolean(values.json));
  return 0;
};

const validate: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, {}, 1);
  if (!positionals[0]) throw new UsageError('usage: nova-etl validate GOLD');
  const { validateGold } = await import('../gold/validate.js');
  const r = await validateGold(resolve(positionals[0]));
  if (values.json) io.out(JSON.stringify(r, null, 2));
  else if (r.ok) io.out(`OK ${r.gold}: snapshot ${r.snapshot_id}, ${r.checked.files} files, ${r.checked.rows} rows conform to ${r.contract ?? 'the contract'}`);
  else for (const p of r.problems) io.err(`${r.gold}: ${p}`);
  return r.ok ? 0 : 1;
};

const publish: Command = async (argv, io) => {
  const { values } = parse(argv, {
    from: { type: 'string' }, to: { type: 'string' }, endpoint: { type: 'string' }, keep: { type: 'string' }, concurrency: { type: 'string' }, config: { type: 'string' },
  });
  const { publishToS3, parseS3Target } = await s3();
  const target = parseS3Target(required(values, 'to'), values.endpoint as string | undefined);
  // --keep defaults to keep_snapshots of the config (--config FILE, else the defaults).
  const config = await loadConfig(values.config as string | undefined);
  const progress = createProgress({ quiet: Boolean(values.quiet || values.json) });
  const r = await publishToS3(resolve(required(values, 'from')), target, {
    keep: int(values, 'keep', config.keep_snapshots), concurrency: int(values, 'concurrency', 4), onProgress: progress,
  });
  progress.end();
  if (values.json) io.out(JSON.stringify({ ok: true, ...r }, null, 2));
  else io.out(`published snapshot ${r.snapshot_id} to ${target.url}: ${r.uploaded} objects, ${r.bytes} bytes${r.deleted.length ? `; removed old snapshots ${r.deleted.join(', ')}` : ''}`);
  return 0;
};

const rollback: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { snapshot: { type: 'string' }, endpoint: { type: 'string' } }, 1);
  const where = positionals[0];
  if (!where) throw new UsageError('usage: nova-etl rollback GOLD|s3://bucket/prefix [--snapshot ID]');
  const snap = values.snapshot as string | undefined;
  let m;
  if (where.startsWith('s3://')) {
    const { rollbackS3, parseS3Target } = await s3();
    m = await rollbackS3(parseS3Target(where, values.endpoint as string | undefined), snap);
  } else m = await (await import('../gold/rollback.js')).rollbackFolder(resolve(where), snap);
  if (values.json) io.out(JSON.stringify({ ok: true, snapshot_id: m.snapshot_id, previous_snapshot_id: m.previous_snapshot_id }, null, 2));
  else io.out(`${where} now serves snapshot ${m.snapshot_id} (was ${m.previous_snapshot_id})`);
  return 0;
};

const inspect: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, {}, 1);
  if (!positionals[0]) throw new UsageError('usage: nova-etl inspect GOLD');
  const { inspectGold } = await import('../gold/inspect.js');
  const r = await inspectGold(resolve(positionals[0]));
  io.out(values.json ? JSON.stringify(r.summary, null, 2) : r.text);
  return 0;
};

const seal: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, grain: { type: 'string' }, 'as-of': { type: 'string' }, keep: { type: 'string' } }, 1);
  if (!positionals[0]) throw new UsageError('usage: nova-etl seal FOLDER --out GOLD [--grain day|week|month] [--as-of YYYY-MM-DD] [--keep N]');
  const { sealFolder } = await import('../seal/seal.js');
  const r = await sealFolder({
    input: resolve(positionals[0]), out: resolve(required(values, 'out')), grain: values.grain === undefined ? undefined : grain(values),
    asOf: isoDate(values, 'as-of'), keep: int(values, 'keep', 5),
  });
  const m = r.manifest;
  if (values.json) io.out(JSON.stringify({ ok: true, snapshot_id: m.snapshot_id, seconds: r.seconds, manifest: m }, null, 2));
  else {
    io.out(`sealed ${positionals[0]} as snapshot ${m.snapshot_id} of ${values.out} (${m.contract}, ${m.grain}, as of ${m.as_of}, ${r.seconds.toFixed(1)} s)`);
    for (const [name, t] of Object.entries(m.tables)) io.out(`  ${name.padEnd(15)} ${String(t.rows).padStart(10)} rows  ${t.files?.length ?? t.placement?.buckets ?? 0} file(s)`);
  }
  return 0;
};

/** The sub-commands of `nova-etl`. */
export const COMMANDS: Record<string, Command> = { demo, build: buildCmd, validate, publish, rollback, inspect, seal };
