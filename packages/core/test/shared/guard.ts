// What sql() checks before any engine sees the text: the arguments. (What the text may do is
// judged on DuckDB's own parse: shared/hostile.ts runs that in both engines.)
import { checkSqlCall } from '../../src/sql/guard.js';
import { checkFacts } from '../../src/sql/policy.js';
import { NovaError } from '../../src/errors.js';
import { eq, ok, same } from './assert.js';
import type { Define } from './env.js';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof NovaError ? e.code : 'not a NovaError';
  }
  return undefined;
}

export function guardTests(def: Define, label: string): void {
  def(`${label}: sql() arguments: a non-empty text and scalar parameters`, async () => {
    same(checkSqlCall('SELECT ?', ['a']), { sql: 'SELECT ?', params: ['a'] }, 'accepted');
    for (const bad of [() => checkSqlCall(''), () => checkSqlCall('  '), () => checkSqlCall(42), () => checkSqlCall('SELECT ?', [{}]), () => checkSqlCall('SELECT 1', 'x')]) {
      eq(code(bad), 'invalid_argument', String(bad));
    }
  });

  def(`${label}: the allowlist judges what the parse found`, async () => {
    const facts = (o: object) => ({ statements: 1, functions: [], tables: [], qualified: [], ...o });
    same(checkFacts(facts({ tables: ['dim_item', 'FACT_FORECAST', 'dim_item'], functions: ['sum', '+', 'row_number'] })), ['dim_item', 'fact_forecast'], 'gold tables, any case');
    for (const f of [{ statements: 2 }, { statements: 0 }, { notRead: 'INSERT' }, { tables: ['_nova_1'] }, { tables: ['x.csv'] }, { qualified: ['memory.main.dim_item'] },
      { functions: ['current_setting'] }, { functions: ['duckdb_settings'] }, { functions: ['query_table'] }, { functions: ['read_csv'] }, { functions: ['getenv'] }]) {
      eq(code(() => checkFacts(facts(f))), 'forbidden_sql', JSON.stringify(f));
    }
    ok(code(() => checkFacts(facts({ functions: ['version'] }))) === 'forbidden_sql', 'version() fingerprints the engine');
  });
}
