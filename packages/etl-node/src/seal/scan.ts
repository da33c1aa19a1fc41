import { lstat, open, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { TABLES, TABLE_NAMES, type TableName } from '@nova-corrente/core/contract';
import { SealError } from './error.js';

/** One input Parquet file and where it goes in the snapshot. */
export interface InputFile {
  table: TableName;
  /** Absolute path of the input file. */
  abs: string;
  /** Path relative to the input folder (for messages). */
  rel: string;
  /** Bucket of an item-partitioned table's file. */
  bucket?: number;
}

/** Names an engine leaves beside its output (`_SUCCESS`, `.part-0.crc`): skipped. */
const ENGINE_MARKER = /^[._]/;
const BUCKET_FILE = /^part-(\d{1,6})\.parquet$/;
const BUCKET_DIR = /^bucket=(\d{1,6})$/;

/** True when the file starts and ends with the Parquet magic `PAR1` (an HTML page named .parquet does not). */
async function isParquet(abs: string, size: number): Promise<boolean> {
  if (size < 12) return false;
  const fh = await open(abs, 'r');
  try {
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    await fh.read(tail, 0, 4, size - 4);
    return head.toString('latin1') === 'PAR1' && tail.toString('latin1') === 'PAR1';
  } finally {
    await fh.close();
  }
}

/** A regular file (never a symlink: the snapshot must hold what was checked); its size. */
async function regular(abs: string, rel: string): Promise<number> {
  const st = await lstat(abs);
  if (st.isSymbolicLink()) throw new SealError('no-symlinks', rel, 'is a symbolic link; seal copies only regular files (give the folder the real files)');
  if (!st.isFile()) throw new SealError('layout', rel, 'is not a regular file');
  return st.size;
}

/**
 * The input files of a folder laid out as docs/scale.md says: `<table>.parquet` for the small
 * tables; `<table>/part-NNNNN.parquet` or `<table>/bucket=N/<one file>.parquet` (Spark's and
 * DuckDB's partitioned writes) for the item-partitioned ones. Refuses symlinks, files that are not
 * Parquet, unknown files and tables, derived tables, missing tables, two files for one bucket.
 */
export async function scanFolder(dir: string): Promise<InputFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new SealError('layout', dir, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const out: InputFile[] = [];
  const add = async (table: TableName, abs: string, bucket?: number) => {
    const rel = relative(dir, abs);
    const size = await regular(abs, rel);
    if (!(await isParquet(abs, size))) throw new SealError('parquet', rel, 'is not a Parquet file (no PAR1 magic at its start and end)');
    if (bucket !== undefined && out.some((f) => f.table === table && f.bucket === bucket)) {
      throw new SealError('layout', rel, `is a second file for bucket ${bucket} of ${table}: one file per bucket`);
    }
    out.push({ table, abs, rel, ...(bucket !== undefined ? { bucket } : {}) });
  };
  for (const e of entries) {
    if (ENGINE_MARKER.test(e.name)) continue;
    const abs = join(dir, e.name);
    if (e.isSymbolicLink()) throw new SealError('no-symlinks', e.name, 'is a symbolic link; seal copies only regular files');
    const name = e.name.replace(/\.parquet$/, '') as TableName;
    const spec = (TABLE_NAMES as string[]).includes(name) ? TABLES[name] : undefined;
    if (!spec) throw new SealError('layout', e.name, `is not a table of the contract (${TABLE_NAMES.filter((n) => !TABLES[n].derived).join(', ')})`);
    // search_item may come from the engine (seal checks it against the rows it derives), agg_risk never.
    if (spec.derived && spec.splitBy !== 'token') throw new SealError('layout', e.name, `${name} is derived from the other tables: seal writes it, the input must not`);
    if (spec.partitionedByItem) {
      if (!e.isDirectory()) throw new SealError('layout', e.name, `${name} is split by item bucket: give a folder ${name}/ of part-NNNNN.parquet or bucket=N/ files`);
      for (const f of await readdir(abs, { withFileTypes: true })) {
        if (ENGINE_MARKER.test(f.name)) continue;
        const rel = `${e.name}/${f.name}`;
        if (f.isSymbolicLink()) throw new SealError('no-symlinks', rel, 'is a symbolic link; seal copies only regular files');
        const byName = BUCKET_FILE.exec(f.name);
        const byDir = BUCKET_DIR.exec(f.name);
        if (byName && f.isFile()) await add(name, join(abs, f.name), Number(byName[1]));
        else if (byDir && f.isDirectory()) {
          const inner = (await readdir(join(abs, f.name), { withFileTypes: true })).filter((x) => !ENGINE_MARKER.test(x.name));
          for (const x of inner) {
            if (x.isSymbolicLink()) throw new SealError('no-symlinks', `${rel}/${x.name}`, 'is a symbolic link; seal copies only regular files');
            if (!x.name.endsWith('.parquet')) throw new SealError('layout', `${rel}/${x.name}`, 'is not a .parquet file');
            await add(name, join(abs, f.name, x.name), Number(byDir[1]));
          }
        } else throw new SealError('layout', rel, `is neither part-NNNNN.parquet nor a bucket=N/ folder`);
      }
    } else {
      if (!e.isFile() || !e.name.endsWith('.parquet')) throw new SealError('layout', e.name, `${name} is one file: ${name}.parquet`);
      await add(name, abs);
    }
  }
  if (out.length === 0) throw new SealError('missing-table', dir, 'is empty: no gold tables to seal');
  for (const t of TABLE_NAMES.filter((n) => !TABLES[n].derived)) {
    if (!out.some((f) => f.table === t)) throw new SealError('missing-table', dir, `has no ${t} (${TABLES[t].partitionedByItem ? `${t}/part-NNNNN.parquet` : `${t}.parquet`})`);
  }
  return out;
}
