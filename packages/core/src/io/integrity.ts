import { NovaError } from '../errors.js';

/** A file's manifest entry, as far as integrity checks go. */
export interface FileFacts {
  path: string;
  bytes: number;
  sha256?: string;
  rows?: number;
}

/** `NovaError('corrupt_snapshot')` naming the file, what differs and what to do. */
export function corruptFile(where: string, what: string, cause?: unknown): NovaError {
  return new NovaError(
    'corrupt_snapshot',
    `${where} does not match its manifest entry (${what}): the published file was changed, truncated or swapped; run \`nova-etl validate\` on the gold root and republish the snapshot`,
    cause === undefined ? undefined : { cause },
  );
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * SHA-256 of bytes, hex: WebCrypto where the page has it (secure contexts, Node), else
 * @noble/hashes (pages served over plain http on an intranet host have no `crypto.subtle`).
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return hex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
  const { sha256 } = await import('@noble/hashes/sha2.js');
  return hex(sha256(bytes));
}

/** Checks a whole file's bytes against its manifest size and SHA-256. */
export async function verifyWhole(bytes: Uint8Array, file: FileFacts, where: string): Promise<void> {
  if (bytes.byteLength !== file.bytes) throw corruptFile(where, `${bytes.byteLength} bytes, manifest says ${file.bytes}`);
  if (!file.sha256) return;
  const got = await sha256Hex(bytes);
  if (got !== file.sha256) throw corruptFile(where, `SHA-256 ${got.slice(0, 12)}…, manifest says ${file.sha256.slice(0, 12)}…`);
}
