import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData, type ParquetParsers } from 'hyparquet';
import { NovaError, abortedError, raceAbort, throwIfAborted } from '../errors.js';
import { daysToIso } from '../dates.js';
import { compressorsFor } from './compressors.js';
import { corruptFile, verifyWhole } from './integrity.js';
import { groupRanges, pruneRowGroups, type RangeFilter, type RowRange } from './row-groups.js';
import type { ByteSource } from './source.js';
import { Lru, type LruLimits } from '../lru.js';

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
  /** Rows the manifest gives the file: the footer must agree. */
  rows?: number;
  /** The manifest's SHA-256 of the file, checked whenever the whole file is fetched anyway. */
  sha256?: string;
}

/**
 * Rows of decoded row groups the reader keeps (about 1,000 per chart-sized read of a fact file):
 * going back to an item, or to another item of the same row group, decodes nothing.
 */
export const DECODED_ROWS_KEPT = 65_536;

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

/** What the reader keeps of one file: its parsed footer and the bytes fetched with it. */
interface FileEntry {
  footer?: Promise<FileMetaData>;
  /** The file's end asked for before its size was known ({@link ParquetReader.prefetchTail}), not yet checked. */
  early?: { length: number; got: Promise<{ bytes: ArrayBuffer; size?: number } | null> };
  /** The tail of the file fetched with its footer (the whole file when `start` is 0). */
  tail?: { start: number; bytes: ArrayBuffer };
  /** Estimated heap bytes of the parsed footer. */
  footerBytes: number;
}

/**
 * Defaults of the per-file cache (client options `fileCacheMaxFiles`, `fileCacheMaxBytes`): 256
 * files, 32 MiB of footers and tails (a parsed footer counted as four times its Thrift bytes).
 */
export const FILE_CACHE_DEFAULTS: LruLimits = { maxEntries: 256, maxBytes: 32 * 2 ** 20 };

/**
 * Reads gold Parquet files with Range requests: footer metadata cached per file (snapshot files are
 * immutable, and their paths carry the snapshot id), only the requested columns and row groups.
 */
export class ParquetReader {
  /** Where the bytes come from. */
  readonly source: ByteSource;
  /**
   * Footers and the tails fetched with them, per file, least recently used evicted first: later
   * reads inside a tail cost no request. An evicted file is simply fetched again.
   */
  private readonly files: Lru<FileEntry>;
  /** Recently decoded row ranges (least recently used first), bounded by {@link DECODED_ROWS_KEPT} rows. */
  private readonly decoded = new Map<string, { rows: Promise<Row[]>; count: number }>();
  private decodedRows = 0;

  private readonly limits: Partial<LruLimits>;

  constructor(source: ByteSource, limits: Partial<LruLimits> = {}) {
    this.source = source;
    this.limits = limits;
    this.files = new Lru({ ...FILE_CACHE_DEFAULTS, ...limits });
  }

  /** Files held and their estimated bytes. */
  stats(): { files: number; bytes: number; decodedRows: number } {
    return { files: this.files.size, bytes: this.files.bytes, decodedRows: this.decodedRows };
  }

  private tail(path: string): { start: number; bytes: ArrayBuffer } | undefined {
    return this.files.peek(path)?.tail;
  }

  /** Stores (or re-weighs) a file's entry as the most recently used. */
  private keep(path: string, entry: FileEntry): void {
    this.files.set(path, entry, 256 + (entry.tail?.bytes.byteLength ?? 0) + entry.footerBytes);
  }

