import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import {
  bucketCount, bucketFileName, rowsPerBucket, INDEX_RECORD_BYTES, indexRecordText, itemBucketSql, PLACEMENT_HASH, TABLES,
  type FileIndexRecord, type ManifestTable, type TableFile, type TableName,
} from '@nova-corrente/core/contract';
import { checkpoint } from '../checkpoint.js';
import { ident, lit, type Db } from '../db.js';
import { deriveTable } from './derived.js';
import { sha256File, sha256OfHashes } from './files.js';
import { LAYOUT, rowGroupSizeFor } from './layout.js';
import { writeSearch } from './write-search.js';

/**
 * A written file's size, rows, row groups and SHA-256, read back from the file (its footer: one
 * metadata query per file, which counts with ~4,300 fact files at 50,000 items).
 */
export async function describeFile(db: Db, abs: string, rel: string): Promise<TableFile> {
  const meta = await db.one<{ rows: number; rg: number }>(
    `SELECT CAST(num_rows AS BIGINT) AS rows, CAST(num_row_groups AS INTEGER) AS rg FROM parquet_file_metadata(${lit(abs)})`,
  );
  return {
    path: rel,
    rows: Number(meta?.rows ?? 0),
    bytes: (await stat(abs)).size,
    sha256: await sha256File(abs),
    row_groups: Number(meta?.rg ?? 0),
  };
}

/** The contract's columns of a table, cast to their contract types, as a SELECT list. */
export function castColumns(name: TableName): string {
  return TABLES[name].columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ');
}

/**
 * Writes the file index of an item-partitioned table (`index.jsonl`, one fixed-size record per
 * bucket) and returns the table's nova-gold/1.2 manifest fields for it.
 */
export async function writeIndex(snapshotDir: string, relRoot: string, name: TableName, files: TableFile[]): Promise<Pick<ManifestTable, 'placement' | 'index'>> {
  const text = files.map((f, bucket) => indexRecordText({ bucket, path: f.path, rows: f.rows, bytes: f.bytes, sha256: f.sha256, row_groups: f.row_groups } as FileIndexRecord)).join('');
  const abs = join(snapshotDir, name, 'index.jsonl');
  await writeFile(abs, text);
  return {
    placement: { column: 'item_id', hash: PLACEMENT_HASH, buckets: files.length },
    index: { path: posix.join(relRoot, name, 'index.jsonl'), bytes: Buffer.byteLength(text), sha256: await sha256File(abs), record_bytes: INDEX_RECORD_BYTES },
  };
}

/**
 * A table's nova-gold/1.2 manifest entry from its files (and, for item-partitioned tables, its
 * index). Columns and sort key are left out: they are the contract's, and readers fill them in
 * (`withContractColumns`).
 */
export async function tableEntry(db: Db, name: TableName, relRoot: string, files: TableFile[], dateSource: string, index?: Pick<ManifestTable, 'placement' | 'index'>): Promise<ManifestTable> {
  const spec = TABLES[name];
  const hasDate = spec.columns.some((c) => c.name === 'date');
  const range = hasDate
    ? await db.one<{ lo: string | null; hi: string | null }>(`SELECT CAST(min(date) AS VARCHAR) lo, CAST(max(date) AS VARCHAR) hi FROM ${dateSource}`)
    : undefined;
  const entry: Omit<ManifestTable, 'columns' | 'sort_key'> = {
    // A table of several files (item-partitioned, or agg_risk's two) is a folder.
    path: spec.partitionedByItem || files.length > 1 ? posix.join(relRoot, name) : files[0].path,
    rows: files.reduce((s, f) => s + f.rows, 0),
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    sha256: sha256OfHashes(files.map((f) => f.sha256)),
    ...(hasDate ? { min_date: range?.lo ?? null, max_date: range?.hi ?? null } : {}),
    ...(index ?? { files }),
  };
  return entry as ManifestTable;
}

/** Column of a gold table laid out for {@link writeBuckets}: the item's bucket (not written). */
export const BUCKET_COLUMN = '_bucket';

/** Name of the table {@link itemBuckets} creates for gold table `name`. */
function bucketsTable(name: TableName): string {
  return ident(`_buckets_${name}`);
}

/**
 * Creates the temp table `_buckets_<name>` (item_id, _bucket): the bucket of every item of
 * `itemsSql` (a relation with an `item_id` column) for a table of `rows` rows (contract
 * `placement.ts`), each item hashed once. A stage that makes `g_<name>` with this `_bucket`
 * and orders it by (`_bucket`, sort key) spares the writer a second sort of the table.
 */
