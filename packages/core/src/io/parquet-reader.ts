import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData, type ParquetParsers } from 'hyparquet';
import { NovaError, abortedError, throwIfAborted } from '../errors.js';
import { daysToIso } from '../dates.js';
import { compressors } from './compressors.js';
import { pruneRowGroups, type RangeFilter } from './row-groups.js';
import type { ByteSource } from './source.js';

/** Dates arrive as `YYYY-MM-DD`, timestamps as ISO strings: what the typed results carry. */
const parsers: Partial<ParquetParsers> = {
  dateFromDays: (days: number) => daysToIso(days),
  timestampFromMilliseconds: (v: bigint) => new Date(Number(v)).toISOString(),
  timestampFromMicroseconds: (v: bigint) => new Date(Number(v / 1000n)).toISOString(),
  timestampFromNanoseconds: (v: bigint) => new Date(Number(v / 1_000_000n)).toISOString(),
};

/** Bytes of the footer fetched first; gold footers (small files, few row groups) fit. */
export const INITIAL_FETCH_SIZE = 32_768;

/** A file to read: its path under the gold root and its size from the manifest (no HEAD needed). */
export interface FileRef {
  path: string;
  bytes: number;
  /** Bytes of the file's end to fetch first (its footer, estimated from the manifest); default 32 KB. */
  tail?: number;
}

/** Footer size estimate from the manifest: ~110 bytes of metadata per column chunk, plus slack. */
export function tailHint(rowGroups: number, columns: number): number {
  return Math.min(65_536, Math.max(8_192, rowGroups * columns * 110 + 4_096));
}

/** What to read from one file. */
export interface ReadRequest {
  columns?: string[];
  /** Row-group pruning by min/max statistics. */
  filters?: RangeFilter[];
  signal?: AbortSignal;
}

/** A row as hyparquet returns it (dates as ISO strings). */
export type Row = Record<string, unknown>;

/**
 * Reads gold Parquet files with Range requests: footer metadata cached per file (snapshot files are
 * immutable, and their paths carry the snapshot id), only the requested columns and row groups.
 */
export class ParquetReader {
  /** Where the bytes come from. */
  readonly source: ByteSource;
  private readonly footers = new Map<string, Promise<FileMetaData>>();
  /** The tail of each file fetched with its footer: later reads inside it cost no request. */
  private readonly tails = new Map<string, { start: number; bytes: ArrayBuffer }>();

  constructor(source: ByteSource) {
    this.source = source;
  }

  private buffer(file: FileRef, signal?: AbortSignal): AsyncBuffer {
    return {
      byteLength: file.bytes,
      slice: (start, end = file.bytes) => {
        const tail = this.tails.get(file.path);
        if (tail && start >= tail.start) return tail.bytes.slice(start - tail.start, end - tail.start);
        if (tail && end > tail.start) {
          return this.source.range(file.path, start, tail.start, signal).then((head) => {
            const out = new Uint8Array(end - start);
            out.set(new Uint8Array(head), 0);
            out.set(new Uint8Array(tail.bytes, 0, end - tail.start), tail.start - start);
            return out.buffer;
          });
        }
        return this.source.range(file.path, start, end, signal);
      },
    };
  }

  private async fetchTail(file: FileRef, signal?: AbortSignal): Promise<void> {
    const start = Math.max(0, file.bytes - (file.tail ?? INITIAL_FETCH_SIZE));
    const bytes = await this.source.range(file.path, start, file.bytes, signal);
    this.tails.set(file.path, { start, bytes });
  }

  /** The file's footer, fetched once. */
  metadata(file: FileRef, signal?: AbortSignal): Promise<FileMetaData> {
    let p = this.footers.get(file.path);
    if (!p) {
      p = this.fetchTail(file, signal)
        .then(() => parquetMetadataAsync(this.buffer(file, signal), { initialFetchSize: Math.min(file.tail ?? INITIAL_FETCH_SIZE, file.bytes), parsers }))
        .catch(
        (err: unknown) => {
          this.footers.delete(file.path);
          this.tails.delete(file.path);
          throw this.wrap(err, file, signal);
        },
      );
      this.footers.set(file.path, p);
    }
    return p;
  }

  private wrap(err: unknown, file: FileRef, signal?: AbortSignal): NovaError {
    if (err instanceof NovaError) return err;
    if (signal?.aborted) return abortedError(signal, `reading ${this.source.describe(file.path)}`);
    return new NovaError(
      'query_failed',
      `${this.source.describe(file.path)} is not a readable Parquet file (${(err as Error).message}): the file may be truncated or corrupt; republish the snapshot`,
      { cause: err },
    );
  }

  /** Reads the rows of the row groups that pass `filters` (callers filter rows further). */
  async read(file: FileRef, req: ReadRequest = {}): Promise<Row[]> {
    const { signal } = req;
    throwIfAborted(signal);
    const metadata = await this.metadata(file, signal);
    throwIfAborted(signal);
    const ranges = pruneRowGroups(metadata, req.filters ?? []);
    const buf = this.buffer(file, signal);
    try {
      const parts = await Promise.all(
        ranges.map((r) =>
          parquetReadObjects({ file: buf, metadata, columns: req.columns, rowStart: r.rowStart, rowEnd: r.rowEnd, compressors, parsers }),
        ),
      );
      return parts.length === 1 ? parts[0] : parts.flat();
    } catch (err) {
      throw this.wrap(err, file, signal);
    }
  }
}
