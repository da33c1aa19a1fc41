import { TABLE_NAMES, type TableName } from '../contract/index.js';
import { NovaError } from '../errors.js';

/**
 * What DuckDB's own parser says a `sql()` text contains. Each engine derives it from what its build
 * offers (native: `json_serialize_sql`'s syntax tree; WASM: DuckDB's tokenizer and binder), and
 * {@link checkFacts} judges both with one allowlist.
 */
export interface SqlFacts {
  /** Statements in the text. */
  statements: number;
  /** Set when the statement is not a read statement: what it is (for the message). */
  notRead?: string;
  /** Lower-cased names of every function called: scalar, aggregate, window, table, operators. */
  functions: string[];
  /** Lower-cased names of the tables and views the statement reads (CTE references excluded). */
  tables: string[];
  /** Table references written with a schema or catalog (`main.dim_item`, `system.main.x`). */
  qualified: string[];
}

/** Statements `sql()` runs: one query, read only. */
export const READ_STATEMENTS = ['SELECT', 'WITH', 'FROM', 'VALUES', 'PIVOT', 'UNPIVOT', 'DESCRIBE', 'SUMMARIZE'] as const;

const words = (s: string) => s.trim().split(/\s+/);

/**
 * Functions `sql()` may call: arithmetic, text, dates, lists and structs, aggregates, window
 * functions and the generator table functions. Nothing that reads a setting, a variable, the
 * catalog, a file, the environment or another query (`current_setting`, `getvariable`,
 * `duckdb_*`, `pragma_*`, `read_*`, `glob`, `query`, `query_table`, `version`, `json_*` …).
 */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set(words(`
  + - * / // % ** ^ || ~~ !~~ ~~* !~~* ~~~ & | << >> ~ xor @> <@ && !__postfix
  abs acos asin atan atan2 cbrt ceil ceiling cos cot degrees exp factorial floor gamma gcd lcm ln log log10 log2 mod pi pow
  power radians round round_even roundbankers sign signbit sin sqrt tan trunc isnan isinf isfinite greatest least even
  add subtract multiply divide fdiv fmod nextafter bit_count
  ascii chr concat concat_ws contains ends_with starts_with prefix suffix format printf instr strpos position left right
  length len lower upper lcase ucase lpad rpad ltrim rtrim trim repeat replace reverse split_part string_split str_split
  string_split_regex str_split_regex string_to_array regexp_matches regexp_replace regexp_extract regexp_extract_all
  regexp_full_match regexp_split_to_array regexp_escape strip_accents substr substring translate unicode levenshtein
  damerau_levenshtein jaro_similarity jaro_winkler_similarity jaccard hamming mismatches editdist3 nfc_normalize
  char_length character_length octet_length bit_length md5 sha256 hash like_escape ilike_escape not_like_escape
  not_ilike_escape left_grapheme right_grapheme length_grapheme substring_grapheme bar format_bytes to_base
  age century date_add date_diff date_part date_sub date_trunc datediff datepart datesub datetrunc day dayname
  dayofmonth dayofweek dayofyear decade epoch epoch_ms era hour isodow isoyear julian last_day make_date make_time
  make_timestamp microsecond millennium millisecond minute month monthname quarter second strftime strptime
  try_strptime time_bucket to_days to_months to_weeks to_years to_hours to_minutes to_seconds to_timestamp week
  weekday weekofyear year yearweek days_in_month current_date today
  list_value list_pack array_value list_extract list_element array_extract array_slice list_slice list_contains
  list_has array_contains array_has list_concat list_cat array_concat array_cat cardinality list_sort array_sort
  list_reverse_sort list_distinct array_distinct list_unique list_filter array_filter filter list_transform
  array_transform list_apply apply list_reduce reduce list_sum list_avg list_min list_max list_count list_first
  list_last list_append list_prepend array_append array_prepend array_to_string list_zip list_position
  list_aggregate aggregate array_length array_agg flatten list_has_any list_has_all list_intersect list_reverse
  struct_pack struct_extract row map map_extract element_at map_keys map_values
  coalesce ifnull nullif typeof
  any_value approx_count_distinct approx_quantile arg_max arg_min argmax argmin max_by min_by avg bool_and bool_or
  corr count count_star count_if countif covar_pop covar_samp first last fsum kahan_sum sumkahan histogram kurtosis
  list mad max median min mode product quantile quantile_cont quantile_disc regr_avgx regr_avgy regr_count
  regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy skewness stddev stddev_pop stddev_samp string_agg
  group_concat listagg sum var_pop var_samp variance entropy geomean geometric_mean weighted_avg wavg mean favg
  bit_and bit_or bit_xor
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  range generate_series unnest
`));

/**
 * DuckDB keywords that are also function names (`duckdb_keywords() ∩ duckdb_functions()`, DuckDB
 * 1.4/1.5; a Node test keeps this list in step with the engine). DuckDB's tokenizer reports them
 * as keywords, so the token check needs them to tell `version()` from `IN (…)`.
 */
export const KEYWORD_FUNCTIONS: ReadonlySet<string> = new Set(words(`
  add aggregate century checkpoint day decade error filter first functions hour last left map microsecond minute mode
  month position quarter range right row second show trim user version week glob json millennium millisecond nullif
  replace substring year
`));

const GOLD: ReadonlyMap<string, TableName> = new Map(TABLE_NAMES.map((t) => [t.toLowerCase(), t]));

/** A refusal: `NovaError('forbidden_sql')` naming the construct and what is allowed instead. */
export function forbidden(what: string): NovaError {
  return new NovaError(
    'forbidden_sql',
    `sql() refused ${what}: it runs one read-only query (${READ_STATEMENTS.join(', ')}) over the gold tables (${TABLE_NAMES.join(', ')}) with an allowlist of functions; see docs/sql.md`,
  );
}

/** Judges what the engine's parse found; returns the gold tables the query reads. */
export function checkFacts(facts: SqlFacts): TableName[] {
  if (facts.statements === 0) throw forbidden('an empty query');
  if (facts.statements > 1) throw forbidden(`${facts.statements} statements (one statement per call)`);
  if (facts.notRead) throw forbidden(`the statement ${facts.notRead} (not a read statement)`);
  if (facts.qualified.length) throw forbidden(`the qualified name ${facts.qualified[0]} (name gold tables without schema or catalog)`);
  const out = new Set<TableName>();
  for (const t of facts.tables) {
    const gold = GOLD.get(t.toLowerCase());
    if (!gold) throw forbidden(`the table ${JSON.stringify(t)} (not a gold table)`);
    out.add(gold);
  }
  for (const f of facts.functions) {
    if (!ALLOWED_FUNCTIONS.has(f.toLowerCase())) throw forbidden(`the function ${f}() (not on the allowlist)`);
  }
  return [...out];
}