export async function itemBuckets(db: Db, name: TableName, rows: number, itemsSql: string): Promise<string> {
  const t = bucketsTable(name);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${t} AS SELECT item_id, ${itemBucketSql('item_id', bucketCount(rows, rowsPerBucket(name)))} AS ${BUCKET_COLUMN}
    FROM (SELECT DISTINCT item_id FROM ${itemsSql})`);
  return t;
}

/**
 * Whether `src` (gold table `name`) was laid out by the build with `_bucket` ({@link itemBuckets}):
 * then its buckets table is checked against the placement rule for `buckets` buckets (a mismatch
 * is an internal error).
 */
async function hasCheckedBuckets(db: Db, name: TableName, src: string, buckets: number): Promise<boolean> {
  const hasBucket = await db.one(`SELECT 1 AS y FROM (DESCRIBE ${src}) WHERE column_name = $1`, [BUCKET_COLUMN]);
  if (!hasBucket) return false;
  const bad = await db.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${bucketsTable(name)} WHERE ${BUCKET_COLUMN} IS DISTINCT FROM ${itemBucketSql('item_id', buckets)}`,
  );
  if (Number(bad?.n ?? 1) !== 0) throw new Error(`internal: ${src}.${BUCKET_COLUMN} does not place its items in ${buckets} buckets`);
  return true;
}

/**
 * Makes sure `src` (gold table `name`) is ordered by (bucket, sort key) with `_bucket` right for
 * its row count, and returns the relation to copy buckets from. A table made that way by the
 * build (its `_bucket` from {@link itemBuckets}) is used as it is, after a check of the buckets
 * table against the row count; any other is hashed and sorted into a temp table here.
 */
async function bucketedSource(db: Db, name: TableName, src: string, rows: number, buckets: number): Promise<{ rel: string; temp: boolean }> {
  if (await hasCheckedBuckets(db, name, src, buckets)) return { rel: src, temp: false };
  const order = TABLES[name].sortKey.map(ident).join(', ');
  // Hash each item once, then one sort by (bucket, key): every bucket is a contiguous run that
  // DuckDB's zone maps find without scanning the rest. Not TEMP: the writer's other connections read it.
  const t = await itemBuckets(db, name, rows, src);
  await db.run(`CREATE OR REPLACE TABLE _bucketed AS SELECT b.${BUCKET_COLUMN}, s.* FROM ${src} s JOIN ${t} b USING (item_id) ORDER BY b.${BUCKET_COLUMN}, ${order}`);
  return { rel: '_bucketed', temp: true };
}

/**
 * Rows of a group of buckets ({@link partitionByGroup}): the writer loads a group and sorts it by
 * bucket in memory (~60 bytes a fact row: ~60 MB a group, at most one per DuckDB thread plus one
 * loaded at a time: {@link groupedTable}), so nothing of that sort spills (ADR 0006, sessions 12, 15).
 */
export const GROUP_ROWS = 1_000_000;

/**
 * Writes `select` (rows with `_bucket`, for a table of `rows` rows in `buckets` buckets) into
 * uncompressed Parquet files in `scratch` (emptied first), one folder `_group=<g>` per group of
 * contiguous buckets of ~`groupRows` rows, in one streaming pass in any row order. Returns the
 * layout for {@link writeBuckets} and the relation that reads the rows back (any order).
 */
export async function partitionByGroup(db: Db, select: string, rows: number, buckets: number, scratch: string, groupRows = GROUP_ROWS): Promise<{ groups: number; rel: string }> {
  const groups = Math.max(1, Math.min(buckets, Math.ceil(rows / groupRows)));
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  // Group g holds buckets [firstBucket(g), firstBucket(g + 1)): b * groups // buckets.
  await db.run(`COPY (SELECT *, (${BUCKET_COLUMN} * ${groups}) // ${buckets} AS _group FROM (${select})) TO ${lit(scratch)}
    (FORMAT parquet, PARTITION_BY (_group), COMPRESSION uncompressed)`);
  await checkpoint('build:grouped');
  return { groups, rel: `read_parquet(${lit(join(scratch, '*', '*.parquet'))}, hive_partitioning = false)` };
}

