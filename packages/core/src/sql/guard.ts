import { TABLE_NAMES, type TableName } from '../contract/index.js';
import { NovaError } from '../errors.js';
import { tokenize, type Token } from './tokenize.js';

/** What `sql()` will run: the checked text, its parameters, the gold tables it needs. */
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

const FIRST = new Set(['SELECT', 'WITH', 'FROM', 'VALUES']);
const FORBIDDEN = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'COPY', 'ATTACH', 'DETACH', 'INSTALL', 'LOAD', 'PRAGMA', 'SET',
  'RESET', 'CALL', 'EXPORT', 'IMPORT', 'CHECKPOINT', 'VACUUM', 'TRUNCATE', 'MERGE', 'GRANT', 'REVOKE', 'USE', 'BEGIN',
  'COMMIT', 'ROLLBACK', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'UPSERT',
]);
const FORBIDDEN_FN = /^(READ_|PARQUET_|SNIFF_|DUCKDB_|PRAGMA_|SQLITE_|POSTGRES_|MYSQL_|ICEBERG_|DELTA_|HTTP)|^(GLOB|QUERY|QUERY_TABLE|GETENV|FROM_JSON_FILE|LOAD_EXTENSION)$/;
const FORBIDDEN_NAME = /^(_NOVA|INFORMATION_SCHEMA$|PG_CATALOG$|SQLITE_MASTER$)/;
const GOLD = new Map(TABLE_NAMES.map((t) => [t.toUpperCase(), t]));

const reject = (why: string) => new NovaError('invalid_argument', `sql() accepts one read-only SELECT over the gold tables: ${why}`);

function checkParams(params: unknown[]): SqlParam[] {
  return params.map((p, i) => {
    if (p === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof p)) return p as SqlParam;
    throw new NovaError('invalid_argument', `sql() parameter ${i + 1} must be a string, number, boolean, bigint or null, got ${typeof p}`);
  });
}

function findItemFilter(tokens: Token[], tables: TableName[], params: SqlParam[]): SqlPlan['itemFilter'] {
  if (tables.length !== 1 || (tables[0] !== 'fact_forecast' && tables[0] !== 'fact_inventory')) return undefined;
  const words = tokens.filter((t) => t.kind === 'word').map((t) => t.text);
  if (words.filter((w) => w === 'SELECT').length !== 1) return undefined;
  if (['OR', 'UNION', 'EXCEPT', 'INTERSECT', 'CASE', 'NOT', 'WITH'].some((w) => words.includes(w))) return undefined;
  const where = tokens.findIndex((t) => t.kind === 'word' && t.text === 'WHERE' && t.depth === 0);
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
    if (after && after.kind === 'op' && after.text !== ')') continue; // e.g. `= ? || 'x'`
    if (val.kind === 'param' && typeof params[paramIndex] === 'string') return { table: tables[0], itemId: params[paramIndex] as string };
    if (val.kind === 'string') return { table: tables[0], itemId: val.text };
  }
  return undefined;
}

/** Checks a `sql()` call; throws `invalid_argument` for anything but one read-only query. */
export function planSql(sql: unknown, rawParams: unknown[] = []): SqlPlan {
  if (typeof sql !== 'string' || sql.trim() === '') throw reject('the query is empty');
  if (!Array.isArray(rawParams)) throw new NovaError('invalid_argument', 'sql() params must be an array');
  const params = checkParams(rawParams);
  const tokens = tokenize(sql);
  while (tokens.length && tokens[tokens.length - 1].kind === 'semicolon') tokens.pop();
  if (tokens.some((t) => t.kind === 'semicolon')) throw reject('multiple statements are not allowed');
  const first = tokens.find((t) => !(t.kind === 'op' && t.text === '('));
  if (!first || first.kind !== 'word' || !FIRST.has(first.text)) {
    throw reject(`it starts with ${first ? JSON.stringify(first.text) : 'nothing'}; only SELECT, WITH, FROM and VALUES queries run`);
  }
  const tables = new Set<TableName>();
  tokens.forEach((t, i) => {
    if (t.kind === 'word' && FORBIDDEN.has(t.text)) throw reject(`${t.text} is not allowed (no DDL, DML, COPY, ATTACH, INSTALL, LOAD, PRAGMA, SET, CALL, EXPORT)`);
    if ((t.kind === 'word' || t.kind === 'quoted') && FORBIDDEN_NAME.test(t.text.toUpperCase())) throw reject(`${t.text} is not a gold table`);
    if (t.kind === 'word' && FORBIDDEN_FN.test(t.text) && tokens[i + 1]?.text === '(') throw reject(`function ${t.text.toLowerCase()}() is not allowed: only gold tables can be read`);
    const gold = GOLD.get(t.text.toUpperCase());
    if (gold && (t.kind === 'word' || t.kind === 'quoted')) tables.add(gold);
  });
  const count = tokens.filter((t) => t.kind === 'param').length;
  if (count !== params.length) throw new NovaError('invalid_argument', `sql() has ${count} ? placeholder(s) but ${params.length} parameter(s) were given`);
  const list = [...tables];
  return { sql, params, tables: list, itemFilter: findItemFilter(tokens, list, params) };
}
