import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../errors.js';

/**
 * What identifies the bytes of an input file between two moments: its inode, size and modification
 * time (nanoseconds). A file rewritten in place, appended to or replaced by a rename changes at
 * least one of them.
 */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

/** The identity of the file at `path` now. */
export async function fileIdentity(path: string): Promise<FileIdentity> {
  const s = await stat(path, { bigint: true });
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs };
}

/** How `now` differs from `then`, in words; null when it does not. */
function difference(then: FileIdentity, now: FileIdentity | null): string | null {
  if (!now) return 'removed';
  if (now.dev !== then.dev || now.ino !== then.ino) return 'replaced by another file';
  const parts: string[] = [];
  if (now.size !== then.size) parts.push(`size ${then.size} → ${now.size} bytes`);
  if (now.mtimeNs !== then.mtimeNs) parts.push(`modified at ${new Date(Number(now.mtimeNs / 1_000_000n)).toISOString()}`);
  return parts.length ? parts.join(', ') : null;
}

/**
 * Throws a DataError naming every input file (relative to `rawDir`) whose identity is no longer
 * the one taken before the build first read it. A build reads a file more than once — a byte pass
 * in JavaScript, then DuckDB's reads of the same path — so a file written while the build runs (an
 * ERP export or a forecast drop still in progress) could give rows checked by one read and typed
 * from another. Such a build publishes nothing; the next one, once the file is complete, reads it.
 */
export async function assertInputsUnchanged(rawDir: string, files: readonly { file: string; identity?: FileIdentity }[]): Promise<void> {
  const changed: string[] = [];
  for (const f of files) {
    if (!f.identity) continue;
    const now = await fileIdentity(join(rawDir, ...f.file.split('/'))).catch(() => null);
    const why = difference(f.identity, now);
    if (why) changed.push(`${f.file} (${why})`);
  }
  if (changed.length) {
    throw new DataError(
      `input file(s) changed while the build was reading them: ${changed.join('; ')}. Nothing was published; ` +
        `run the build again once the file(s) are complete (write exports under another name and rename them into the raw folder when done).`,
    );
  }
}
