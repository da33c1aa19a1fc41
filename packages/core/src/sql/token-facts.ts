import { KEYWORD_FUNCTIONS, READ_STATEMENTS, forbidden, type SqlFacts } from './policy.js';

/** A token of DuckDB's own tokenizer (`Parser::Tokenize`), with its text. */
export interface Token {
  kind: 'word' | 'quoted' | 'keyword' | 'string' | 'literal' | 'number' | 'param' | 'op';
  /** Upper-cased for words and keywords, unquoted for quoted identifiers and plain 'strings', raw otherwise (`literal`: E'…', $$…$$). */
  text: string;
  /** Parenthesis depth at the token. */
  depth: number;
}

/** DuckDB's simplified token types (duckdb-wasm `TokenType`). */
const STRING = 2, KEYWORD = 4, COMMENT = 5;

/** Skips whitespace and (nested) comments from `i`; returns the index after them. */
function skipBlank(s: string, i: number): number {
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s.startsWith('--', i)) {
      const e = s.indexOf('\n', i);
      i = e < 0 ? s.length : e + 1;
    } else if (s.startsWith('/*', i)) {
      let depth = 0;
      do {
        if (s.startsWith('/*', i)) { depth++; i += 2; } else if (s.startsWith('*/', i)) { depth--; i += 2; } else if (i >= s.length) return i; else i++;
      } while (depth > 0);
    } else {
      return i;
    }
  }
}

/** One lexeme: a quoted identifier, a word, a number or a run of operator characters. */
const LEXEME = /^(?:(?<quoted>"(?:[^"]|"")*")|(?<word>[\p{L}_][\p{L}\p{N}_$]*)|(?<number>0[xXbB][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+(?:[eE][+-]?[0-9]+)?|[0-9_]+\.)|(?<op>\$\d+|[^\s\p{L}\p{N}'"]+))/u;

/**
 * Turns DuckDB's token offsets (UTF-8 bytes) into tokens with text. Every token but a string must
 * be one lexeme followed only by blanks and comments: anything else means the tokenizer stopped
 * early, and the text is refused rather than half-checked.
 */
export function tokensFromDuckDB(sql: string, offsets: number[], types: number[]): Token[] {
  const bytes = new TextEncoder().encode(sql);
  const dec = new TextDecoder();
  const out: Token[] = [];
  let depth = 0;
  for (let i = 0; i < offsets.length; i++) {
    const type = types[i];
    if (type === COMMENT) continue;
    const slice = dec.decode(bytes.subarray(offsets[i], i + 1 < offsets.length ? offsets[i + 1] : bytes.length));
    if (type === STRING) {
      const raw = slice.trim();
      // Only a plain '…' literal is unquoted; E'…', $$…$$ and the like stay raw (never narrowed on).
      const plain = /^'(?:[^']|'')*'$/.exec(raw);
      out.push(plain ? { kind: 'string', text: raw.slice(1, -1).replace(/''/g, "'"), depth } : { kind: 'literal', text: raw, depth });
      continue;
    }
    const m = LEXEME.exec(slice);
    if (!m || skipBlank(slice, m[0].length) !== slice.length) {
      throw forbidden(`text DuckDB's tokenizer could not split (${JSON.stringify(slice.trim().slice(0, 40))})`);
    }
    const lex = m[0];
    const g = m.groups ?? {};
    if (g.quoted !== undefined) {
      out.push({ kind: 'quoted', text: lex.slice(1, -1).replace(/""/g, '"'), depth });
    } else if (g.word !== undefined) {
      out.push({ kind: type === KEYWORD ? 'keyword' : 'word', text: lex.toUpperCase(), depth });
    } else if (g.number !== undefined) {
      out.push({ kind: 'number', text: lex, depth });
    } else if (lex === '?' || /^\$\d+$/.test(lex)) {
      out.push({ kind: 'param', text: lex, depth });
    } else {
      // DuckDB reports a run of operator characters such as `)(` or `,(` as one token.
      for (const ch of lex.match(/::|<=|>=|<>|!=|\|\||->>|->|\*\*|\/\/|[()]|[^()]+/g) ?? []) {
        if (ch === '(') depth++;
        if (ch === ')') depth--;
        out.push({ kind: 'op', text: ch, depth });
      }
    }
  }
  return out;
}

