import { WHOLE_ITEM_SITE } from '@nova-corrente/core/contract';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputKind } from '../config.js';
import { ident, lit, type Db } from '../db.js';
import { acquireLock, processAlive } from '../gold/lock.js';
import { BusyError } from '../errors.js';
import { RAW_LIMIT, type IngestedFile, type Reject } from '../ingest/types.js';
import { bronzeRelation } from './bronze.js';
import { markDuplicates } from './duplicates.js';
import { metaTable, RULES, txt } from './silver-rules.js';
import { NATIVE_VALUES, nativeName } from '../ingest/plan.js';

/** Kinds every other kind's foreign keys point to: validated first, one after the other. */
export const KEY_KINDS: InputKind[] = ['items', 'sites'];

/**
 * The other kinds point only to items and sites, not to each other: they are validated in lanes
 * side by side (build/lanes.ts) — the large text inputs in one, the forecasts in the other.
 */
export const SILVER_LANES: InputKind[][] = [['consumption', 'inventory'], ['forecasts']];

/** Kinds in the order they must be validated (foreign keys point backwards). */
export const KIND_ORDER: InputKind[] = [...KEY_KINDS, ...SILVER_LANES.flat()];

/** Creates the quarantine table every rejected row lands in, and `defaulted` for repaired cells of kept rows. */
export async function createQuarantine(db: Db): Promise<void> {
  // `source`: the forecast source of a rejected forecast row when known (for the quality gate; not published).
  await db.run(`CREATE OR REPLACE TABLE quarantine (file VARCHAR, line BIGINT, "column" VARCHAR, code VARCHAR, reason VARCHAR, raw VARCHAR, source VARCHAR)`);
  await db.run(`CREATE OR REPLACE TABLE defaulted (file VARCHAR, line BIGINT, "column" VARCHAR, value VARCHAR, "default" VARCHAR)`);
  // Rows kept per input file (and forecast source), counted once as each silver table is made
  // (in its lane): the input counts and the quality gate read these instead of scanning silver.
  await db.run(`CREATE OR REPLACE TABLE silver_kept (kind VARCHAR, file VARCHAR, source VARCHAR, n BIGINT)`);
}

