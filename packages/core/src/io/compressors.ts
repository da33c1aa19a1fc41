import type { Compressors, FileMetaData } from 'hyparquet';

type Fzstd = typeof import('fzstd');

/**
 * The buffer fzstd decodes into. `decompress(input, out)` tests `out == 1` (twice per frame), and
 * `==` turns a plain Uint8Array into the string of all its bytes: 0.1 ms for a 3.5 KB page in
 * Node 20, about 13 % of the CPU of a footer + row-group read there. This one converts to NaN.
 */
class PageBuffer extends Uint8Array {
  [Symbol.toPrimitive](): number {
    return NaN;
  }
}

/**
 * The decoded size a ZSTD frame declares in its header (Frame_Content_Size, RFC 8878 §3.1.1.1),
 * undefined when the frame does not declare it; throws when the bytes are not a ZSTD frame.
 */
export function zstdContentSize(frame: Uint8Array): number | undefined {
  if (frame.length < 6 || frame[0] !== 0x28 || frame[1] !== 0xb5 || frame[2] !== 0x2f || frame[3] !== 0xfd) {
    throw new Error(`ZSTD page does not start with a ZSTD frame (${frame.length} bytes)`);
  }
  const fhd = frame[4];
  const fcsFlag = fhd >> 6;
  const single = (fhd >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][fhd & 3];
  const fcsBytes = fcsFlag === 0 ? single : 1 << fcsFlag;
  if (fcsBytes === 0) return undefined;
  const at = 5 + (single ? 0 : 1) + dictBytes;
  if (frame.length < at + fcsBytes) throw new Error(`ZSTD frame header cut short (${frame.length} bytes)`);
  let size = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) size = size * 256 + frame[at + i];
  return fcsBytes === 2 ? size + 256 : size;
}

/**
 * The ZSTD decompressor hyparquet lacks, on top of fzstd. A frame declaring another size than the
 * page header is refused.
 */
export function zstdCompressors({ decompress }: Pick<Fzstd, 'decompress'>): Compressors {
  return {
    ZSTD: (input: Uint8Array, outputLength: number) => {
      const declared = zstdContentSize(input);
      if (declared !== undefined && declared !== outputLength) {
        throw new Error(`ZSTD page holds ${declared} bytes, its page header says ${outputLength}`);
      }
      const out = new PageBuffer(outputLength);
      decompress(input, out);
      // A plain view for hyparquet, which sees only Uint8Arrays (one object shape for its decoders).
      return new Uint8Array(out.buffer);
    },
  };
}

let zstd: Promise<Compressors> | undefined;

/**
 * The decompressors a file needs beyond hyparquet's own (SNAPPY, uncompressed): nova-etl writes
 * SNAPPY (ADR 0005, session 10), so fzstd — pure JS, cold on a fresh page — is loaded only when a
 * file has a ZSTD column chunk (gold written before, or by another engine).
 */
export function compressorsFor(metadata: FileMetaData): Promise<Compressors> | undefined {
  const needsZstd = metadata.row_groups.some((rg) => rg.columns.some((c) => c.meta_data?.codec === 'ZSTD'));
  if (!needsZstd) return undefined;
  zstd ??= import('fzstd').then(zstdCompressors, (err: unknown) => {
    zstd = undefined; // a failed chunk load is tried again by the next read
    throw err;
  });
  return zstd;
}
