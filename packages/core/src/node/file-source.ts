import { open, readFile } from 'node:fs/promises';
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
      if (size !== undefined) {
        const real = (await fh.stat()).size;
        if (real !== size) throw corruptFile(file, `${real} bytes on disk, manifest says ${size}`);
      }
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
    } finally {
      await fh.close();
    }
  }
}