/** Keywords of statements other than reads, wherever they appear (e.g. `WITH … INSERT`). */
const WRITE_KEYWORDS = new Set(
  ('INSERT UPDATE DELETE CREATE DROP ALTER COPY ATTACH DETACH INSTALL LOAD PRAGMA SET RESET CALL EXPORT IMPORT CHECKPOINT ' +
    'VACUUM TRUNCATE MERGE GRANT REVOKE USE BEGIN COMMIT ROLLBACK PREPARE EXECUTE DEALLOCATE EXPLAIN SHOW ANALYZE').split(' '),
);
/** Catalogs and schemas besides the gold views' own. */
const QUALIFIERS = new Set(['SYSTEM', 'TEMP', 'MEMORY', 'MAIN', 'INFORMATION_SCHEMA', 'PG_CATALOG']);

const nameOf = (t: Token) => (t.kind === 'quoted' ? t.text : t.text).toLowerCase();

/**
 * True when the name at `i` is followed by a column list, not called: a table alias
 * (`dim_item d(a, b)`, `AS v(x)`) or a CTE name (`WITH a(x) AS (…)`). DuckDB's grammar never reads
 * those positions as a call; table functions there would still show in the plan check.
 */
function isColumnList(body: Token[], i: number): boolean {
  const prev = body[i - 1];
  if (prev && ((prev.kind === 'keyword' && prev.text === 'AS') || prev.kind === 'word' || prev.kind === 'quoted' || prev.text === ')')) return true;
  const open = body[i + 1];
  const close = body.findIndex((t, j) => j > i + 1 && t.kind === 'op' && t.text === ')' && t.depth === open.depth - 1);
  return close > 0 && body[close + 1]?.kind === 'keyword' && body[close + 1].text === 'AS' && (prev?.text === 'WITH' || prev?.text === ',' || prev?.text === 'RECURSIVE');
}

/**
 * {@link SqlFacts} from DuckDB's tokens (the WASM build has no `json_serialize_sql`): statements,
 * the leading keyword, every name called as a function, internal names and qualified references.
 * Tables come from the engine's plan (see `planFacts`), not from here.
 */
export function factsFromTokens(tokens: Token[]): SqlFacts & { internal: string[] } {
  const facts = { statements: 0, functions: [] as string[], tables: [] as string[], qualified: [] as string[], internal: [] as string[], notRead: undefined as string | undefined };
  const body = [...tokens];
  while (body.length && body[body.length - 1].text === ';') body.pop();
  facts.statements = body.length === 0 ? 0 : 1 + body.filter((t) => t.kind === 'op' && t.text === ';').length;
  const first = body.find((t) => !(t.kind === 'op' && t.text === '('));
  if (first && !(first.kind === 'keyword' && (READ_STATEMENTS as readonly string[]).includes(first.text))) facts.notRead = first.text;
  if (first && (first.text === 'DESCRIBE' || first.text === 'SUMMARIZE') && body.length < 2) facts.notRead = `${first.text} without a table`;
  body.forEach((t, i) => {
    const next = body[i + 1];
    if (t.kind === 'keyword' && WRITE_KEYWORDS.has(t.text)) facts.notRead ??= t.text;
    // `FROM 'file.csv'` / `JOIN 'x'`: a string where a table goes is a file or URL scan.
    if ((t.kind === 'string' || t.kind === 'literal') && (body[i - 1]?.text === 'FROM' || body[i - 1]?.text === 'JOIN')) facts.tables.push(t.text);
    if (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'keyword') {
      const name = nameOf(t);
      if (next?.kind === 'op' && next.text === '(' && (t.kind !== 'keyword' || KEYWORD_FUNCTIONS.has(name)) && !isColumnList(body, i)) facts.functions.push(name);
      if (t.kind !== 'keyword' && name.startsWith('_nova')) facts.internal.push(name);
      if (next?.kind === 'op' && next.text === '.' && QUALIFIERS.has(name.toUpperCase())) facts.qualified.push(`${name}.${body[i + 2] ? nameOf(body[i + 2]) : ''}`);
    }
  });
  return facts;
}

/** Names of table functions and tables a DuckDB `EXPLAIN (FORMAT json)` plan scans. */
export function planScans(explainJson: string): { tables: string[]; functions: string[] } {
  const out = { tables: [] as string[], functions: [] as string[] };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const info = (v as { extra_info?: Record<string, unknown> }).extra_info;
    if (info && typeof info.Table === 'string') out.tables.push(info.Table.toLowerCase());
    if (info && typeof info.Function === 'string') out.functions.push(info.Function.toLowerCase());
    walk((v as { children?: unknown }).children);
  };
  walk(JSON.parse(explainJson));
  return out;
}
