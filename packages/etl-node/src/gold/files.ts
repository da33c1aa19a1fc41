import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, writeFile, rm } from 'node:fs/promises';

/** Hex SHA-256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** SHA-256 over a list of hex hashes (a table's hash over its files, in order). */
export function sha256OfHashes(hashes: string[]): string {
  return hashes.length === 1 ? hashes[0] : createHash('sha256').update(hashes.join('\n')).digest('hex');
}

/** Writes a file atomically: temp file in the same folder, fsync, rename. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, data);
    const fh = await open(tmp, 'r');
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
