import { Table, tableToIPC, type RecordBatch, type Schema } from 'apache-arrow';
import type { SqlResult } from '../types.js';
import { plainValue } from './result.js';

/** DuckDB's name for an Arrow type, so column types read the same in Node and the browser. */
export function duckdbTypeName(arrowType: string): string {
  const t = arrowType.replace(/^Dictionary<.*?, (.*)>$/, '$1');
  if (/^(Utf8|LargeUtf8)/.test(t)) return 'VARCHAR';
  if (t.startsWith('Float64')) return 'DOUBLE';
  if (t.startsWith('Float32')) return 'FLOAT';
  if (t.startsWith('Int64')) return 'BIGINT';
  if (t.startsWith('Int32')) return 'INTEGER';
  if (t.startsWith('Int16')) return 'SMALLINT';
  if (t.startsWith('Int8')) return 'TINYINT';
  if (t.startsWith('Bool')) return 'BOOLEAN';
  if (t.startsWith('Date')) return 'DATE';
  if (t.startsWith('Timestamp')) return 'TIMESTAMP';
  if (t.startsWith('Decimal')) return 'DECIMAL';
  return t.toUpperCase();
}

/** Converts a DuckDB-WASM Arrow result into a {@link SqlResult}. */
export function arrowToResult(table: Table): SqlResult {
  const columns = table.schema.fields.map((f) => ({ name: f.name, type: duckdbTypeName(String(f.type)) }));
  const vectors = columns.map((_, i) => table.getChildAt(i));
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const v = vectors[i]?.get(r);
      row[c.name] = c.type === 'DECIMAL' && v !== null && v !== undefined ? Number(String(v)) : plainValue(c.type, v);
    });
    rows.push(row);
  }
  return { columns, rows, arrow: tableToIPC(table, 'stream') };
}

/**
 * Reads a DuckDB-WASM result stream up to `maxRows` (+1 to tell "exactly" from "more"), then stops
 * reading. Returns the result cut at `maxRows` and whether more rows matched.
 */
export async function readCapped(stream: AsyncIterable<RecordBatch> & { schema?: Schema }, maxRows: number): Promise<{ result: SqlResult; more: boolean }> {
  const batches: RecordBatch[] = [];
  let n = 0;
  for await (const batch of stream) {
    batches.push(batch);
    n += batch.numRows;
    if (n > maxRows) break;
  }
  const more = n > maxRows;
  if (more) {
    const last = batches.length - 1;
    batches[last] = batches[last].slice(0, batches[last].numRows - (n - maxRows));
  }
  const table = batches.length || !stream.schema ? new Table(batches) : new Table(stream.schema);
  return { result: arrowToResult(table), more };
}
