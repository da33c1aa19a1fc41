import { Bool, DateDay, Float64, Int32, Int64, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { ColumnType, TableName } from '../contract/index.js';
import { TABLES } from '../contract/index.js';
import type { Row } from '../io/parquet-reader.js';

function typeOf(t: ColumnType): DataType {
  switch (t) {
    case 'VARCHAR': return new Utf8();
    case 'DOUBLE': return new Float64();
    case 'INTEGER': return new Int32();
    case 'BIGINT': return new Int64();
    case 'BOOLEAN': return new Bool();
    case 'DATE': return new DateDay();
    case 'TIMESTAMP': return new TimestampMillisecond();
  }
}

function valueOf(t: ColumnType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (t === 'DATE') return new Date(`${v as string}T00:00:00Z`);
  if (t === 'TIMESTAMP') return Date.parse(v as string);
  if (t === 'BIGINT') return BigInt(v as number);
  return v;
}

/**
 * Arrow IPC stream of gold rows with the contract's types (DATE as DateDay, not timestamps),
 * built with the single apache-arrow copy (17.x) DuckDB-WASM also uses.
 */
export function rowsToArrowIPC(table: TableName, rows: Row[]): Uint8Array {
  const columns: Record<string, Vector> = {};
  for (const col of TABLES[table].columns) {
    const values = rows.map((r) => valueOf(col.type, r[col.name]));
    columns[col.name] = vectorFromArray(values, typeOf(col.type) as never) as Vector;
  }
  return tableToIPC(new Table(columns), 'stream');
}

/** SQL for the view that exposes an inserted table under its gold name with contract types. */
export function viewSql(table: TableName, internal: string): string {
  const cols = TABLES[table].columns.map((c) => (c.type === 'TIMESTAMP' ? `CAST("${c.name}" AS TIMESTAMP) AS "${c.name}"` : `"${c.name}"`));
  return `CREATE OR REPLACE VIEW "${table}" AS SELECT ${cols.join(', ')} FROM "${internal}"`;
}
