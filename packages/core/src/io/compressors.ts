import { decompress } from 'fzstd';
import type { Compressors } from 'hyparquet';

/** Decompressors hyparquet lacks: gold files are ZSTD. */
export const compressors: Compressors = {
  ZSTD: (input: Uint8Array, outputLength: number) => decompress(input, new Uint8Array(outputLength)),
};
