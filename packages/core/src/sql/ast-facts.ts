import type { SqlFacts } from './policy.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * {@link SqlFacts} from the output of native DuckDB's `json_serialize_sql(query)`: every function
 * node (scalar, aggregate, window, table function, operator), every base-table reference that is
 * not a CTE in scope, and DESCRIBE/SUMMARIZE targets. Unknown node types are walked generically,
 * so a function or table inside them is still seen.
 */
export function factsFromAst(serialized: string): SqlFacts | { error: string; notSelect: boolean } {
  const root = JSON.parse(serialized) as Obj;
  if (root.error) {
    const msg = String(root.error_message ?? 'unknown parse error');
    return { error: msg, notSelect: /only SELECT statements/i.test(msg) };
  }
  const statements = Array.isArray(root.statements) ? root.statements : [];
  const facts: SqlFacts = { statements: statements.length, functions: [], tables: [], qualified: [] };

  const walk = (v: Json | undefined, ctes: ReadonlySet<string>): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, ctes);
      return;
    }
    if (!isObj(v)) return;
    let scope = ctes;
    const map = isObj(v.cte_map) && Array.isArray(v.cte_map.map) ? v.cte_map.map : [];
    if (map.length) {
      // A CTE's body sees only the CTEs before it (a name used inside its own body is the real
      // table, unless DuckDB says otherwise; then it is refused here, never let through).
      const seen = new Set(ctes);
      for (const entry of map) {
        if (!isObj(entry)) continue;
        walk(entry.value, seen);
        if (typeof entry.key === 'string') seen.add(entry.key.toLowerCase());
      }
      scope = seen;
    }
    if ((v.class === 'FUNCTION' || v.class === 'WINDOW') && typeof v.function_name === 'string') facts.functions.push(v.function_name);
    if (v.type === 'BASE_TABLE' && typeof v.table_name === 'string') {
      const name = v.table_name.toLowerCase();
      if (v.schema_name || v.catalog_name) facts.qualified.push([v.catalog_name, v.schema_name, v.table_name].filter(Boolean).join('.'));
      else if (!scope.has(name)) facts.tables.push(name);
    }
    if (v.type === 'SHOW_REF') {
      if (!isObj(v.query)) facts.notRead = `${String(v.show_type ?? 'SHOW')} without a table`;
      else if (v.show_type !== 'DESCRIBE' && v.show_type !== 'SUMMARY') facts.notRead = String(v.show_type);
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'cte_map') walk(x, scope);
  };
  walk(statements, new Set());
  return facts;
}
