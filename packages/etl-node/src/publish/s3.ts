import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { checkManifest, type Manifest } from '@nova-corrente/core/contract';
import { DataError } from '../errors.js';
import { readManifest } from '../gold/root.js';
import type { S3Target } from './s3-target.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function contentType(path: string): string {
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.csv')) return 'text/csv; charset=utf-8';
  return 'application/vnd.apache.parquet';
}

/** Files of one snapshot (relative to the gold root): tables, quality report, quarantine, manifest copy. */
export function snapshotFiles(m: Manifest): string[] {
  const files = Object.values(m.tables).flatMap((t) => t.files.map((f) => f.path));
  return [...files, m.quality.quarantine_path, m.quality.report_path, `snapshots/${m.snapshot_id}/manifest.json`];
}

/**
 * Uploads the local gold root's current snapshot, then its manifest last. Snapshot objects get
 * `Cache-Control: immutable`, the manifest `no-cache`. A publish killed midway leaves the bucket's
 * previous manifest in place: readers keep the previous snapshot.
 */
export async function publishToS3(
  goldDir: string,
  target: S3Target,
  opts: { keep: number; concurrency?: number; onProgress?: (msg: string, done?: number, total?: number) => void } = { keep: 5 },
): Promise<{ uploaded: number; bytes: number; snapshot_id: string; deleted: string[] }> {
  const manifest = await readManifest(goldDir);
  if (!manifest) throw new DataError(`no manifest.json in ${goldDir}: build gold first`);
  const problems = checkManifest(manifest);
  if (problems.length) throw new DataError(`${goldDir} is not valid gold: ${problems.join('; ')}`);
  const files = snapshotFiles(manifest);
  let done = 0;
  let bytes = 0;
  const queue = [...files];
  const worker = async () => {
    for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) {
      const body = await readFile(join(goldDir, rel));
      await put(target, rel, body, IMMUTABLE);
      bytes += body.length;
      opts.onProgress?.(`uploading ${rel}`, ++done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  await put(target, 'manifest.json', await readFile(join(goldDir, 'manifest.json')), REVALIDATE);
  const deleted = await pruneS3Snapshots(target, manifest.snapshot_id, opts.keep);
  return { uploaded: files.length + 1, bytes, snapshot_id: manifest.snapshot_id, deleted };
}

async function put(t: S3Target, rel: string, body: Uint8Array, cacheControl: string): Promise<void> {
  await t.client.send(
    new PutObjectCommand({ Bucket: t.bucket, Key: t.prefix + rel, Body: body, ContentType: contentType(rel), CacheControl: cacheControl }),
  );
}

/** Snapshot ids stored under `<prefix>snapshots/`, newest first. */
export async function listS3Snapshots(t: S3Target): Promise<string[]> {
  const ids = new Set<string>();
  let token: string | undefined;
  do {
    const r = await t.client.send(
      new ListObjectsV2Command({ Bucket: t.bucket, Prefix: `${t.prefix}snapshots/`, Delimiter: '/', ContinuationToken: token }),
    );
    for (const p of r.CommonPrefixes ?? []) {
      const id = p.Prefix?.slice(`${t.prefix}snapshots/`.length).replace(/\/$/, '');
      if (id) ids.add(id);
    }
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return [...ids].sort().reverse();
}

async function pruneS3Snapshots(t: S3Target, current: string, keep: number): Promise<string[]> {
  const all = await listS3Snapshots(t);
  const drop = all.filter((id, i) => i >= keep && id !== current);
  for (const id of drop) {
    let token: string | undefined;
    do {
      const r = await t.client.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: `${t.prefix}snapshots/${id}/`, ContinuationToken: token }));
      const keys = (r.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length) await t.client.send(new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: keys } }));
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  }
  return drop;
}

/** Reads a JSON object from the bucket; null when it does not exist. */
export async function getS3Json<T>(t: S3Target, rel: string): Promise<T | null> {
  try {
    const r = await t.client.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.prefix + rel }));
    return JSON.parse(await r.Body!.transformToString()) as T;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound') return null;
    throw err;
  }
}

/** Points the bucket's manifest back at a kept snapshot (default: the previous one). */
export async function rollbackS3(t: S3Target, snapshot?: string): Promise<Manifest> {
  const current = await getS3Json<Manifest>(t, 'manifest.json');
  if (!current) throw new DataError(`no manifest.json at ${t.url}`);
  const target = snapshot ?? current.previous_snapshot_id;
  if (!target) throw new DataError(`${t.url}: no previous snapshot to roll back to (give --snapshot ID)`);
  const m = await getS3Json<Manifest>(t, `snapshots/${target}/manifest.json`);
  if (!m) throw new DataError(`snapshot ${target} is not kept at ${t.url}`);
  const problems = checkManifest(m);
  if (problems.length) throw new DataError(`snapshot ${target} manifest is invalid: ${problems.join('; ')}`);
  const next: Manifest = { ...m, previous_snapshot_id: current.snapshot_id, snapshots: await listS3Snapshots(t) };
  await put(t, 'manifest.json', new TextEncoder().encode(`${JSON.stringify(next, null, 2)}\n`), REVALIDATE);
  return next;
}

export type { S3Client };