/** The files of buckets `from` … `to - 1` of `name`, described with one footer query for all of them. */
async function describeFiles(con: Db, name: TableName, snapshotDir: string, relRoot: string, from: number, to: number): Promise<TableFile[]> {
  const abs = Array.from({ length: to - from }, (_, i) => join(snapshotDir, name, bucketFileName(from + i)));
  if (abs.length === 0) return [];
  const meta = new Map((await con.all<{ f: string; rows: number; rg: number }>(
    `SELECT file_name AS f, CAST(num_rows AS BIGINT) AS rows, CAST(num_row_groups AS INTEGER) AS rg FROM parquet_file_metadata([${abs.map(lit).join(', ')}])`,
  )).map((m) => [m.f, m]));
  return Promise.all(abs.map(async (a, i) => {
    const m = meta.get(a);
    if (!m) throw new Error(`internal: no footer read for ${a}`);
    return {
      path: posix.join(relRoot, name, bucketFileName(from + i)),
      rows: Number(m.rows),
      bytes: (await stat(a)).size,
      sha256: await sha256File(a),
      row_groups: Number(m.rg),
    };
  }));
}

/**
 * Runs `work(con, i)` for i = 0 … n - 1 on `db` and as many sibling connections as DuckDB has
 * threads (at most n), each connection taking the next i when it is done; the first failure
 * stops the others after their current item and is thrown.
 */
