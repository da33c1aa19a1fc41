import type { Manifest, ManifestTable, TableFile, TableName } from '../contract/index.js';
import { NovaError } from '../errors.js';
import { verifyWhole } from '../io/integrity.js';
import { tailHint, type FileRef, type ParquetReader, type Row } from '../io/parquet-reader.js';
import type { RangeFilter } from '../io/row-groups.js';
import { raceAbort } from '../errors.js';

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

  /** The snapshot id. */
  get id(): string {
    return this.manifest.snapshot_id;
  }

  /** The table's manifest entry; `contract_mismatch` when the gold predates the table. */
  spec(table: TableName): ManifestTable {
    const t = this.manifest.tables[table];
    if (!t) {
      throw new NovaError('contract_mismatch', `snapshot ${this.id} (${this.manifest.contract}) has no ${table} table, added by nova-gold/1.1: rebuild the gold with nova-etl ≥ 0.2`);
    }
    return t;
  }

  /** The files of a table, as the reader wants them. */
  files(table: TableName): FileRef[] {
    return this.spec(table).files.map((f) => this.ref(table, f));
  }

  private ref(table: TableName, f: TableFile): FileRef {
    const rowGroups = f.row_groups;
    const tail = rowGroups ? tailHint(rowGroups, this.spec(table).columns.length) : undefined;
    return { path: f.path, bytes: f.bytes, tail, rows: f.rows, sha256: f.sha256 };
  }

  /**
   * A whole table for `sql()`: each file fetched whole in one request and checked against the
   * manifest's size and SHA-256 (once per snapshot), then decoded from memory.
   */
  verifiedTable(table: TableName, signal?: AbortSignal): Promise<Row[]> {
    const files = this.files(table);
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

  /** Files of an item-partitioned table that may hold items in [lo, hi]. */
  filesForItems(table: TableName, lo: string, hi: string): FileRef[] {
    return this.spec(table).files
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
    if (!base) return this.readFiles(this.files(table), { columns });
    const have = base.have;
    const [known, extra] = await Promise.all([base.rows, this.readFiles(this.files(table), { columns: wanted.filter((c) => !have.has(c)) })]);
    if (known.length !== extra.length) return this.readFiles(this.files(table), { columns });
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
    const files = this.filesForItems(table, itemId, itemId);
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
