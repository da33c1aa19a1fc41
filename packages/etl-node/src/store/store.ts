/** One object of a snapshot store: a path relative to the gold root and its size in bytes. */
export interface StoreObject {
  path: string;
  size: number;
}

/**
 * Where gold lives: a folder or an S3 prefix. Snapshot objects are written once and never
 * changed; `manifest.json` is the only mutable object and is replaced atomically. Everything
 * about snapshots (listing, completeness, publishing, pruning, rollback) is written once on top of
 * this interface in `snapshots.ts`.
 */
export interface SnapshotStore {
  /** Where the store is, for messages (a folder path or `s3://bucket/prefix`). */
  readonly url: string;
  /** The bytes of an object, or null when it does not exist. */
  read(path: string): Promise<Uint8Array | null>;
  /** Writes an immutable snapshot object. */
  write(path: string, body: Uint8Array): Promise<void>;
  /** Every object whose path starts with `prefix`, recursively. */
  list(prefix: string): Promise<StoreObject[]>;
  /** Deletes every object whose path starts with `prefix` (a snapshot's folder). */
  deletePrefix(prefix: string): Promise<void>;
  /** Replaces `manifest.json` atomically (readers see the old or the new one, never a mix). */
  swapManifest(body: string): Promise<void>;
  /** Takes the store's exclusive lock (exit 2 when another run holds it); returns the release. */
  lock(command: string): Promise<() => Promise<void>>;
}