async function onConnections(db: Db, n: number, work: (con: Db, i: number) => Promise<void>): Promise<void> {
  const cons = [db, ...(await Promise.all(Array.from({ length: Math.max(0, Math.min(db.threads, n) - 1) }, () => db.connect())))];
  let next = 0;
  const done = await Promise.allSettled(cons.map(async (con) => {
    for (let i = next++; i < n; i = next++) {
      try {
        await work(con, i);
      } catch (err) {
        next = n; // the other connections stop after their current item
        throw err;
      }
    }
  }));
  for (const con of cons.slice(1)) con.close();
  const failed = done.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The COPY of bucket `b` of `rel` (`rows` rows) into its file, ordered by the table's key. */
function copyBucketSql(name: TableName, rel: string, b: number, rows: number, abs: string): string {
  // Each bucket is sorted by the key as it is copied (12,500 rows, in memory): the file's order
  // then never rests on how DuckDB scans a view or a join, and the sort hands the writer full
  // 2,048-row chunks, so every row group but a file's last has exactly 2,048 rows (a filtered
  // scan's chunks are cut at the table's row groups; ADR 0006, session 11).
  const order = TABLES[name].sortKey.map(ident).join(', ');
  return `COPY (SELECT ${castColumns(name)} FROM ${rel} WHERE ${BUCKET_COLUMN} = ${b} ORDER BY ${order}) TO ${lit(abs)}
    (FORMAT parquet, COMPRESSION ${LAYOUT.compression}, ROW_GROUP_SIZE ${rowGroupSizeFor(rows, LAYOUT.factRowGroupSize)})`;
}

/** Rows of each bucket of `rel` (buckets without rows are absent). */
async function bucketRows(con: Db, rel: string): Promise<Map<number, number>> {
  const counts = await con.all<{ b: number; n: number }>(`SELECT ${BUCKET_COLUMN} AS b, count(*)::BIGINT AS n FROM ${rel} GROUP BY ALL`);
  return new Map(counts.map((c) => [Number(c.b), Number(c.n)]));
}

/**
 * A gold table the build left in no row order, partitioned by {@link partitionByGroup}: `rows`
 * reads its rows (with `_bucket`; possibly narrower than the contract's columns), `view(rel)` is
 * the SELECT that gives the contract's columns from `rows` or any relation with its columns,
 * `scratch` and `groups` where and how it was partitioned.
 */
export interface Unordered {
  rows: string;
  view: (rel: string) => string;
  scratch: string;
  groups: number;
}

/**
 * Writes an item-partitioned table `src` (a relation with the contract's columns) into
 * `<snapshotDir>/<name>/part-NNNNN.parquet`, one file per hash bucket of the item id (contract
 * `placement.ts`; a bucket without items is an empty file), each sorted by the table's key.
 *
 * Without `unordered`, `src` is ordered by `_bucket` (or has none, and is hashed and sorted here),
 * and each bucket is copied from it. With it, from its groups ({@link groupedTable}).
 */
export async function writeBuckets(db: Db, name: TableName, src: string, snapshotDir: string, relRoot: string, unordered?: Unordered): Promise<TableFile[]> {
  if (unordered) {
    const grouped = await groupedTable(db, name, src, snapshotDir, relRoot, unordered);
    if (grouped) return grouped.files(db);
  }
  await mkdir(join(snapshotDir, name), { recursive: true });
  const rows = await countRows(db, unordered?.rows ?? src);
  const buckets = bucketCount(rows, rowsPerBucket(name));
  const { rel, temp } = await bucketedSource(db, name, src, rows, buckets);
  const files: TableFile[] = new Array(buckets);
  const counts = await bucketRows(db, rel);
  // One COPY per bucket, on as many connections as DuckDB has threads: a 12,500-row file with
  // 2,048-row groups keeps about one thread busy (ADR 0006, session 9).
  await onConnections(db, buckets, async (con, b) => {
    await con.run(copyBucketSql(name, rel, b, counts.get(b) ?? 0, join(snapshotDir, name, bucketFileName(b))));
  });
  // Their footers with one query (ADR 0006, session 15).
  (await describeFiles(db, name, snapshotDir, relRoot, 0, buckets)).forEach((f, b) => { files[b] = f; });
  if (temp) await db.run(`DROP TABLE _bucketed`);
  await db.run(`DROP TABLE IF EXISTS ${bucketsTable(name)}`);
  return files;
}

async function countRows(db: Db, rel: string): Promise<number> {
  return Number((await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${rel}`))?.n ?? 0);
}

/**
 * An item-partitioned table being written from its groups ({@link partitionByGroup}; ADR 0006,
 * sessions 12 and 15) by whichever connections bring work to it: `help(con)` takes tasks on `con`
 * until none is left to take; `files(db)` takes tasks on `db` and a sibling connection per further
 * DuckDB thread, waits for every helper's last task, and returns the files (or throws the first
 * task's error, after dropping every group table).
 */
export interface GroupedTable {
  help(con: Db): Promise<void>;
  files(db: Db): Promise<TableFile[]>;
}

/**
 * How many groups may be loaded at once, per DuckDB thread plus one: a helper that finds no bucket
 * left to copy loads the next group while the others copy the last buckets of theirs (~60 MB a
 * group of 1 M fact rows).
 */
const LOADED_GROUPS_SLACK = 1;

/**
 * Prepares the writing of `name` (`src` its relation, `u` its groups) on `db`, the connection that
 * holds its buckets table: the files' folder, the row count and the check of `src`'s `_bucket`.
 * Undefined when `src` has no `_bucket` (it is then hashed and sorted: {@link writeBuckets}).
 *
 * The work is a queue of tasks on shared group tables (`_group_<name>_<g>`, in the database's
 * catalog so that any connection reads them): load group g (its scratch rows sorted by bucket:
 * each bucket's COPY then finds its rows by zone maps among ~1 M), copy one bucket of a loaded
 * group, and, after a group's last copy, drop it and read its footers with one query. A helper
 * copies the buckets of the group it loaded, then loads the next; once no group is left to load,
 * it copies buckets of the others' groups, or waits for one being loaded. So no connection idles
 * while another still has buckets to copy, and a connection that ends its other work early joins
 * in (ADR 0006, session 15).
 */
export async function groupedTable(db: Db, name: TableName, src: string, snapshotDir: string, relRoot: string, u: Unordered): Promise<GroupedTable | undefined> {
  await mkdir(join(snapshotDir, name), { recursive: true });
  const rows = await countRows(db, u.rows);
  const buckets = bucketCount(rows, rowsPerBucket(name));
  if (!(await hasCheckedBuckets(db, name, src, buckets))) return undefined;
  await db.run(`DROP TABLE IF EXISTS ${bucketsTable(name)}`);
  const first = (g: number) => Math.ceil((g * buckets) / u.groups);
  const table = (g: number) => ident(`_group_${name}_${g}`);
  const files: TableFile[] = new Array(buckets);
  const maxLoaded = db.threads + LOADED_GROUPS_SLACK;
  // Per group: undefined (not loaded), 'loading', or its bucket counts and progress.
  type Loaded = { counts: Map<number, number>; next: number; left: number };
  const state: (undefined | 'loading' | Loaded | 'done')[] = new Array(u.groups).fill(undefined);
  let nextLoad = 0;
  let inFlight = 0;
  let failure: { err: unknown } | undefined;
  let wake: (() => void)[] = [];
  const changed = () => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };
  const held = () => state.filter((s) => s !== undefined && s !== 'done').length;

  type Task = { kind: 'load'; g: number } | { kind: 'copy'; g: number; b: number } | 'wait' | null;
  // A helper copies the buckets of the group it loaded (its rows in that connection's caches), then
  // loads the next group; only when no group is left to load does it take buckets of the others'.
  const copyOf = (g: number): Task => {
    const s = state[g];
    return s && s !== 'loading' && s !== 'done' && s.next < first(g + 1) ? { kind: 'copy', g, b: s.next++ } : 'wait';
  };
  const pick = (mine: number | undefined): Task => {
    if (failure) return null;
    const own = mine === undefined ? 'wait' : copyOf(mine);
    if (own !== 'wait') return own;
    if (nextLoad < u.groups && held() < maxLoaded) {
      state[nextLoad] = 'loading';
      return { kind: 'load', g: nextLoad++ };
    }
    for (let g = 0; g < u.groups; g++) {
      const task = copyOf(g);
      if (task !== 'wait') return task;
    }
    return state.some((s) => s !== 'done') ? 'wait' : null;
  };

  const load = async (con: Db, g: number) => {
    const part = join(u.scratch, `_group=${g}`);
    // A group without rows (its buckets hold no item) has no folder: its files are empty.
    const some = await stat(part).then(() => true, () => false);
    try {
      await con.run(`CREATE TABLE ${table(g)} AS ${some
        ? `SELECT * FROM read_parquet(${lit(join(part, '*.parquet'))}, hive_partitioning = false) ORDER BY ${BUCKET_COLUMN}`
        : `SELECT * FROM ${u.rows} WHERE false`}`);
      const counts = await bucketRows(con, table(g));
      state[g] = { counts, next: first(g), left: first(g + 1) - first(g) };
    } catch (err) {
      state[g] = 'done';
      throw err;
    }
    if (first(g + 1) === first(g)) await finishGroup(con, g);
  };

  const finishGroup = async (con: Db, g: number) => {
    state[g] = 'done';
    await con.run(`DROP TABLE ${table(g)}`);
    (await describeFiles(con, name, snapshotDir, relRoot, first(g), first(g + 1))).forEach((f, i) => { files[first(g) + i] = f; });
  };

  const copy = async (con: Db, g: number, b: number) => {
    const s = state[g] as Loaded;
    await con.run(copyBucketSql(name, `(${u.view(table(g))})`, b, s.counts.get(b) ?? 0, join(snapshotDir, name, bucketFileName(b))));
    if (--s.left === 0) await finishGroup(con, g);
  };

  const help = async (con: Db): Promise<void> => {
    let mine: number | undefined;
    for (;;) {
      const task = pick(mine);
      if (task === null) return;
      if (task === 'wait') {
        await new Promise<void>((r) => wake.push(r));
        continue;
      }
      inFlight++;
      try {
        if (task.kind === 'load') await load(con, (mine = task.g));
        else await copy(con, task.g, task.b);
      } catch (err) {
        failure ??= { err };
        throw err;
      } finally {
        inFlight--;
        changed();
      }
    }
  };

  const idle = () => new Promise<void>((resolve) => {
    const check = () => (inFlight === 0 ? resolve() : wake.push(check));
    check();
  });

  return {
    help,
    async files(owner: Db) {
      // A connection per DuckDB thread, but never more than there are buckets to copy (a large
      // `--threads` would otherwise open that many connections with nothing to do).
      const cons = [owner, ...(await Promise.all(Array.from({ length: Math.max(0, Math.min(owner.threads, buckets) - 1) }, () => owner.connect())))];
      await Promise.allSettled(cons.map(help));
      for (const con of cons.slice(1)) con.close();
      // Another helper may still be on its last task.
      await idle();
      if (failure) {
        // No group table is left behind (state 'loading' or loaded, or 'done' after a failed drop).
        for (let g = 0; g < u.groups; g++) await owner.run(`DROP TABLE IF EXISTS ${table(g)}`);
        throw failure.err;
      }
      const got = files.reduce((n, f) => n + f.rows, 0);
      if (got !== rows) throw new Error(`internal: the files of ${name} hold ${got} rows, the table ${rows} (partitioned for other buckets?)`);
      return files;
    },
  };
}

/**
 * Writes `src`, rows of table `name`, into one file `<snapshotDir>/<file>` (default
 * `<name>.parquet`), sorted by the table's key.
 */
export async function writeSingle(db: Db, name: TableName, src: string, snapshotDir: string, relRoot: string, file = `${name}.parquet`): Promise<TableFile> {
  const spec = TABLES[name];
  const abs = join(snapshotDir, file);
  const rows = Number((await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${src}`))?.n ?? 0);
  const rowGroupSize = rowGroupSizeFor(rows, LAYOUT.lookupTables.includes(name) ? LAYOUT.lookupRowGroupSize : LAYOUT.smallRowGroupSize);
  await db.run(
    `COPY (SELECT ${castColumns(name)} FROM ${src} ORDER BY ${spec.sortKey.map(ident).join(', ')}) TO ${lit(abs)} (FORMAT parquet, COMPRESSION ${LAYOUT.compression}, ROW_GROUP_SIZE ${rowGroupSize})`,
  );
  return describeFile(db, abs, posix.join(relRoot, file));
}

