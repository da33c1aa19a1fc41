import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { InputKind } from '../config.js';
import { DataError, UsageError } from '../errors.js';
import { fileIdentity, type FileIdentity } from './identity.js';

/** A raw input file found in the raw folder. */
export interface FoundFile {
  /** Path relative to the raw folder, POSIX separators. */
  file: string;
  kind: InputKind;
  format: 'csv' | 'xlsx' | 'parquet';
  /** The file's identity when it was found, before any read (ingest/identity.ts). */
  identity: FileIdentity;
}

/** What {@link discoverRaw} found. */
export interface Discovery {
  /** The raw folder, resolved with realpath. */
  rawDir: string;
  files: FoundFile[];
  /** Files present but not read because `nova.config.json` lists them under `ignore`. */
  ignored: string[];
}

const KINDS: InputKind[] = ['items', 'sites', 'consumption', 'inventory', 'forecasts'];
const DATA = /\.(csv|tsv|txt|xlsx|parquet)$/i;
/** `<kind>.<ext>` or `<kind>` followed by `_`, `-`, `.` or a space and anything (`consumption_2024.csv`). */
const PREFIXED = /^(items|sites|consumption|inventory)(?:[_\-. ][^/]*)?\.(csv|tsv|txt|xlsx|parquet)$/i;
/** Names that belong in a raw folder but are not data inputs. */
const KNOWN = /^(nova\.config\.json|readme(\.\w+)?|\..*)$/i;

function formatOf(name: string): FoundFile['format'] {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'xlsx' ? 'xlsx' : ext === 'parquet' ? 'parquet' : 'csv';
}

/** `ignore` patterns of the config as matchers: `*` matches within a path segment; `dir/` a folder. */
export function ignoreMatcher(patterns: readonly string[]): (rel: string, dir: boolean) => boolean {
  const res = patterns.map((p) => {
    const folder = p.endsWith('/');
    const body = (folder ? p.slice(0, -1) : p).replace(/^\.\//, '');
    const re = new RegExp(`^${body.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`, 'i');
    return { re, folder };
  });
  return (rel, dir) => res.some((r) => r.re.test(rel) && (dir || !r.folder));
}

interface Entry {
  name: string;
  rel: string;
  kind: 'file' | 'dir' | 'link' | 'other';
}

async function list(rawDir: string, rel: string): Promise<Entry[]> {
  const dir = rel ? join(rawDir, ...rel.split('/')) : rawDir;
  const names = (await readdir(dir)).sort();
  const out: Entry[] = [];
  for (const name of names) {
    const st = await lstat(join(dir, name));
    const kind = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    out.push({ name, rel: rel ? `${rel}/${name}` : name, kind });
  }
  return out;
}

/**
 * A raw folder that is not there, or is a file, is a usage error (exit 2), told before a build
 * makes anything (gold root, lock, work folder). One that exists but cannot be read is refused
 * later, with the error, by {@link discoverRaw}.
 */
export async function checkRawFolder(rawDir: string): Promise<void> {
  const st = await stat(rawDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') throw new UsageError(`raw folder ${rawDir} does not exist (--input)`);
    return undefined;
  });
  if (st && !st.isDirectory()) throw new UsageError(`raw folder ${rawDir} is a file, not a folder (--input)`);
}

/**
 * Lists the inputs of a raw folder. Each kind (items, sites, consumption, inventory) is read from
 * every top-level file whose name starts with the kind (`consumption.csv`, `consumption_2024.csv`,
 * `consumption-2025-01.xlsx`) and every data file in a folder of that name (`consumption/`);
 * forecasts from the `forecasts/` folder (sidecars `*.meta.json` beside them).
 *
 * Refuses (DataError, naming each path) anything that is not a regular file inside the raw folder
 * (symbolic links, devices, sockets) and any file that no kind reads, unless `ignore` lists it:
 * a file silently left unread is data silently lost. `nova.config.json`, README files and hidden
 * files are never inputs.
 */
export async function discoverRaw(rawDirGiven: string, ignore: readonly string[] = []): Promise<Discovery> {
  let rawDir: string;
  let top: Entry[];
  try {
    rawDir = await realpath(rawDirGiven);
    top = await list(rawDir, '');
  } catch (err) {
    throw new DataError(`cannot read raw folder ${rawDirGiven}: ${(err as Error).message}`);
  }
  const isIgnored = ignoreMatcher(ignore);
  const byKind = new Map<InputKind, FoundFile[]>(KINDS.map((k) => [k, []]));
  const ignored: string[] = [];
  const unread: string[] = [];
  const refused: string[] = [];
  const refuse = async (e: Entry) => {
    if (e.kind === 'link') {
      const to = await readlink(join(rawDir, ...e.rel.split('/'))).catch(() => '?');
      refused.push(`${e.rel} (symbolic link to ${to})`);
    } else refused.push(`${e.rel} (not a regular file)`);
  };
  const add = async (e: Entry, kind: InputKind) => {
    const real = await realpath(join(rawDir, ...e.rel.split('/')));
    if (!real.startsWith(rawDir + sep)) { refused.push(`${e.rel} (resolves outside the raw folder to ${real})`); return; }
    byKind.get(kind)!.push({ file: e.rel, kind, format: formatOf(e.name), identity: await fileIdentity(real) });
  };
  for (const e of top) {
    if (KNOWN.test(e.name) && e.kind !== 'link') continue;
    if (isIgnored(e.rel, e.kind === 'dir')) { ignored.push(e.kind === 'dir' ? `${e.rel}/` : e.rel); continue; }
    if (e.kind === 'link' || e.kind === 'other') { await refuse(e); continue; }
    if (e.kind === 'dir') {
      const kind = KINDS.find((k) => k === e.name.toLowerCase());
      if (!kind) { unread.push(`${e.rel}/`); continue; }
      for (const f of await list(rawDir, e.rel)) {
        if (KNOWN.test(f.name) && f.kind !== 'link') continue;
        if (kind === 'forecasts' && /\.meta\.json$/i.test(f.name) && f.kind === 'file') continue; // a sidecar, read with its data file
        if (isIgnored(f.rel, f.kind === 'dir')) { ignored.push(f.kind === 'dir' ? `${f.rel}/` : f.rel); continue; }
        if (f.kind === 'link' || f.kind === 'other') { await refuse(f); continue; }
        if (f.kind === 'dir') unread.push(`${f.rel}/`);
        else if (DATA.test(f.name)) await add(f, kind);
        else unread.push(f.rel);
      }
      continue;
    }
    const m = PREFIXED.exec(e.name);
    if (m) await add(e, m[1].toLowerCase() as InputKind);
    else unread.push(e.rel);
  }
  if (refused.length) {
    throw new DataError(`inputs must be regular files inside the raw folder ${rawDir}; refused: ${refused.join(', ')}`);
  }
  if (byKind.get('items')!.length === 0) throw new DataError(`no items file in raw folder ${rawDir} (items.csv or items.xlsx is required)`);
  if (unread.length) {
    throw new DataError(
      `file(s) in the raw folder ${rawDir} that no input reads: ${unread.join(', ')}. ` +
        `Name them items*, sites*, consumption*, inventory* (or put them in a folder of that name, forecasts in forecasts/), ` +
        `or list them under "ignore" in nova.config.json`,
    );
  }
  return { rawDir, files: KINDS.flatMap((k) => byKind.get(k)!), ignored };
}
