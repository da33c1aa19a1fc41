import { bucketFileName, bucketOfHash, parseIndexRecord, TABLES, type Manifest, type ManifestTable, type TableFile, type TableName } from '../contract/index.js';
import { NovaError } from '../errors.js';
import { corruptFile, sha256Hex, verifyWhole } from '../io/integrity.js';
import { tailHint, type FileRef, type ParquetReader, type Row } from '../io/parquet-reader.js';
import type { RangeFilter } from '../io/row-groups.js';
import { raceAbort } from '../errors.js';

/** Rows per row group of gold written as docs/gold-layout.md says (DuckDB's smallest): only an estimate here. */
export const LAYOUT_ROW_GROUP_ROWS = 2_048;

/**
 * One pinned snapshot: its manifest and the reads that belong to it. Every read of a call goes
 * through the Snapshot the call started with, so two snapshots' files are never mixed.
 */
export class Snapshot {
  readonly manifest: Manifest;
  readonly reader: ParquetReader;
  private readonly memos = new Map<string, Promise<unknown>>();

  constructor(manifest: Manifest, reader: ParquetReader) {
    this.manifest = manifest;
    this.reader = reader;
  }

  /**
   * The same snapshot with nothing read yet, whose reads ask the server itself past any HTTP cache:
   * the client's one retry after a corrupt read runs on it.
   */
  afresh(): Snapshot {
    return new Snapshot(this.manifest, this.reader.afresh());
  }

  /** The snapshot id. */
  get id(): string {
    return this.manifest.snapshot_id;
  }

  /** The table's manifest entry; `contract_mismatch` when the gold predates the table. */
  spec(table: TableName): ManifestTable {
    const t = this.manifest.tables[table];
    if (!t) {
      throw new NovaError('contract_mismatch', `snapshot ${this.id} (${this.manifest.contract}) has no ${table} table, added by nova-gold/${TABLES[table].since ?? '1'}: rebuild the gold with a nova-etl that writes it`);
    }
    return t;
  }

  /** True when the table's files are listed in a file index (nova-gold/1.2 item-partitioned tables), not in the manifest. */
  indexed(table: TableName): boolean {
    return this.spec(table).index !== undefined && TABLES[table].partitionedByItem === true;
  }

  /** The files of a single-file table (or of any table in gold before nova-gold/1.2), as the reader wants them. */
  files(table: TableName): FileRef[] {
    const files = this.spec(table).files;
    if (!files) throw new NovaError('contract_mismatch', `snapshot ${this.id}: ${table} lists its files in an index; read them with tableFiles()`);
    return files.map((f) => this.ref(table, f));
  }

  /**
   * Every file of a table: from the manifest, or (nova-gold/1.2 item-partitioned tables) from the
   * table's file index, fetched whole once per snapshot and checked against the manifest's size
   * and SHA-256 — so the files' own hashes are as trusted as the manifest's.
   */
  async tableFiles(table: TableName, signal?: AbortSignal): Promise<TableFile[]> {
    if (!this.indexed(table)) return this.spec(table).files ?? [];
    return raceAbort(this.memo(`index:${table}`, async () => {
      const { index, placement } = this.spec(table);
      const ix = index!;
      const where = this.reader.source.describe(ix.path);
      const bytes = new Uint8Array(await this.reader.source.range(ix.path, 0, ix.bytes, undefined, ix.bytes));
      await verifyWhole(bytes, { path: ix.path, bytes: ix.bytes, sha256: ix.sha256 }, where);
      const text = new TextDecoder().decode(bytes);
      const records: TableFile[] = [];
      for (let b = 0; b < (placement?.buckets ?? 0); b++) records.push(this.record(table, text.slice(b * ix.record_bytes, (b + 1) * ix.record_bytes), b, where));
      return records;
    }), signal);
  }

  /** Record `bucket` of a table's file index, checked; `corrupt_snapshot` naming the index when it is not one. */
  private record(table: TableName, text: string, bucket: number, where: string): TableFile {
    const r = parseIndexRecord(text, bucket, this.folder(table));
    if (typeof r === 'string') throw corruptFile(where, r);
    return { path: r.path, rows: r.rows, bytes: r.bytes, sha256: r.sha256, row_groups: r.row_groups };
  }

