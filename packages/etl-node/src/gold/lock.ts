import { hostname } from 'node:os';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BusyError } from '../errors.js';

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What holds it (`build`, `rollback`). */
  command: string;
}

/** The lock file of a gold root: `<gold>.lock` beside it, so a static host serving the root never serves it. */
export function lockPath(goldDir: string): string {
  return `${goldDir.replace(/[\\/]+$/, '')}.lock`;
}

/** Whether a process with this pid exists on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the exclusive lock of a gold root (`<gold>.lock`, created with O_EXCL and holding
 * pid, host, since and command). A lock left by a dead process on this host (a build killed with
 * kill -9) is stale and taken over; a live one throws {@link BusyError} (exit 2) naming its pid and
 * start time. Returns the release function.
 */
export async function acquireLock(dir: string, command: string): Promise<() => Promise<void>> {
  const path = lockPath(dir);
  await mkdir(dirname(path), { recursive: true });
  const me: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(`${JSON.stringify(me)}\n`);
      await fh.sync();
      await fh.close();
      return async () => {
        const now = await readLock(path);
        if (now && now.pid === me.pid && now.since === me.since) await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = await readLock(path);
    if (held && (held.host !== me.host || processAlive(held.pid))) {
      throw new BusyError(
        `another ${held.command} is running on ${dir} (pid ${held.pid}${held.host !== me.host ? ` on ${held.host}` : ''}, since ${held.since}); ` +
          `wait for it to finish. If that process is gone, remove ${path}.`,
      );
    }
    if (!held) {
      // Unparsable: a lock being written right now, or the remains of a crash while writing it.
      const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => Infinity);
      if (age < 10_000) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
    }
    // Stale (its process is dead): move it aside atomically so two takers cannot both win, then retry.
    await rename(path, `${path}.stale-${process.pid}`).catch(() => undefined);
    await rm(`${path}.stale-${process.pid}`, { force: true });
  }
  throw new BusyError(`could not take the lock ${path}; another process keeps taking it`);
}

async function readLock(path: string): Promise<LockInfo | null> {
  try {
    const j = JSON.parse(await readFile(path, 'utf8')) as LockInfo;
    return typeof j.pid === 'number' && typeof j.since === 'string' ? j : null;
  } catch {
    return null;
  }
}
