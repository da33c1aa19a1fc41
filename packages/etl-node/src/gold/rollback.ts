import type { Manifest } from '@nova-corrente/core/contract';
import { FolderStore } from '../store/folder.js';
import { rollbackTo } from '../store/snapshots.js';

/** Points a folder gold root's manifest back at a complete snapshot (default: the previous one), under the root's lock. */
export async function rollbackFolder(goldDir: string, snapshot?: string): Promise<Manifest> {
  const store = new FolderStore(goldDir);
  const release = await store.lock('rollback');
  try {
    return await rollbackTo(store, snapshot);
  } finally {
    await release();
  }
}