  /** The folder of an item-partitioned table's files in this snapshot (the contract's placement). */
  private folder(table: TableName): string {
    return `snapshots/${this.id}/${table}`;
  }

  /**
   * The file of an item-partitioned table that holds `itemId` (nova-gold/1.2): its bucket is
   * computed from the id, and its one index record fetched with a Range request (~256 bytes) unless
   * the whole index is already here. The file's path follows from the bucket, so its footer is
   * asked for in parallel with the record ({@link ParquetReader.prefetchTail}) and checked against
   * the record when it is read. Gold before 1.2: the files whose item range may hold it.
   */
  async filesForItem(table: TableName, itemId: string, signal?: AbortSignal): Promise<FileRef[]> {
    if (!this.indexed(table)) return this.filesForItems(table, itemId, itemId);
    const { index, placement } = this.spec(table);
    const ix = index!;
    const bucket = bucketOfHash(await this.memo(`bucket-hash:${itemId}`, () => sha256Hex(new TextEncoder().encode(itemId))), placement!.buckets);
    const whole = this.memos.get(`index:${table}`) as Promise<TableFile[]> | undefined;
    const key = `index:${table}:${bucket}`;
    const early = whole || this.memos.has(key) ? undefined : this.earlyTail(table);
    if (early !== undefined) this.reader.prefetchTail(`${this.folder(table)}/${bucketFileName(bucket)}`, early);
    const file = whole
      ? (await raceAbort(whole, signal))[bucket]
      : await raceAbort(this.memo(key, async () => {
        const start = bucket * ix.record_bytes;
        const bytes = await this.reader.source.range(ix.path, start, start + ix.record_bytes, undefined, ix.bytes);
        return this.record(table, new TextDecoder().decode(bytes), bucket, this.reader.source.describe(ix.path));
      }), signal);
    return [this.ref(table, file)];
  }

  /**
   * Bytes of a bucket file's end to ask for before its record gives the file's row groups: the
   * footer of a file of 1.25× the table's mean rows per bucket, in row groups of
   * {@link LAYOUT_ROW_GROUP_ROWS} rows (at 50,000 items this covers the largest fact file's footer).
   * Gold laid out otherwise costs one more request when the footer is longer, never a wrong answer.
   * Undefined (no early read) when the table's files are on average under twice that: a suffix
   * longer than its file is answered 416 by common static servers (Node's `send`, behind Express),
   * which the browser logs as an error, and a small file's record is a cheap wait.
   */
  private earlyTail(table: TableName): number | undefined {
    const t = this.spec(table);
    const buckets = t.placement?.buckets ?? 1;
    const tail = tailHint(Math.ceil((t.rows / buckets * 1.25) / LAYOUT_ROW_GROUP_ROWS), t.columns.length);
    return t.bytes / buckets >= 2 * tail ? tail : undefined;
  }

  private ref(table: TableName, f: TableFile): FileRef {
    const rowGroups = f.row_groups;
    const tail = rowGroups ? tailHint(rowGroups, this.spec(table).columns.length) : undefined;
    return { path: f.path, bytes: f.bytes, tail, rows: f.rows, sha256: f.sha256 };
  }

  /**
   * A whole table for `sql()`: each file fetched whole in one request and checked against the
   * manifest's (or the file index's) size and SHA-256 (once per snapshot), then decoded from memory.
   */
  async verifiedTable(table: TableName, signal?: AbortSignal): Promise<Row[]> {
    const files = (await this.tableFiles(table, signal)).map((f) => this.ref(table, f));
    const whole = files.map((f) =>
      this.memo(`verified:${f.path}`, async () => {
        const where = this.reader.source.describe(f.path);
        const bytes = await this.reader.source.range(f.path, 0, f.bytes, undefined, f.bytes);
        await verifyWhole(new Uint8Array(bytes), f, where);
        this.reader.adoptWhole(f, bytes);
      }),
    );
    return raceAbort(Promise.all(whole).then(() => this.readFiles(files, {})), signal);
  }

