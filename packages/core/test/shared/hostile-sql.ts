// Hostile sql() texts, each with why it must fail (or what the harmless answer is). Run in both
// engines (native DuckDB in Node, DuckDB-WASM in Chromium) by shared/hostile.ts.

/** One hostile statement: `codes` it may be refused with (first is the expected one). */
export interface Hostile {
  sql: string;
  params?: unknown[];
  why: string;
  codes?: string[];
  /** For texts that are fine: the exact rows they must return (nothing beyond gold). */
  rows?: Record<string, unknown>[];
}

const F = ['forbidden_sql'];
/** Refused by the allowlist, or rejected by DuckDB's parser first (both disclose nothing). */
const F_OR_PARSE = ['forbidden_sql', 'query_failed'];

export const HOSTILE: Hostile[] = [
  // The bypasses found against the old token guard.
  { sql: 'SELECT * FROM "duckdb_settings"()', why: 'a quoted name skipped the old function check; reveals allowed_paths, secret_directory, temp_directory', codes: F },
  { sql: `SELECT * FROM "query_table"('_nova_' || '1')`, why: 'query_table with a built name reads the internal _nova_* tables', codes: F },
  { sql: `SELECT E'\\'' AS a; CREATE TABLE pwn AS SELECT 1; -- '`, why: 'an E-string escape desynced the old tokenizer, hiding a second statement', codes: F },
  { sql: 'SELECT * FROM duckdb_views()', why: 'view definitions show absolute file paths', codes: F },
  // Catalog, settings, environment, variables.
  { sql: 'SELECT * FROM duckdb_settings()', why: 'settings reveal host paths and limits', codes: F },
  { sql: 'SELECT * FROM "DUCKDB_SETTINGS"()', why: 'upper-case quoted spelling of a catalog function', codes: F },
  { sql: 'FROM duckdb_settings()', why: 'FROM-first spelling', codes: F },
  { sql: 'SELECT * FROM duckdb_views', why: 'the default catalog view, no parentheses', codes: F },
  { sql: 'SELECT sql FROM duckdb_tables()', why: 'table definitions', codes: F },
  { sql: 'SELECT * FROM information_schema.tables', why: 'catalog through information_schema', codes: F },
  { sql: 'SELECT * FROM pg_catalog.pg_class', why: 'catalog through pg_catalog', codes: F },
  { sql: 'SELECT * FROM sqlite_master', why: 'catalog through the sqlite compatibility view', codes: F },
  { sql: 'SELECT * FROM duckdb_functions()', why: 'catalog function listing', codes: F },
  { sql: 'SELECT * FROM duckdb_extensions()', why: 'lists extension install paths', codes: F },
  { sql: 'SELECT * FROM duckdb_secrets()', why: 'secrets', codes: F },
  { sql: `SELECT * FROM which_secret('s3://bucket/x', 's3')`, why: 'secret lookup', codes: F },
  { sql: `SELECT current_setting('allowed_paths') AS p`, why: 'a setting read as a scalar (folded to a constant in the plan)', codes: F },
  { sql: `SELECT "current_setting"('temp_directory') AS p`, why: 'quoted scalar setting read', codes: F },
  { sql: `VALUES (current_setting('threads'))`, why: 'setting read inside VALUES', codes: F },
  { sql: `SELECT list_transform([1], x -> current_setting('memory_limit')) AS p`, why: 'setting read inside a lambda', codes: F },
  { sql: `SELECT (SELECT count(*) FROM duckdb_settings()) AS n`, why: 'catalog function inside a scalar subquery', codes: F },
  { sql: `SELECT * FROM dim_item WHERE item_id IN (SELECT value FROM duckdb_settings())`, why: 'catalog function inside IN (subquery) next to a gold table', codes: F },
  { sql: 'SELECT * FROM dim_item, LATERAL duckdb_settings()', why: 'catalog function in a lateral join', codes: F },
  { sql: `SELECT getenv('HOME') AS h`, why: 'environment variable', codes: F_OR_PARSE },
  { sql: `SELECT getvariable('x') AS v`, why: 'session variable', codes: F },
  { sql: 'SELECT version() AS v', why: 'engine version fingerprint', codes: F },
  { sql: 'SELECT * FROM pragma_version()', why: 'pragma as a table function', codes: F },
  { sql: 'SELECT current_database() AS d, current_schema() AS s', why: 'catalog functions', codes: F },
  { sql: `SELECT 'threads'.current_setting() AS p`, why: 'method-call spelling of a setting read', codes: F_OR_PARSE },
  { sql: 'SELECT * FROM U&"\\0064uckdb_settings"()', why: 'unicode-escaped identifier', codes: F_OR_PARSE },
  // Internal tables and qualified names.
  { sql: 'SELECT * FROM _nova_1', why: 'internal Arrow slice table (browser engine)', codes: F },
  { sql: 'SELECT * FROM "_NOVA_1"', why: 'quoted, upper-case internal name', codes: F },
  { sql: 'SELECT * FROM memory.main._nova_1', why: 'catalog-qualified internal name', codes: F },
  { sql: 'SELECT * FROM memory.main.dim_item', why: 'catalog-qualified names are not accepted', codes: F },
  { sql: 'SELECT * FROM system.main.duckdb_tables()', why: 'schema-qualified catalog function', codes: F },
  { sql: 'WITH duckdb_views AS (SELECT * FROM duckdb_views) SELECT * FROM duckdb_views', why: 'a CTE body naming itself reads the real catalog view', codes: F },
  { sql: 'SELECT * FROM (WITH duckdb_views AS (SELECT 1 AS x) SELECT * FROM duckdb_views) a, duckdb_views', why: 'a CTE name used outside its scope is the real catalog view', codes: F },
  // Files, URLs, extensions.
  { sql: `SELECT * FROM read_csv('/etc/passwd')`, why: 'file read', codes: F },
  { sql: `SELECT * FROM "read_text"('/etc/hostname')`, why: 'quoted file read', codes: F },
  { sql: `SELECT * FROM read_blob('/proc/self/environ')`, why: 'environment through procfs', codes: F },
  { sql: `SELECT * FROM '/etc/passwd'`, why: 'replacement scan of a path', codes: F },
  { sql: `SELECT * FROM read_parquet('http://127.0.0.1:9/x.parquet')`, why: 'URL read', codes: F },
  { sql: `SELECT * FROM glob('/*')`, why: 'directory listing', codes: F },
  { sql: `SELECT * FROM sniff_csv('/etc/passwd')`, why: 'file sniffing', codes: F },
  { sql: `SELECT * FROM query('SELECT * FROM duckdb_settings()')`, why: 'query() runs a text the check never saw', codes: F },
  { sql: `SELECT * FROM query_table('dim_item')`, why: 'query_table by name', codes: F },
  // Statements that are not reads, hidden or not.
  { sql: 'SELECT 1; SELECT 2', why: 'two statements', codes: F },
  { sql: 'SELECT 1 /* ; */; DROP TABLE dim_item', why: 'a second statement after a comment holding a semicolon', codes: F },
  { sql: 'SELECT $$;$$ AS s; DROP VIEW dim_item', why: 'dollar quoting around a semicolon', codes: F },
  { sql: `SELECT /* /* nested */ ; */ 1; COPY dim_item TO '/tmp/nova-leak.csv'`, why: 'nested comments around a semicolon', codes: F },
  { sql: 'WITH x AS (SELECT 1) INSERT INTO dim_item SELECT * FROM x', why: 'a write behind WITH', codes: F },
  { sql: `COPY (SELECT * FROM dim_item) TO '/tmp/nova-leak.csv'`, why: 'file write', codes: F },
  { sql: `ATTACH ':memory:' AS x`, why: 'attach', codes: F },
  { sql: 'INSTALL httpfs', why: 'extension install', codes: F },
  { sql: 'LOAD httpfs', why: 'extension load', codes: F },
  { sql: 'SET enable_external_access = true', why: 'setting change', codes: F },
  { sql: 'PRAGMA database_list', why: 'pragma', codes: F },
  { sql: 'CALL pragma_version()', why: 'call', codes: F },
  { sql: 'EXPLAIN SELECT * FROM dim_item', why: 'plans show file paths and internal names', codes: F },
  { sql: 'DESCRIBE', why: 'DESCRIBE without a table lists every table, internal ones too', codes: F },
  { sql: 'SHOW TABLES', why: 'table listing', codes: F },
  { sql: 'SUMMARIZE SELECT * FROM duckdb_settings()', why: 'catalog function behind SUMMARIZE', codes: F },
  { sql: 'USE system', why: 'switches the default catalog', codes: F },
  { sql: 'CHECKPOINT', why: 'not a read', codes: F },
  { sql: `SELECT sleep_ms(60000) AS z`, why: 'stalls the engine', codes: F },
  { sql: `SELECT write_log('x') AS z`, why: 'writes to the engine log', codes: F },
  // Texts that look hostile and are fine: they must answer exactly this and nothing more.
  { sql: `SELECT 'SELECT * FROM duckdb_settings(); DROP TABLE dim_item' AS s`, why: 'a hostile text inside a string is data', rows: [{ s: 'SELECT * FROM duckdb_settings(); DROP TABLE dim_item' }] },
  { sql: 'SELECT count(*) AS n FROM dim_item WHERE name = ?', params: ["x' OR '1'='1"], why: 'an injection attempt through a parameter is bound, not run', rows: [{ n: 0 }] },
  { sql: 'SELECT upper(?) AS s -- duckdb_settings()', params: ['a'], why: 'a catalog name in a comment is not a call', rows: [{ s: 'A' }] },
];
