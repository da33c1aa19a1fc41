import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '@nova-corrente/core/contract';
import { DataError } from '../errors.js';

/**
 * A new snapshot id, `YYYYMMDDTHHMMSSZ-xxxxxx`: the UTC second, then the millisecond as 3 hex
 * digits and 3 random ones. Ids sort by build time to the millisecond (retention keeps the newest
 * by id, and two builds can publish within one second: with 6 random digits their order was a coin
 * toss, and `keep` could prune the newer one); the random digits keep two hosts' ids apart.
 */
export function newSnapshotId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const ms = now.getUTCMilliseconds().toString(16).padStart(3, '0');
  return `${t}-${ms}${randomBytes(2).toString('hex').slice(0, 3)}`;
}

/** Reads and checks `<gold>/manifest.json`; null when there is none. */
export async function readManifest(goldDir: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(join(goldDir, 'manifest.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${join(goldDir, 'manifest.json')} is not valid JSON: ${(err as Error).message}`);
  }
  return json as Manifest;
}