  /** Files of an item-partitioned table of gold before nova-gold/1.2 that may hold items in [lo, hi]. */
  filesForItems(table: TableName, lo: string, hi: string): FileRef[] {
    return (this.spec(table).files ?? [])
      .filter((f) => (f.max_item_id === undefined || f.max_item_id >= lo) && (f.min_item_id === undefined || f.min_item_id <= hi))
      .map((f) => this.ref(table, f));
  }

  /** Reads a whole (small) table once per snapshot; the caller's signal only stops its own wait. */
  table(table: TableName, signal?: AbortSignal, columns?: string[]): Promise<Row[]> {
    // A read of more columns (done or in flight) answers a narrower one: rows carry extra fields.
    const whole = columns ? this.loadedTable(table, columns) : undefined;
    if (whole) return raceAbort(whole, signal);
    const key = `table:${table}:${columns?.join(',') ?? '*'}`;
    return raceAbort(this.memo(key, () => this.readColumnsOnce(table, columns)), signal);
  }

  /**
   * Reads a whole table's columns, decoding only those no earlier whole-table read of it has: the
   * rows of two whole-table reads are in the same order, so the new columns join by position.
   */
  private async readColumnsOnce(table: TableName, columns?: string[]): Promise<Row[]> {
    const wanted = columns ?? this.spec(table).columns.map((c) => c.name);
    const overlap = (have: Set<string>) => wanted.filter((c) => have.has(c)).length;
    let base: { have: Set<string>; rows: Promise<Row[]> } | undefined;
    for (const read of this.tableReads(table)) {
      if (overlap(read.have) > 1 && overlap(read.have) > (base ? overlap(base.have) : 0)) base = read;
    }
    const files = (await this.tableFiles(table)).map((f) => this.ref(table, f));
    if (!base) return this.readFiles(files, { columns });
    const have = base.have;
    const [known, extra] = await Promise.all([base.rows, this.readFiles(files, { columns: wanted.filter((c) => !have.has(c)) })]);
    if (known.length !== extra.length) return this.readFiles(files, { columns });
    return known.map((r, i) => ({ ...r, ...extra[i] }));
  }

  /** The memoized whole-table reads of `table` (done or in flight) with their column sets. */
  private *tableReads(table: TableName): Generator<{ have: Set<string>; rows: Promise<Row[]> }> {
    const prefix = `table:${table}:`;
    const all = this.spec(table).columns.map((c) => c.name);
    for (const [key, rows] of this.memos) {
      if (!key.startsWith(prefix)) continue;
      const cols = key.slice(prefix.length);
      yield { have: new Set(cols === '*' ? all : cols.split(',')), rows: rows as Promise<Row[]> };
    }
  }

  /** Reads one item's rows of a table (file picked by item range, row groups by statistics). */
  async itemRows(table: TableName, itemId: string, opts: { columns?: string[]; filters?: RangeFilter[]; signal?: AbortSignal }): Promise<Row[]> {
    const files = await this.filesForItem(table, itemId, opts.signal);
    const rows = await this.readFiles(files, { ...opts, filters: [{ column: 'item_id', min: itemId, max: itemId }, ...(opts.filters ?? [])] });
    return rows.filter((r) => r.item_id === itemId);
  }

  /** Reads several files in parallel and concatenates their rows in file order. */
  async readFiles(files: FileRef[], opts: { columns?: string[]; filters?: RangeFilter[]; signal?: AbortSignal }): Promise<Row[]> {
    const parts = await Promise.all(files.map((f) => this.reader.read(f, opts)));
    return parts.flat();
  }

  /**
   * A memoized whole-table read of `table` (done or in flight) that has every one of `columns`
   * (all columns when omitted), else undefined.
   */
  loadedTable(table: TableName, columns?: string[]): Promise<Row[]> | undefined {
    if (!columns) return this.memos.get(`table:${table}:*`) as Promise<Row[]> | undefined;
    for (const read of this.tableReads(table)) if (columns.every((c) => read.have.has(c))) return read.rows;
    return undefined;
  }

  /** Memoizes a derived value for the lifetime of the snapshot; failures are not kept. */
  memo<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let p = this.memos.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fn();
      this.memos.set(key, p);
      p.catch(() => this.memos.delete(key));
    }
    return p;
  }
}
