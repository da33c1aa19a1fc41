import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { BusyError } from '../errors.js';
import { processAlive } from '../gold/lock.js';
import type { S3Target } from '../publish/s3-target.js';
import type { SnapshotStore, StoreObject } from './store.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** The lock object's name under the prefix, and how long it lasts without a refresh. */
export const S3_LOCK = '.nova-lock';
const LOCK_TTL_MS = 10 * 60_000;

function contentType(path: string): string {
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (path.endsWith('.jsonl')) return 'application/jsonl'; // a nova-gold/1.2 file index
  return 'application/vnd.apache.parquet';
}

function missing(err: unknown): boolean {
  const name = (err as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

/** A gold root under an S3 (or MinIO) prefix. Snapshot objects are `immutable`, the manifest `no-cache`. */
export class S3Store implements SnapshotStore {
  readonly url: string;
  constructor(readonly t: S3Target) {
    this.url = t.url;
  }

  async read(path: string): Promise<Uint8Array | null> {
    try {
      const r = await this.t.client.send(new GetObjectCommand({ Bucket: this.t.bucket, Key: this.t.prefix + path }));
      return await r.Body!.transformToByteArray();
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  private async put(path: string, body: Uint8Array | string, cacheControl: string): Promise<void> {
    await this.t.client.send(new PutObjectCommand({ Bucket: this.t.bucket, Key: this.t.prefix + path, Body: body, ContentType: contentType(path), CacheControl: cacheControl }));
  }

  write(path: string, body: Uint8Array): Promise<void> {
    return this.put(path, body, IMMUTABLE);
  }

  async list(prefix: string): Promise<StoreObject[]> {
    const out: StoreObject[] = [];
    let token: string | undefined;
    do {
      const r = await this.t.client.send(new ListObjectsV2Command({ Bucket: this.t.bucket, Prefix: this.t.prefix + prefix, ContinuationToken: token }));
      for (const o of r.Contents ?? []) if (o.Key) out.push({ path: o.Key.slice(this.t.prefix.length), size: Number(o.Size ?? 0) });
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const keys = (await this.list(prefix.endsWith('/') ? prefix : `${prefix}/`)).map((o) => ({ Key: this.t.prefix + o.path }));
    for (let i = 0; i < keys.length; i += 1000) {
      await this.t.client.send(new DeleteObjectsCommand({ Bucket: this.t.bucket, Delete: { Objects: keys.slice(i, i + 1000) } }));
    }
  }

  swapManifest(body: string): Promise<void> {
    return this.put('manifest.json', body, REVALIDATE); // a PUT replaces an object atomically
  }

  /**
   * A lock object `<prefix>.nova-lock` holding owner, pid, host, since and expires; refreshed while
   * held. One that has expired (its run was killed) is stale and taken over. S3 has no
   * create-if-absent here, so the taker re-reads the object and backs off if another owner won.
   */
  async lock(command: string): Promise<() => Promise<void>> {
    const owner = randomBytes(8).toString('hex');
    const held = await this.readLock();
    // Held unless expired, or taken on this host by a process that no longer exists (kill -9).
    const dead = held && held.host === hostname() && !processAlive(held.pid);
    if (held && !dead && Date.parse(held.expires) > Date.now()) throw busy(this.url, held);
    const info = () => ({ owner, pid: process.pid, host: hostname(), command, since, expires: new Date(Date.now() + LOCK_TTL_MS).toISOString() });
    const since = new Date().toISOString();
    await this.put(S3_LOCK, JSON.stringify(info()), REVALIDATE);
    await new Promise((r) => setTimeout(r, 150));
    const now = await this.readLock();
    if (now && now.owner !== owner) throw busy(this.url, now);
    const refresh = setInterval(() => void this.put(S3_LOCK, JSON.stringify(info()), REVALIDATE).catch(() => undefined), LOCK_TTL_MS / 3);
    refresh.unref();
    return async () => {
      clearInterval(refresh);
      const cur = await this.readLock();
      if (cur?.owner === owner) await this.t.client.send(new DeleteObjectCommand({ Bucket: this.t.bucket, Key: this.t.prefix + S3_LOCK }));
    };
  }

  private async readLock(): Promise<S3Lock | null> {
    const b = await this.read(S3_LOCK);
    if (!b) return null;
    try {
      return JSON.parse(new TextDecoder().decode(b)) as S3Lock;
    } catch {
      return null;
    }
  }
}

interface S3Lock {
  owner: string;
  pid: number;
  host: string;
  command: string;
  since: string;
  expires: string;
}

function busy(url: string, l: S3Lock): BusyError {
  return new BusyError(`another ${l.command} is running on ${url} (pid ${l.pid} on ${l.host}, since ${l.since}; its lock expires ${l.expires} unless refreshed)`);
}
