import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputKind } from '../config.js';
import { DataError } from '../errors.js';

/** A raw input file found in the raw folder. */
export interface FoundFile {
  /** Path relative to the raw folder, POSIX separators. */
  file: string;
  kind: InputKind;
  format: 'csv' | 'xlsx' | 'parquet';
}

/** What {@link discoverRaw} found. */
export interface Discovery {
  files: FoundFile[];
  /** Files present but not read (unknown names or extensions). */
  ignored: string[];
}

const TOP = /^(items|sites|consumption|inventory)\.(csv|tsv|txt|xlsx|parquet)$/i;
const FORECAST = /\.(csv|tsv|txt|xlsx|parquet)$/i;
const ORDER: InputKind[] = ['items', 'sites', 'consumption', 'inventory'];
/** Names that belong in a raw folder but are not data inputs. */
const KNOWN = /^(nova\.config\.json|readme(\.\w+)?|\..*)$/i;

function formatOf(name: string): FoundFile['format'] {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'xlsx' ? 'xlsx' : ext === 'parquet' ? 'parquet' : 'csv';
}

async function list(dir: string): Promise<{ name: string; dir: boolean }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.map((e) => ({ name: e.name, dir: e.isDirectory() })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Lists the inputs of a raw folder: `items.*` (required), `sites.*`, `consumption.*`,
 * `inventory.*`, and every data file in `forecasts/` (sidecars `*.meta.json` excluded), in that order.
 * Throws {@link DataError} when the folder is unreadable, has no items file, or two files of one kind.
 */
export async function discoverRaw(rawDir: string): Promise<Discovery> {
  let top: { name: string; dir: boolean }[];
  try {
    top = await list(rawDir);
  } catch (err) {
    throw new DataError(`cannot read raw folder ${rawDir}: ${(err as Error).message}`);
  }
  const byKind = new Map<InputKind, FoundFile>();
  const forecasts: FoundFile[] = [];
  const ignored: string[] = [];
  for (const e of top) {
    if (e.dir) {
      if (e.name.toLowerCase() !== 'forecasts') { ignored.push(`${e.name}/`); continue; }
      for (const f of await list(join(rawDir, e.name))) {
        const rel = `${e.name}/${f.name}`;
        if (f.dir || /\.meta\.json$/i.test(f.name) || KNOWN.test(f.name)) { if (f.dir) ignored.push(`${rel}/`); continue; }
        if (FORECAST.test(f.name)) forecasts.push({ file: rel, kind: 'forecasts', format: formatOf(f.name) });
        else ignored.push(rel);
      }
      continue;
    }
    const m = TOP.exec(e.name);
    if (!m) { if (!KNOWN.test(e.name)) ignored.push(e.name); continue; }
    const kind = m[1].toLowerCase() as InputKind;
    const prev = byKind.get(kind);
    if (prev) throw new DataError(`raw folder ${rawDir} has two ${kind} files (${prev.file} and ${e.name}); keep one`);
    byKind.set(kind, { file: e.name, kind, format: formatOf(e.name) });
  }
  if (!byKind.has('items')) throw new DataError(`no items file in raw folder ${rawDir} (items.csv or items.xlsx is required)`);
  const files = [...ORDER.flatMap((k) => (byKind.has(k) ? [byKind.get(k)!] : [])), ...forecasts];
  return { files, ignored };
}
