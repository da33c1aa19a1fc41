import { Bool, DateDay, Float64, Int32, Int64, Table, TimestampMillisecond, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import type { ColumnType, TableName } from '../contract/index.js';
import { TABLES } from '../contract/index.js';
import type { Row } from '../io/parquet-reader.js';

const DAY_MS = 86_400_000;

/**
 * One column as an Arrow vector, its buffers built directly: Arrow's builders compile their null
 * checks with `new Function`, which a Content-Security-Policy without 'unsafe-eval' refuses.
 */
function column(type: ColumnType, values: unknown[]): Vector {
  const length = values.length;
  const valid = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined) nullCount++;
    else valid[i >> 3] |= 1 << (i & 7);
  });
  const base = { length, nullCount, nullBitmap: nullCount ? valid : undefined };
  const num = (f: (v: unknown) => number) => (v: unknown) => (v === null || v === undefined ? 0 : f(v));
  switch (type) {
    case 'DOUBLE':
      return makeVector(makeData({ ...base, type: new Float64(), data: Float64Array.from(values, num(Number)) }));
    case 'INTEGER':
      return makeVector(makeData({ ...base, type: new Int32(), data: Int32Array.from(values, num(Number)) }));
    case 'BIGINT':
      return makeVector(makeData({ ...base, type: new Int64(), data: BigInt64Array.from(values, (v) => (v === null || v === undefined ? 0n : BigInt(v as number))) }));
    case 'DATE':
      return makeVector(makeData({ ...base, type: new DateDay(), data: Int32Array.from(values, num((v) => Date.parse(`${v as string}T00:00:00Z`) / DAY_MS)) }));
    case 'TIMESTAMP':
      return makeVector(makeData({ ...base, type: new TimestampMillisecond(), data: BigInt64Array.from(values, (v) => (v === null || v === undefined ? 0n : BigInt(Date.parse(v as string)))) }));
    case 'BOOLEAN': {
      const bits = new Uint8Array((length + 7) >> 3);
      values.forEach((v, i) => {
        if (v === true) bits[i >> 3] |= 1 << (i & 7);
      });
      return makeVector(makeData({ ...base, type: new Bool(), data: bits }));
    }
    case 'VARCHAR': {
      const enc = new TextEncoder();
      const parts = values.map((v) => (v === null || v === undefined ? new Uint8Array(0) : enc.encode(String(v))));
      const valueOffsets = new Int32Array(length + 1);
      parts.forEach((p, i) => (valueOffsets[i + 1] = valueOffsets[i] + p.byteLength));
      const data = new Uint8Array(valueOffsets[length]);
      parts.forEach((p, i) => data.set(p, valueOffsets[i]));
      return makeVector(makeData({ ...base, type: new Utf8(), valueOffsets, data }));
    }
  }
}

/**
 * Arrow IPC stream of gold rows with the contract's types (DATE as DateDay, not timestamps),
 * built with the single apache-arrow copy (17.x) DuckDB-WASM also uses.
 */
export function rowsToArrowIPC(table: TableName, rows: Row[]): Uint8Array {
  const columns: Record<string, Vector> = {};
  for (const col of TABLES[table].columns) columns[col.name] = column(col.type, rows.map((r) => r[col.name]));
  return tableToIPC(new Table(columns), 'stream');
}

/** SQL for the view that exposes an inserted table under its gold name with contract types. */
export function viewSql(table: TableName, internal: string): string {
  const cols = TABLES[table].columns.map((c) => (c.type === 'TIMESTAMP' ? `CAST("${c.name}" AS TIMESTAMP) AS "${c.name}"` : `"${c.name}"`));
  return `CREATE OR REPLACE VIEW "${table}" AS SELECT ${cols.join(', ')} FROM "${internal}"`;
}
