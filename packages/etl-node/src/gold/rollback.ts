import type { Manifest } from '@nova-corrente/core/contract';
import { DataError } from '../errors.js';
import { acquireLock } from './lock.js';
import { listSnapshots, readManifest, readSnapshotManifest, writeRootManifest } from './root.js';

/** Points a folder gold root's manifest back at a kept snapshot (default: the previous one). */
export async function rollbackFolder(goldDir: string, snapshot?: string): Promise<Manifest> {
  const release = await acquireLock(goldDir, 'rollback');
  try {
    return await rollbackLocked(goldDir, snapshot);
  } finally {
    await release();
  }
}

async function rollbackLocked(goldDir: string, snapshot?: string): Promise<Manifest> {
  const current = await readManifest(goldDir);
  if (!current) throw new DataError(`no manifest.json in ${goldDir}`);
  const target = snapshot ?? current.previous_snapshot_id;
  if (!target) throw new DataError(`${goldDir}: no previous snapshot to roll back to (give --snapshot ID)`);
  if (target === current.snapshot_id) throw new DataError(`${goldDir} already serves snapshot ${target}`);
  const m = await readSnapshotManifest(goldDir, target);
  const next: Manifest = { ...m, previous_snapshot_id: current.snapshot_id, snapshots: await listSnapshots(goldDir) };
  await writeRootManifest(goldDir, next);
  return next;
}
