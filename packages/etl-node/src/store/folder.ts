import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { writeFileAtomic } from '../gold/files.js';
import { acquireLock } from '../gold/lock.js';
import type { SnapshotStore, StoreObject } from './store.js';

/** A gold root on a local (or mounted) file system. */
export class FolderStore implements SnapshotStore {
  readonly url: string;
  constructor(readonly root: string) {
    this.url = root;
  }

  private abs(path: string): string {
    return join(this.root, ...path.split('/'));
  }

  async read(path: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.abs(path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(path: string, body: Uint8Array): Promise<void> {
    await mkdir(dirname(this.abs(path)), { recursive: true });
    await writeFileAtomic(this.abs(path), body);
  }

  async list(prefix: string): Promise<StoreObject[]> {
    const out: StoreObject[] = [];
    const base = this.abs(prefix.replace(/\/$/, ''));
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) out.push({ path: relative(this.root, p).split(sep).join('/'), size: (await stat(p)).size });
      }
    };
    await walk(base);
    return out.sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.abs(prefix.replace(/\/$/, '')), { recursive: true, force: true });
  }

  async swapManifest(body: string): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await writeFileAtomic(join(this.root, 'manifest.json'), body);
  }

  lock(command: string): Promise<() => Promise<void>> {
    return acquireLock(this.root, command);
  }
}
