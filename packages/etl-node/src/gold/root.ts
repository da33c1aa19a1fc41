import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '@nova-corrente/core/contract';
import { DataError } from '../errors.js';

/** A new snapshot id: UTC time (sortable) plus 6 random hex digits. */
export function newSnapshotId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${t}-${randomBytes(3).toString('hex')}`;
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
