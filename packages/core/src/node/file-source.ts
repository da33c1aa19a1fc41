import { open, readFile, type FileHandle } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { NovaError, snapshotGone, throwIfAborted } from '../errors.js';
import type { ByteSource } from '../io/source.js';
import { corruptFile } from '../io/integrity.js';

/** Reads a gold root on the local disk, with the same range semantics as HTTP. */
export class FileSource implements ByteSource {
  readonly localRoot: string;

  constructor(root: string) {
    this.localRoot = resolve(root);
  }

  describe(path: string): string {
    const full = resolve(this.localRoot, path);
    if (full !== this.localRoot && !full.startsWith(this.localRoot + sep)) {
      throw new NovaError('invalid_argument', `path ${JSON.stringify(path)} leaves the gold root ${this.localRoot}`);
    }
    return full;
  }

  async text(path: string, opts: { signal?: AbortSignal }): Promise<string | null> {
    throwIfAborted(opts.signal, `reading ${this.describe(path)}`);
    try {
      return await readFile(this.describe(path), { encoding: 'utf8', signal: opts.signal });
    } catch (err) {
      throwIfAborted(opts.signal, `reading ${this.describe(path)}`);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new NovaError('network', `cannot read ${this.describe(path)}: ${(err as Error).message}`, { cause: err });
    }
  }

  async range(path: string, start: number, end: number, signal?: AbortSignal, size?: number): Promise<ArrayBuffer> {
    return this.withFile(path, signal, async (fh, file) => {
      if (size !== undefined) {
        const real = (await fh.stat()).size;
        if (real !== size) throw corruptFile(file, `${real} bytes on disk, manifest says ${size}`);
      }
      return readAt(fh, file, start, end, signal);
    });
  }

  async suffix(path: string, length: number, signal?: AbortSignal): Promise<{ bytes: ArrayBuffer; size?: number }> {
    return this.withFile(path, signal, async (fh, file) => {
      const size = (await fh.stat()).size;
      return { bytes: await readAt(fh, file, Math.max(0, size - length), size, signal), size };
    });
  }

  /** A folder has no HTTP cache to bypass. */
  fresh(): FileSource {
    return this;
  }

  /** Opens the file (a missing one means the snapshot is gone), runs `fn`, closes it. */
  private async withFile<T>(path: string, signal: AbortSignal | undefined, fn: (fh: FileHandle, file: string) => Promise<T>): Promise<T> {
    const file = this.describe(path);
    throwIfAborted(signal, `reading ${file}`);
    let fh;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw snapshotGone(new NovaError('query_failed', `${file} does not exist: the snapshot may have been removed; call refresh()`, { cause: err }));
      }
      throw new NovaError('network', `cannot open ${file}: ${(err as Error).message}`, { cause: err });
    }
    try {
      return await fn(fh, file);
    } finally {
      await fh.close();
    }
  }
}

/** Bytes [start, end) of an open file; `corrupt_snapshot` when it ends before `end`. */
async function readAt(fh: FileHandle, file: string, start: number, end: number, signal?: AbortSignal): Promise<ArrayBuffer> {
  const buf = new Uint8Array(end - start);
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  throwIfAborted(signal, `reading ${file}`);
  if (got !== buf.length) throw corruptFile(file, `${got} of ${end - start} bytes at ${start}: the file is shorter`);
  return buf.buffer;
}
