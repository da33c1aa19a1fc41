import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkManifest, type Manifest } from '@nova-corrente/core/contract';
import { DataError } from '../errors.js';
import { writeFileAtomic } from './files.js';

/** A new snapshot id: UTC time (sortable) plus 6 random hex digits. */
export function newSnapshotId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${t}-${randomBytes(3).toString('hex')}`;
}

/** Reads and checks `<gold>/manifest.json`; null when there is none. */
export async function readManifest(goldDir: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(join(goldDir, 'manifest.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${join(goldDir, 'manifest.json')} is not valid JSON: ${(err as Error).message}`);
  }
  return json as Manifest;
}

/** Reads the immutable copy of a snapshot's manifest kept at `snapshots/<id>/manifest.json`. */
export async function readSnapshotManifest(goldDir: string, id: string): Promise<Manifest> {
  if (!/^[A-Za-z0-9._-]+$/.test(id)) throw new DataError(`invalid snapshot id ${JSON.stringify(id)}`);
  const path = join(goldDir, 'snapshots', id, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new DataError(`snapshot ${id} is not kept in ${goldDir} (no ${path})`);
  }
  const m = JSON.parse(text) as Manifest;
  const problems = checkManifest(m);
  if (problems.length) throw new DataError(`snapshot ${id} manifest is invalid: ${problems.join('; ')}`);
  return m;
}

/** Swaps `<gold>/manifest.json` atomically (the only mutable object of a gold root). */
export async function writeRootManifest(goldDir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(join(goldDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Snapshot folders present on disk, newest first (temporary folders excluded). */
export async function listSnapshots(goldDir: string): Promise<string[]> {
  try {
    const names = await readdir(join(goldDir, 'snapshots'));
    return names.filter((n) => !n.startsWith('.')).sort().reverse();
  } catch {
    return [];
  }
}

/**
 * Deletes snapshots beyond the newest `keep` (never the one `current` points at) and leftovers of
 * killed builds (`snapshots/.tmp-*`). Returns the ids kept, newest first.
 */
export async function pruneSnapshots(goldDir: string, current: string, keep: number): Promise<string[]> {
  const dir = join(goldDir, 'snapshots');
  const all = await listSnapshots(goldDir);
  const kept = all.filter((id, i) => i < keep || id === current);
  for (const id of all) if (!kept.includes(id)) await rm(join(dir, id), { recursive: true, force: true });
  try {
    for (const n of await readdir(dir)) {
      const pid = Number(/^\.tmp-.*-(\d+)$/.exec(n)?.[1]);
      if (n.startsWith('.tmp-') && !(pid && isAlive(pid))) await rm(join(dir, n), { recursive: true, force: true });
    }
  } catch {
    /* no snapshots folder yet */
  }
  return kept;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
