import { checkManifest, contractVersion, versionAtLeast, type Manifest } from '@nova-corrente/core/contract';
import { checkpoint } from '../checkpoint.js';
import { DataError } from '../errors.js';
import { listTables } from '../gold/listing.js';
import type { SnapshotStore, StoreObject } from './store.js';

/** A snapshot id: letters, digits, `.`, `_`, `-`, not starting with a dot (so never `.`, `..` or `.tmp-…`). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Whether `id` can name a snapshot folder. */
export function isSnapshotId(id: string): boolean {
  return ID.test(id) && !id.includes('..');
}

/**
 * Files of one snapshot (relative to the gold root): tables' files (from the manifest or, in
 * nova-gold/1.2, from the tables' file indexes, read from `store` and checked), the indexes,
 * quarantine, quality report, then its manifest copy. With `sizes`, also each table file's size.
 */
export async function snapshotFiles(m: Manifest, store: SnapshotStore): Promise<{ paths: string[]; sizes: Map<string, number> }> {
  const tables = await listTables(m, (p) => store.read(p));
  const sizes = new Map(tables.flatMap((t) => t.files.map((f) => [f.path, f.bytes] as const)));
  const indexes = tables.flatMap((t) => (t.index ? [t.index] : []));
  return { paths: [...sizes.keys(), ...indexes, m.quality.quarantine_path, m.quality.report_path, `snapshots/${m.snapshot_id}/manifest.json`], sizes };
}

/**
 * The text of a live `manifest.json`: one line from nova-gold/1.2 on (every cold page reads it
 * before its first chart: indentation was a quarter of its bytes; `nova-etl inspect` and `jq` show
 * it to people), indented before.
 */
export function manifestText(m: Manifest): string {
  const v = contractVersion(m.contract);
  return `${v !== null && versionAtLeast(v, '1.2') ? JSON.stringify(m) : JSON.stringify(m, null, 2)}\n`;
}

/** The live `manifest.json` of a store, or null. */
export async function readLive(store: SnapshotStore): Promise<Manifest | null> {
  const b = await store.read('manifest.json');
  if (!b) return null;
  try {
    return JSON.parse(new TextDecoder().decode(b)) as Manifest;
  } catch (err) {
    throw new DataError(`${store.url}: manifest.json is not valid JSON: ${(err as Error).message}`);
  }
}

/** What is under `snapshots/`: complete snapshots (newest first, with their manifest copy) and everything else. */
export interface SnapshotScan {
  complete: Map<string, Manifest>;
  /** Folder names under snapshots/ that are not complete snapshots (partial uploads, killed builds' temporaries). */
  incomplete: string[];
}

/**
 * Lists the snapshots of a store. A snapshot counts only when complete: its manifest copy
 * `snapshots/<id>/manifest.json` is valid and names itself, and every file it lists is present —
 * table files with exactly the manifest's sizes.
 */
export async function scanSnapshots(store: SnapshotStore): Promise<SnapshotScan> {
  const byId = new Map<string, Map<string, number>>();
  for (const o of await store.list('snapshots/')) {
    const id = o.path.split('/')[1];
    if (!byId.has(id)) byId.set(id, new Map());
    byId.get(id)!.set(o.path, o.size);
  }
  const complete = new Map<string, Manifest>();
  const incomplete: string[] = [];
  for (const [id, objects] of [...byId.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1))) {
    const m = isSnapshotId(id) && objects.has(`snapshots/${id}/manifest.json`) ? await manifestCopy(store, id) : null;
    if (m && (await isComplete(m, objects, store))) complete.set(id, m);
    else incomplete.push(id);
  }
  return { complete, incomplete };
}

async function manifestCopy(store: SnapshotStore, id: string): Promise<Manifest | null> {
  const b = await store.read(`snapshots/${id}/manifest.json`);
  if (!b) return null;
  try {
    const m = JSON.parse(new TextDecoder().decode(b)) as Manifest;
    return m.snapshot_id === id && checkManifest(m).length === 0 ? m : null;
  } catch {
    return null;
  }
}

async function isComplete(m: Manifest, objects: Map<string, number>, store: SnapshotStore): Promise<boolean> {
  // An index must be there before it can be read (a partial upload may lack it).
  for (const t of Object.values(m.tables)) if (t?.index && objects.get(t.index.path) !== t.index.bytes) return false;
  let files: Awaited<ReturnType<typeof snapshotFiles>>;
  try {
    files = await snapshotFiles(m, store);
  } catch {
    return false;
  }
  for (const [path, bytes] of files.sizes) if (objects.get(path) !== bytes) return false;
  return files.paths.every((p) => objects.has(p));
}