/**
 * Writes `agg_risk` (`src`) as its two files `<snapshotDir>/agg_risk/top.parquet`, the rows of rank
 * ≤ {@link LAYOUT.riskHeadRank} of each kind, and `rest.parquet`, the others, each sorted by the
 * key (either may be empty).
 */
async function writeRisk(db: Db, src: string, snapshotDir: string, relRoot: string): Promise<TableFile[]> {
  await mkdir(join(snapshotDir, 'agg_risk'), { recursive: true });
  const head = `risk_rank <= ${LAYOUT.riskHeadRank}`;
  return [
    await writeSingle(db, 'agg_risk', `(SELECT * FROM ${src} WHERE ${head})`, snapshotDir, relRoot, 'agg_risk/top.parquet'),
    await writeSingle(db, 'agg_risk', `(SELECT * FROM ${src} WHERE NOT coalesce(${head}, false))`, snapshotDir, relRoot, 'agg_risk/rest.parquet'),
  ];
}

/**
 * Writes gold table `g_<name>` (derived tables: from `g_agg_item` and `g_dim_item`) into
 * `<snapshotDir>/<name>.parquet`, or `<name>/part-NNNNN.parquet` plus `<name>/index.jsonl` for
 * item-partitioned tables, or `agg_risk/top.parquet` and `rest.parquet` ({@link writeRisk}), and returns its manifest entry.
 * `relRoot` is the snapshot folder relative to the gold root (`snapshots/<id>`). `unordered`: an
 * item-partitioned `g_<name>` the build left in no row order ({@link Unordered}); `grouped`: its
 * writing started by {@link startTable}, which other connections may be helping with.
 */
