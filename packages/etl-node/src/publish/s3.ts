import type { Manifest } from '@nova-corrente/core/contract';
import { FolderStore } from '../store/folder.js';
import { S3Store } from '../store/s3.js';
import { publishSnapshot, rollbackTo } from '../store/snapshots.js';
import type { S3Target } from './s3-target.js';

/**
 * Uploads the local gold root's live snapshot to S3 (objects `immutable`, its manifest copy last),
 * then swaps the bucket's manifest (`no-cache`) and only then prunes: see `store/snapshots.ts`.
 * Holds the prefix's lock object meanwhile. A publish killed midway leaves the bucket serving its
 * previous manifest; its partial upload never counts as a snapshot and the next publish removes it.
 */
export async function publishToS3(
  goldDir: string,
  target: S3Target,
  opts: { keep: number; concurrency?: number; onProgress?: (msg: string, done?: number, total?: number) => void },
): Promise<{ uploaded: number; bytes: number; snapshot_id: string; deleted: string[] }> {
  const to = new S3Store(target);
  const release = await to.lock('publish');
  try {
    const r = await publishSnapshot(new FolderStore(goldDir), to, opts);
    return { uploaded: r.uploaded, bytes: r.bytes, snapshot_id: r.snapshot_id, deleted: r.deleted };
  } finally {
    await release();
  }
}

/** Points the bucket's manifest back at a complete snapshot (default: the previous one). */
export async function rollbackS3(t: S3Target, snapshot?: string): Promise<Manifest> {
  const store = new S3Store(t);
  const release = await store.lock('rollback');
  try {
    return await rollbackTo(store, snapshot);
  } finally {
    await release();
  }
}