/**
 * Makes a snapshot whose files are all in the store live, then prunes — in that order:
 * 1. the snapshot must be complete in this store;
 * 2. `previous_snapshot_id` = the snapshot live in this store before (if complete there);
 *    `snapshots` = what will be kept: the newest `keep` complete snapshots, plus the new live one
 *    and its previous, which are never pruned;
 * 3. the manifest is swapped; 4. only then everything else under `snapshots/` is deleted
 *    (older snapshots, partial uploads, killed builds' temporaries).
 * The caller holds the store's lock. Returns the new live manifest and the ids deleted.
 */
export async function commitSnapshot(store: SnapshotStore, m: Manifest, keep: number): Promise<{ manifest: Manifest; deleted: string[] }> {
  const live = await readLive(store);
  const scan = await scanSnapshots(store);
  if (!scan.complete.has(m.snapshot_id)) throw new DataError(`snapshot ${m.snapshot_id} is not complete in ${store.url}: not published`);
  const before = live?.snapshot_id === m.snapshot_id ? live.previous_snapshot_id : live?.snapshot_id ?? null;
  const previous = before && scan.complete.has(before) ? before : null;
  const ids = [...scan.complete.keys()];
  const kept = ids.filter((id, i) => i < keep || id === m.snapshot_id || id === previous);
  const manifest: Manifest = { ...m, previous_snapshot_id: previous, snapshots: kept };
  await store.swapManifest(manifestText(manifest));
  await checkpoint('commit:swapped');
  const deleted = [...ids.filter((id) => !kept.includes(id)), ...scan.incomplete];
  for (const id of deleted) await store.deletePrefix(`snapshots/${id}/`);
  return { manifest, deleted };
}

/**
 * Points the live manifest at a kept snapshot (default: the previous one). Refuses anything that is
 * not a complete snapshot of this store (`..`, a partial upload, a pruned id). Nothing is deleted.
 * The caller holds the store's lock.
 */
export async function rollbackTo(store: SnapshotStore, snapshot?: string): Promise<Manifest> {
  const live = await readLive(store);
  if (!live) throw new DataError(`no manifest.json in ${store.url}`);
  const target = snapshot ?? live.previous_snapshot_id;
  if (!target) throw new DataError(`${store.url}: no previous snapshot to roll back to (give --snapshot ID)`);
  if (!isSnapshotId(target)) throw new DataError(`${JSON.stringify(target)} is not a snapshot id`);
  if (target === live.snapshot_id) throw new DataError(`${store.url} already serves snapshot ${target}`);
  const scan = await scanSnapshots(store);
  const m = scan.complete.get(target);
  if (!m) {
    const why = scan.incomplete.includes(target) ? 'is incomplete (a partial upload or a killed build)' : 'is not kept';
    throw new DataError(`snapshot ${target} ${why} in ${store.url}; complete snapshots: ${[...scan.complete.keys()].join(', ') || 'none'}`);
  }
  const next: Manifest = { ...m, previous_snapshot_id: live.snapshot_id, snapshots: [...scan.complete.keys()] };
  await store.swapManifest(manifestText(next));
  return next;
}

/**
 * Copies the live snapshot of `from` into `to` (objects missing there or of another size; the
 * snapshot's manifest copy last), then commits it in `to` (see {@link commitSnapshot}).
 */
export async function publishSnapshot(
  from: SnapshotStore,
  to: SnapshotStore,
  opts: { keep: number; concurrency?: number; onProgress?: (msg: string, done?: number, total?: number) => void },
): Promise<{ snapshot_id: string; uploaded: number; bytes: number; deleted: string[]; manifest: Manifest }> {
  const m = await readLive(from);
  if (!m) throw new DataError(`no manifest.json in ${from.url}: build gold first`);
  const problems = checkManifest(m);
  if (problems.length) throw new DataError(`${from.url} is not valid gold: ${problems.join('; ')}`);
  const files = (await snapshotFiles(m, from)).paths;
  const last = files.pop()!; // the manifest copy marks the snapshot complete: it goes last
  const there = new Map((await to.list(`snapshots/${m.snapshot_id}/`)).map((o: StoreObject) => [o.path, o.size]));
  let done = 0;
  let bytes = 0;
  let uploaded = 0;
  const copy = async (rel: string) => {
    const body = await from.read(rel);
    if (!body) throw new DataError(`${from.url}: ${rel} listed by the manifest is missing`);
    if (there.get(rel) !== body.length || rel === last) {
      await to.write(rel, body);
      bytes += body.length;
      if (++uploaded === 1) await checkpoint('publish:first-object');
    }
    opts.onProgress?.(`uploading ${rel}`, ++done, files.length + 1);
  };
  const queue = [...files];
  const worker = async () => { for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) await copy(rel); };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  await checkpoint('publish:before-manifest-copy');
  await copy(last);
  const r = await commitSnapshot(to, m, opts.keep);
  return { snapshot_id: m.snapshot_id, uploaded: uploaded + 1, bytes, deleted: r.deleted, manifest: r.manifest };
}