/** Inserts the rejects found while reading (ragged rows, missing metadata…). */
export async function insertRejects(db: Db, rejects: Reject[]): Promise<void> {
  if (rejects.length === 0) return;
  const appender = await db.con.createAppender('quarantine');
  for (const r of rejects) {
    appender.appendVarchar(r.file);
    appender.appendBigInt(BigInt(r.line));
    if (r.column === null) appender.appendNull();
    else appender.appendVarchar(r.column);
    appender.appendVarchar(r.code);
    appender.appendVarchar(r.reason);
    appender.appendVarchar(r.raw.slice(0, RAW_LIMIT));
    appender.appendNull(); // read before typing: the source is not known
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

/**
 * Types and checks the raw records of one kind in a single streaming pass into `silver_<kind>`;
 * rejected rows go to `quarantine` with the first failing check's code, column and reason.
 * Later duplicates of a key are `duplicate_key` (the first occurrence is kept).
 */
export async function buildSilver(db: Db, kind: InputKind, files: IngestedFile[], opts: { sitesGiven: boolean; bronze?: ReadonlyMap<string, string> }): Promise<void> {
  const rules = RULES[kind];
  const silver = ident(`silver_${kind}`);
  const source = `(${bronzeRelation(kind, files, opts.bronze)})`;
  const needsItem = rules.checks.some((c) => c.code === 'unknown_item');
  const joins = [
    needsItem ? `LEFT JOIN (SELECT item_id AS _ik, true AS _item_known FROM silver_items) ki ON ki._ik = b.item_id` : '',
    needsItem && opts.sitesGiven
      ? `LEFT JOIN (SELECT site_id AS _sk, true AS _site_known FROM silver_sites) ks ON ks._sk = coalesce(b.site_id, '${WHOLE_ITEM_SITE}')`
      : '',
  ].join('\n');
  // A forecast without a site (site `default`: a national model) covers the item across all sites:
  // known whatever the sites file lists (dim_site gets a `Default` row for it). A consumption or
  // stock row without a site, when a sites file is given, is still checked against it: a blank
  // depot cell there is an input error to quarantine, not a national figure.
  const siteKnown = kind === 'forecasts' ? `(ks._site_known OR b.site_id IS NULL)` : 'ks._site_known';
  const extra = !needsItem ? '' : opts.sitesGiven ? `, ki._item_known, ${siteKnown} AS _site_known` : ', ki._item_known, true AS _site_known';
  // Dates and timestamps repeat a lot (thousands of distinct values in millions of rows): parse
  // each distinct value once and join. Numbers are parsed row by row, once.
  const parsed = Object.entries(rules.parse);
  const meta = rules.meta;
  const inMeta = (c: string) => meta?.raw.includes(c) ?? false;
  const lookups = parsed.filter((p): p is [string, 'date' | 'ts'] => p[1] !== 'num' && !inMeta(p[0]));
  const lookupJoins = lookups
    .map(([c, how], i) => {
      const parse = how === 'date' ? `nova_date(_k, _date_order)` : `nova_ts(_k)`;
      const order = how === 'date' ? ', _date_order' : '';
      return `LEFT JOIN (SELECT _k${order}, ${parse} AS _v FROM (SELECT DISTINCT ${ident(c)} AS _k${order} FROM ${source})) l${i}
        ON l${i}._k = b.${ident(c)}${how === 'date' ? ` AND l${i}._date_order = b._date_order` : ''}`;
    })
    .join('\n');
  // Per-file metadata (KindRules.meta): each distinct combination of the input file and the raw
  // metadata values gets a number (its parsed values computed once, as the lookups above); the rows
  // keep the number only.
  const metaName = ident(metaTable(kind));
  const rows = meta ? await metaRelation(db, kind, files, opts.bronze, source, parsed.filter(([c]) => inMeta(c)).map(([c]) => c)) : source;
  // A typed Parquet value (`_t_<col>`, ingest/plan.ts NATIVE_VALUES) is taken as it is; its text is NULL.
  const native = NATIVE_VALUES[kind] ?? {};
  const parsedCols = parsed.map(([c, how]) => {
    const text = inMeta(c) ? `b.${ident(`_mp_${c}`)}` : how === 'num' ? `nova_num(b.${ident(c)}, b._decimal)` : `l${lookups.findIndex(([x]) => x === c)}._v`;
    return `${native[c] ? `coalesce(b.${ident(nativeName(c))}, ${text})` : text} AS ${ident(`p_${c}`)}`;
  });
  const errIndex = `CASE ${rules.checks.map((c, i) => `WHEN ${c.when} THEN ${i}`).join(' ')} ELSE NULL END`;
  const reason = `CASE _err ${rules.checks.map((c, i) => `WHEN ${i} THEN ${c.reason}`).join(' ')} END`;
  const rawJson = `left(to_json({${rules.raw.map((col) => `${lit(col)}: ${native[col] ? txt(col) : ident(col)}`).join(', ')}})::VARCHAR, ${RAW_LIMIT})`;
  // Repaired attributes: the default replaces a malformed value, `_fix_<col>` keeps the raw text.
  const repairs = rules.repairs ?? [];
  const typedCols = rules.typed.map((t) => {
    const r = repairs.find((x) => x.column === t.name);
    return `${r ? `CASE WHEN ${r.bad} THEN nova_item_default_${r.default}() ELSE ${t.expr} END` : t.expr} AS ${ident(t.name)}`;
  });
  const fixCols = repairs.map((r) => `CASE WHEN ${r.bad} THEN coalesce(${ident(r.column)}, '') END AS ${ident(`_fix_${r.column}`)}`);
  await db.run(`CREATE OR REPLACE TABLE ${silver} AS
    SELECT ${[...typedCols, ...fixCols].join(', ')}, ${meta ? '_meta' : '_file'}, _line, _err,
      CASE WHEN _err IS NOT NULL THEN ${reason} END AS _reason,
      CASE WHEN _err IS NOT NULL THEN ${rawJson} END AS _raw
    FROM (SELECT *, ${errIndex} AS _err FROM (
      SELECT b.*, ${parsedCols.join(', ') || 'NULL AS _none'} ${extra}
      FROM ${rows} b ${joins} ${lookupJoins}))`);
  if (meta) await db.run(`DROP TABLE _meta_keys`);
  // `_file` and the metadata of a row: its own columns, or its `_meta` row.
  const from = meta ? `${silver} s JOIN ${metaName} m ON m._meta = s._meta` : `${silver} s`;
  const metaColumns = new Set(meta ? ['_file', ...meta.typed.map((t) => t.name)] : []);
  const col = (c: string) => (metaColumns.has(c) ? `m.${ident(c)}` : `s.${ident(c)}`);
  const duplicates = rules.key.length > 0 && (await markDuplicates(db, silver, rules.key, meta ? { table: metaName, columns: metaColumns } : undefined));
  const codes = `[${rules.checks.map((c) => lit(c.code)).join(', ')}]`;
  const columns = `[${rules.checks.map((c) => (c.column === null ? 'NULL' : lit(c.column))).join(', ')}]`;
  const hasSource = [...rules.typed, ...(meta?.typed ?? [])].some((t) => t.name === 'source');
  await db.run(`INSERT INTO quarantine
    SELECT ${col('_file')}, s._line,
      CASE WHEN s._err = -1 THEN ${lit(rules.key[0] ?? '')} ELSE ${columns}[s._err + 1] END,
      CASE WHEN s._err = -1 THEN 'duplicate_key' ELSE ${codes}[s._err + 1] END,
      s._reason, s._raw, ${hasSource ? col('source') : 'NULL'}
    FROM ${from} WHERE s._err IS NOT NULL ORDER BY ${col('_file')}, s._line`);
  await db.run(`DELETE FROM ${silver} WHERE _err IS NOT NULL`);
  for (const r of repairs) {
    const fix = ident(`_fix_${r.column}`);
    await db.run(`INSERT INTO defaulted SELECT _file, _line, ${lit(r.column)}, left(${fix}, ${RAW_LIMIT}), CAST(nova_item_default_${r.default}() AS VARCHAR)
      FROM ${silver} WHERE ${fix} IS NOT NULL ORDER BY _file, _line`);
    await db.run(`ALTER TABLE ${silver} DROP COLUMN ${fix}`);
  }
  await db.run(`ALTER TABLE ${silver} DROP COLUMN _err; ALTER TABLE ${silver} DROP COLUMN _reason; ALTER TABLE ${silver} DROP COLUMN _raw`);
  if (!meta) {
    await db.run(`INSERT INTO silver_kept SELECT ${lit(kind)}, _file, ${hasSource ? 'source' : 'CAST(NULL AS VARCHAR)'}, count(*) FROM ${silver} GROUP BY ALL`);
    return;
  }
  // Rows kept per metadata row: the duplicate check counted them (`_dup_kept`) when it found no duplicate.
  if (duplicates || rules.key.length === 0) {
    await db.run(`CREATE OR REPLACE TEMP TABLE _dup_kept AS SELECT _meta, count(*) AS _n FROM ${silver} GROUP BY _meta`);
  }
  await db.run(`INSERT INTO silver_kept SELECT ${lit(kind)}, m._file, ${hasSource ? 'm.source' : 'CAST(NULL AS VARCHAR)'}, sum(k._n) FROM _dup_kept k JOIN ${metaName} m ON m._meta = k._meta GROUP BY ALL`);
  // The metadata table keeps the rows of kept rows only: what silver (and its file) holds.
  await db.run(`DELETE FROM ${metaName} WHERE _meta NOT IN (SELECT _meta FROM _dup_kept)`);
  await db.run(`DROP TABLE _dup_kept`);
}

/**
 * Creates `silver_<kind>_meta` (`_meta`, `_file` and the typed metadata columns; one row per
 * distinct input file and raw metadata values of `source`, numbered in that order) and the
 * temporary `_meta_keys` (the same numbers with the raw values and the parsed ones, `p_<col>`).
 * Returns the rows of `files` with their `_meta` and each parsed metadata column as `_mp_<col>`:
 * a file with one combination (a sidecar's constants, or columns holding one value each) gets its
 * row by a cross join with that one row; a file with several is joined by its values. `_meta` is
 * the narrowest unsigned integer that holds the numbers (one byte for up to 255 combinations).
 */
async function metaRelation(db: Db, kind: InputKind, files: IngestedFile[], bronze: ReadonlyMap<string, string> | undefined, source: string, parsed: string[]): Promise<string> {
  const meta = RULES[kind].meta!;
  const raw = meta.raw.map(ident);
  const how = RULES[kind].parse;
  const parse = parsed.map((c) => {
    const p = how[c] === 'ts' ? `nova_ts(${ident(c)})` : how[c] === 'date' ? `nova_date(${ident(c)}, _date_order)` : `nova_num(${ident(c)}, _decimal)`;
    return `${p} AS ${ident(`p_${c}`)}`;
  });
  // The dialect goes with the file: a date or number among the metadata would parse with it.
  const dialect = parsed.some((c) => how[c] !== 'ts') ? ', _date_order, _decimal' : '';
  await db.run(`CREATE OR REPLACE TEMP TABLE _meta_keys AS
    SELECT row_number() OVER (ORDER BY _file, ${raw.join(', ')}) AS _meta, _file, ${[...raw, ...parse].join(', ')}
    FROM (SELECT DISTINCT _file, ${raw.join(', ')}${dialect} FROM ${source})`);
  const perFile = await db.all<{ file: string; first: number; n: number }>(
    `SELECT _file AS file, min(_meta)::INTEGER AS first, count(*)::INTEGER AS n FROM _meta_keys GROUP BY _file`);
  const n = perFile.reduce((s, f) => s + Number(f.n), 0);
  const type = n <= 0xff ? 'UTINYINT' : n <= 0xffff ? 'USMALLINT' : 'UINTEGER';
  await db.run(`ALTER TABLE _meta_keys ALTER _meta TYPE ${type}`);
  await db.run(`CREATE OR REPLACE TABLE ${ident(metaTable(kind))} AS
    SELECT _meta, _file, ${meta.typed.map((t) => `${t.expr} AS ${ident(t.name)}`).join(', ')} FROM _meta_keys ORDER BY _meta`);
  const cols = ['_mk._meta', ...parsed.map((c) => `_mk.${ident(`p_${c}`)} AS ${ident(`_mp_${c}`)}`)].join(', ');
  const byValues = `JOIN _meta_keys _mk ON _mk._file = b._file AND ${meta.raw.map((c) => `_mk.${ident(c)} IS NOT DISTINCT FROM b.${ident(c)}`).join(' AND ')}`;
  const parts = files.flatMap((f) => {
    const keys = perFile.find((p) => p.file === f.file);
    if (!keys) return []; // no rows
    const rel = `(${bronzeRelation(kind, [f], bronze)})`;
    // One combination: no join per row (the relation's metadata are constants, or one value each).
    return Number(keys.n) === 1
      ? [`SELECT b.*, ${cols} FROM ${rel} b CROSS JOIN (SELECT * FROM _meta_keys WHERE _meta = ${Number(keys.first)}) _mk`]
      : [`SELECT b.*, ${cols} FROM ${rel} b ${byValues}`];
  });
  return parts.length ? `(${parts.join('\nUNION ALL\n')})` : `(SELECT b.*, ${cols} FROM ${source} b ${byValues})`;
}

/**
 * A silver file being written: `<kind>.parquet.tmp-<pid>-<n>`, the pid of the process writing it and
 * the write's number in that process (two builds in one process — two gold roots sharing a work
 * folder — never share a name). Names without `-<n>` are earlier versions'.
 */
const TEMP_INFIX = '.tmp-';
const TEMP_NAME = /\.parquet\.tmp-(\d+)(?:-\d+)?$/;
let writes = 0;

/** How long a pair's swap waits for another build's (each takes milliseconds; a dead holder's lock is taken over). */
const SWAP_WAIT_MS = 60_000;

/**
 * Runs `swap` holding the lock `<name>.lock` (gold/lock.ts), waiting while another running build
 * holds it: two builds sharing a work folder each rename a pair of files, and only one pair's
 * renames at a time leave two files that belong together.
 */
async function swapAlone(name: string, swap: () => Promise<void>): Promise<void> {
  const until = Date.now() + SWAP_WAIT_MS;
  for (;;) {
    let release: () => Promise<void>;
    try {
      release = await acquireLock(name, 'silver file swap');
    } catch (err) {
      if (!(err instanceof BusyError) || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    try {
      return await swap();
    } finally {
      await release();
    }
  }
}

/**
 * Removes the half-written silver files of killed builds from `<work>/silver` (a build holds its
 * gold root's lock when it calls this; a file whose build still runs — another gold root sharing
 * this work folder — is left alone).
 */
export async function removeDeadSilverTemps(workDir: string): Promise<void> {
  const dir = join(workDir, 'silver');
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = TEMP_NAME.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) await rm(join(dir, name), { force: true });
  }
}

/**
 * Writes `silver_<kind>` to `<work>/silver/<kind>.parquet` and, for a kind with per-file metadata
 * (silver-rules.ts KindRules.meta), `silver_<kind>_meta` to `<work>/silver/<kind>_meta.parquet`
 * beside it: the rows' `_meta` numbers its rows (docs/cli.md "Layers").
 */
export async function writeSilver(db: Db, kind: InputKind, workDir: string): Promise<string> {
  const dir = join(workDir, 'silver');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${kind}.parquet`);
  const metaPath = join(dir, `${kind}_meta.parquet`);
  const withMeta = Boolean(RULES[kind].meta);
  // Written beside and renamed: a build that fails or is stopped mid-copy (build/lanes.ts stops the
  // lanes after a failing one) leaves the previous file or none, never a half-written one.
  const suffix = `${TEMP_INFIX}${process.pid}-${++writes}`;
  const tmp = `${path}${suffix}`;
  const metaTmp = `${metaPath}${suffix}`;
  try {
    // ZSTD level 1: a work layer, written once per build; 15 % less CPU than the default level 3 for
    // 0.3 % more bytes (ADR 0006). A dictionary of at most one entry: the writer no longer builds
    // dictionaries of millions of forecast values only to drop them; ZSTD takes the repeats
    // instead — the forecasts' file −12 % of its CPU for +16 % bytes, the same rows (ADR 0006,
    // session 13).
    const options = `(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, DICTIONARY_SIZE_LIMIT 1)`;
    if (withMeta) await db.run(`COPY ${ident(metaTable(kind))} TO ${lit(metaTmp)} (FORMAT parquet)`);
    await db.run(`COPY ${ident(`silver_${kind}`)} TO ${lit(tmp)} ${options}`);
    if (withMeta) {
      // The pair stays matched: the old rows file goes first, so a build stopped between the two
      // renames leaves a metadata file without its rows file, never rows beside another build's
      // numbers; and one build's renames at a time.
      await swapAlone(join(dir, kind), async () => {
        await rm(path, { force: true });
        await rename(metaTmp, metaPath);
        await rename(tmp, path);
      });
    } else await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    await rm(metaTmp, { force: true });
    throw err;
  }
  return path;
}
