import type { TableName } from '../contract/index.js';
import { NovaError } from '../errors.js';
import type { Token } from './token-facts.js';

/** What `sql()` will run: the text, its parameters, the gold tables it needs. */
export interface SqlPlan {
  sql: string;
  params: SqlParam[];
  /** Gold tables the query references (only these are loaded). */
  tables: TableName[];
  /** When the query provably needs one item of a fact table: load only that item's rows. */
  itemFilter?: { table: 'fact_forecast' | 'fact_inventory'; itemId: string };
}

/** A bindable parameter value. */
export type SqlParam = string | number | boolean | null | bigint;

/** The arguments of a `sql()` call, checked before any engine sees them. */
export interface SqlCall {
  sql: string;
  params: SqlParam[];
}

/**
 * Checks the arguments of a `sql()` call (a non-empty string, scalar parameters). What the text
 * may do is decided by the engine's own parse (see `policy.ts`), never here.
 */
export function checkSqlCall(sql: unknown, rawParams: unknown = []): SqlCall {
  if (typeof sql !== 'string' || sql.trim() === '') throw new NovaError('invalid_argument', 'sql() needs a query string, e.g. sql("SELECT count(*) FROM dim_item")');
  if (!Array.isArray(rawParams)) throw new NovaError('invalid_argument', 'sql() params must be an array');
  const params = rawParams.map((p: unknown, i) => {
    if (p === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof p)) return p as SqlParam;
    throw new NovaError('invalid_argument', `sql() parameter ${i + 1} must be a string, number, boolean, bigint or null, got ${typeof p}`);
  });
  return { sql, params };
}

/** The error for a placeholder count that does not match the parameters. */
export function paramCountError(placeholders: number, given: number): NovaError {
  return new NovaError('invalid_argument', `sql() has ${placeholders} ? placeholder(s) but ${given} parameter(s) were given`);
}

/**
 * The one item a single-table fact query provably needs (`WHERE item_id = ?` or `= 'x'` at the top
 * level, ANDed, nothing that could widen it), from DuckDB's tokens; else undefined.
 */
export function findItemFilter(tokens: Token[], tables: TableName[], params: SqlParam[]): SqlPlan['itemFilter'] {
  if (tables.length !== 1 || (tables[0] !== 'fact_forecast' && tables[0] !== 'fact_inventory')) return undefined;
  const words = tokens.filter((t) => t.kind === 'word' || t.kind === 'keyword').map((t) => t.text);
  if (words.filter((w) => w === 'SELECT').length !== 1) return undefined;
  if (['OR', 'UNION', 'EXCEPT', 'INTERSECT', 'CASE', 'NOT', 'WITH'].some((w) => words.includes(w))) return undefined;
  if (tokens.some((t) => t.kind === 'param' && t.text !== '?')) return undefined;
  const where = tokens.findIndex((t) => t.kind === 'keyword' && t.text === 'WHERE' && t.depth === 0);
  if (where < 0) return undefined;
  let paramIndex = tokens.slice(0, where).filter((t) => t.kind === 'param').length;
  for (let i = where + 1; i < tokens.length - 2; i++) {
    const t = tokens[i];
    if (t.kind === 'param') paramIndex++;
    if (t.depth !== 0 || t.kind !== 'word' || t.text !== 'ITEM_ID') continue;
    if (tokens[i - 1]?.text === '.' && tokens[i - 2]?.kind !== 'word') continue;
    const eq = tokens[i + 1];
    const val = tokens[i + 2];
    if (eq.kind !== 'op' || eq.text !== '=' || val.depth !== 0) continue;
    const after = tokens[i + 3];
    if (after && after.kind === 'op' && after.text !== ')' && after.text !== ';') continue; // e.g. `= ? || 'x'`
    if (val.kind === 'param' && typeof params[paramIndex] === 'string') return { table: tables[0], itemId: params[paramIndex] as string };
    if (val.kind === 'string') return { table: tables[0], itemId: val.text };
  }
  return undefined;
}
