/**
 * Row types and column names derived from the table declarations in tables.ts: a column added,
 * renamed or retyped there changes these types, and every typed query or row type built on them
 * follows (or stops compiling).
 */
import type { ColumnType, TableName, Tables } from './tables.js';

/** The JavaScript type the readers give a column of this DuckDB type (dates and timestamps as ISO strings). */
export type JsValue<T extends ColumnType> = T extends 'VARCHAR' | 'DATE' | 'TIMESTAMP' ? string : T extends 'BOOLEAN' ? boolean : number;

/** The name of a column of table `T`. */
export type ColumnName<T extends TableName> = Tables[T]['columns'][number]['name'];

/** A column declared nullable. */
export interface NullableColumn {
  /** Nulls are expected in the column. */
  nullable: true;
}

/**
 * One row of table `T` as the readers return it: nullable columns may be null. Internal to the
 * SDK (typedoc.json lists it as intentionally not exported): the public row types built on it
 * (`Item`, `Site`, `ItemPosition`, …) are what integrators use.
 */
export type RowOf<T extends TableName> = {
  -readonly [C in Tables[T]['columns'][number] as C['name']]: C extends NullableColumn ? JsValue<C['type']> | null : JsValue<C['type']>;
};

/**
 * A list of `table`'s column names, checked against the contract when compiled (a typo or a
 * dropped column is a type error, not an empty read).
 */
export function columnsOf<T extends TableName, const C extends readonly ColumnName<T>[]>(_table: T, columns: C): C[number][] {
  return [...columns];
}