export async function writeTable(db: Db, name: TableName, snapshotDir: string, relRoot: string, unordered?: Unordered, grouped?: GroupedTable): Promise<ManifestTable> {
  const spec = TABLES[name];
  if (spec.derived) await deriveTable(db, name);
  const src = ident(`g_${name}`);
  if (spec.splitBy === 'token') return writeSearch(db, src, snapshotDir, relRoot);
  if (spec.partitionedByItem) {
    const files = grouped ? await grouped.files(db) : await writeBuckets(db, name, src, snapshotDir, relRoot, unordered);
    // The date range from the rows themselves (an unordered table's view may join more columns
    // onto every row: the fact table's model metadata); writeBuckets checked that the files hold
    // as many rows as they, so they are the same rows.
    return tableEntry(db, name, relRoot, files, unordered?.rows ?? src, await writeIndex(snapshotDir, relRoot, name, files));
  }
  if (name === 'agg_risk') return tableEntry(db, name, relRoot, await writeRisk(db, src, snapshotDir, relRoot), src);
  return tableEntry(db, name, relRoot, [await writeSingle(db, name, src, snapshotDir, relRoot)], src);
}

/**
 * Starts writing item-partitioned table `g_<name>`, which the build left in no row order
 * (`unordered`), on `db` (the connection holding its buckets table): any connection may then
 * help ({@link GroupedTable}), and {@link writeTable} with it finishes the table. Undefined when
 * `g_<name>` has no `_bucket` ({@link writeTable} then sorts it).
 */
export function startTable(db: Db, name: TableName, snapshotDir: string, relRoot: string, unordered: Unordered): Promise<GroupedTable | undefined> {
  return groupedTable(db, name, ident(`g_${name}`), snapshotDir, relRoot, unordered);
}