  /**
   * The file as hyparquet reads it: slices inside the tail fetched with the footer cost no request;
   * the rest are Range requests (hyparquet's read planner groups a read's column chunks first).
   */
  private buffer(file: FileRef, signal?: AbortSignal): AsyncBuffer {
    return {
      byteLength: file.bytes,
      slice: (start, end = file.bytes) => {
        const tail = this.tail(file.path);
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

  private async fetchTail(file: FileRef, entry: FileEntry, signal?: AbortSignal): Promise<void> {
    if (entry.tail?.start === 0) return; // the whole file is here already
    const where = this.source.describe(file.path);
    const early = entry.early;
    entry.early = undefined;
    const got = early ? await raceAbort(early.got, signal) : null;
    let start: number;
    let bytes: ArrayBuffer;
    if (early && got) {
      // The file's end was asked for before its record gave the size: check it against the record
      // now, exactly as a Range read with a known size is checked (the size the answer carries).
      const want = Math.min(early.length, file.bytes);
      // An answer without `Content-Range` that is shorter than asked can only be the whole file.
      const size = got.size ?? (got.bytes.byteLength < early.length ? got.bytes.byteLength : undefined);
      if (size !== undefined && size !== file.bytes) throw corruptFile(where, `${size} bytes on the server, manifest says ${file.bytes}`);
      if (got.bytes.byteLength !== want) throw corruptFile(where, `got ${got.bytes.byteLength} bytes for its last ${want}`);
      bytes = got.bytes;
      start = file.bytes - want;
    } else {
      start = Math.max(0, file.bytes - (file.tail ?? INITIAL_FETCH_SIZE));
      // The source checks the file's real size against the manifest's on this first request.
      bytes = await this.source.range(file.path, start, file.bytes, signal, file.bytes);
    }
    // A small file comes whole with its footer: its SHA-256 costs no request.
    if (start === 0) await verifyWhole(new Uint8Array(bytes), file, where);
    entry.tail = { start, bytes };
    if (this.files.peek(file.path) === entry) this.keep(file.path, entry);
  }

  /**
   * Starts fetching a file's last `length` bytes (its footer) before its size is known, so that
   * they travel in parallel with the index record that gives the size; {@link metadata} checks them
   * against that record. Nothing happens when the file's footer is cached or on its way.
   */
  prefetchTail(path: string, length: number): void {
    if (this.files.peek(path)) return;
    const got = this.source.suffix(path, length);
    got.catch(() => undefined); // its failure surfaces in metadata(), or nowhere when no read follows
    this.keep(path, { footerBytes: 0, early: { length, got } });
  }

  /** A reader of the same source and limits with nothing cached, whose reads pass HTTP caches (the client's retry). */
  afresh(): ParquetReader {
    return new ParquetReader(this.source.fresh(), this.limits);
  }

  /** Takes a whole file's bytes (already checked by the caller): later reads of it cost no request. */
  adoptWhole(file: FileRef, bytes: ArrayBuffer): void {
    this.keep(file.path, { tail: { start: 0, bytes }, footerBytes: 0 });
  }

  /** Drops everything cached for the files (after a corrupt read, so a retry reads afresh). */
  forget(): void {
    this.files.clear();
    this.decoded.clear();
    this.decodedRows = 0;
  }

  /** The file's footer, fetched once (while the cache keeps it) and checked against the manifest's row count. */
  metadata(file: FileRef, signal?: AbortSignal): Promise<FileMetaData> {
    let entry = this.files.get(file.path);
    if (entry?.footer) return entry.footer;
    const e: FileEntry = entry ?? { footerBytes: 0 };
    entry = e;
    e.footer = this.fetchTail(file, e, signal)
      // hyparquet starts from the tail fetched above: the footer costs no other request when it fits.
      .then(() => parquetMetadataAsync(this.buffer(file, signal), { initialFetchSize: file.bytes - (e.tail?.start ?? 0), parsers }))
      .then((md) => {
        const rows = md.row_groups.reduce((n, rg) => n + Number(rg.num_rows), 0);
        if (file.rows !== undefined && (rows !== file.rows || Number(md.num_rows) !== file.rows)) {
          throw corruptFile(this.source.describe(file.path), `footer has ${Number(md.num_rows)} rows in row groups of ${rows}, manifest says ${file.rows}`);
        }
        e.footerBytes = 4 * md.metadata_length;
        if (this.files.peek(file.path) === e) this.keep(file.path, e);
        return md;
      })
      .catch((err: unknown) => {
        if (this.files.peek(file.path) === e) this.files.delete(file.path);
        throw this.wrap(err, file, signal);
      });
    this.keep(file.path, e);
    return e.footer;
  }

  private wrap(err: unknown, file: FileRef, signal?: AbortSignal): NovaError {
    if (err instanceof NovaError) return err;
    if (signal?.aborted) return abortedError(signal, `reading ${this.source.describe(file.path)}`);
    return corruptFile(this.source.describe(file.path), `not a readable Parquet file: ${(err as Error).message}`, err);
  }

  /**
   * Reads the rows of the row groups that pass `filters` (callers filter rows further and must not
   * modify the rows: recently decoded row groups are shared between reads).
   */
  async read(file: FileRef, req: ReadRequest = {}): Promise<Row[]> {
    const { signal } = req;
    throwIfAborted(signal);
    const metadata = await this.metadata(file, signal);
    throwIfAborted(signal);
    const groups = groupRanges(metadata, req.filters ?? []);
    const rows = groups.reduce((n, r) => n + r.rowEnd - r.rowStart, 0);
    // A large read (a whole table) is decoded as it comes, adjacent groups in one range, and not kept.
    if (rows > DECODED_ROWS_KEPT / 4) return this.decode(file, metadata, pruneRowGroups(metadata, req.filters ?? []), req.columns, signal);
    // Kept per row group and column list: reads whose filters select the same group with the same
    // columns share one decode (an item's forecast chart and its inventory projection, whose date
    // ranges differ, read the same group of the item's fact_forecast rows).
    const parts = groups.map((g) => this.decodedGroup(file, metadata, g, req.columns));
    const results = await raceAbort(Promise.all(parts), signal);
    return results.length === 1 ? results[0] : results.flat();
  }

  /** One row group's rows: decoded recently (shared, not tied to a caller's signal) or now. */
  private decodedGroup(file: FileRef, metadata: FileMetaData, group: RowRange, columns?: string[]): Promise<Row[]> {
    const key = `${file.path}|${group.rowStart}-${group.rowEnd}|${columns?.join(',') ?? '*'}`;
    let entry = this.decoded.get(key);
    if (entry) {
      this.decoded.delete(key); // re-inserted below as the most recently used
    } else {
      const p = this.decode(file, metadata, [group], columns);
      const added = { rows: p, count: group.rowEnd - group.rowStart };
      entry = added;
      this.decodedRows += added.count;
      p.catch(() => {
        if (this.decoded.get(key) === added) {
          this.decoded.delete(key);
          this.decodedRows -= added.count;
        }
      });
    }
    this.decoded.set(key, entry);
    for (const [k, e] of this.decoded) {
      if (this.decodedRows <= DECODED_ROWS_KEPT) break;
      this.decoded.delete(k);
      this.decodedRows -= e.count;
    }
    return entry.rows;
  }

  private async decode(file: FileRef, metadata: FileMetaData, ranges: RowRange[], columns?: string[], signal?: AbortSignal): Promise<Row[]> {
    try {
      // hyparquet plans each read (column chunks of a row group within 8 KB of each other share a
      // request; row groups are fetched in parallel) — measured against our own merging in
      // docs/adr/0007-read-path.md.
      const buf = this.buffer(file, signal);
      const compressors = await compressorsFor(metadata);
      const results = await Promise.all(
        ranges.map((r) =>
          parquetReadObjects({ file: buf, metadata, columns, rowStart: r.rowStart, rowEnd: r.rowEnd, compressors, parsers }),
        ),
      );
      return results.length === 1 ? results[0] : results.flat();
    } catch (err) {
      throw this.wrap(err, file, signal);
    }
  }
}
