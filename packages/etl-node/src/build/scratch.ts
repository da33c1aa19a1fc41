import { readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../gold/lock.js';

/**
 * Scratch folders of a running build — its staging folder and its DuckDB spill folder — are named
 * after their owner: `<snapshot_id>-<pid>@<host>`. Two builds may share one work or spill folder
 * (two gold roots given the same `--work`, or one `--temp-dir` for every build); each removes only
 * what a dead build on its own host left, never a running build's files.
 */
export function scratchName(snapshotId: string, pid = process.pid, host = hostname()): string {
  return `${snapshotId}-${pid}@${host.replace(/[^A-Za-z0-9.-]/g, '_')}`;
}

const OWNED = /^(.*)-(\d+)@([A-Za-z0-9._-]+)$/;

/** The owner of a scratch entry, or null when its name is not one {@link scratchName} makes. */
export function scratchOwner(name: string, prefix = ''): { pid: number; host: string } | null {
  if (!name.startsWith(prefix)) return null;
  const m = OWNED.exec(name.slice(prefix.length));
  return m ? { pid: Number(m[2]), host: m[3]! } : null;
}

/**
 * Removes from `dir` the scratch entries (named `<prefix><scratchName>`) whose build is dead: its
 * pid no longer runs on this host. Entries of another host are left alone (their pid means nothing
 * here). With `foreign: 'remove'` — a folder only builds write into, such as `GOLD.work/staging` —
 * entries named otherwise (left by builds of earlier versions, or half-made) are removed too;
 * with `'keep'` — a spill folder the user gave, which may hold anything — they are never touched.
 */
export async function removeDeadScratch(dir: string, opts: { prefix?: string; foreign: 'remove' | 'keep' }): Promise<string[]> {
  const here = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const owner = scratchOwner(name, opts.prefix);
    const dead = owner ? owner.host === here && !processAlive(owner.pid) : opts.foreign === 'remove';
    if (!dead) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
