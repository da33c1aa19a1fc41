import { NovaError } from '../errors.js';

/** A lexical token of a SQL text. */
export interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'param' | 'op' | 'semicolon';
  /** Upper-cased for words, raw otherwise (quoted identifiers without quotes). */
  text: string;
  /** Parenthesis depth at the token. */
  depth: number;
}

/** Splits SQL into tokens, dropping comments; rejects what the guard cannot reason about. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let i = 0;
  const bad = (why: string) => new NovaError('invalid_argument', `sql() cannot accept this query: ${why}`);
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      if (e < 0) throw bad('unterminated /* comment');
      i = e + 2;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= sql.length) throw bad(`unterminated ${ch === "'" ? 'string' : 'quoted identifier'}`);
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) {
            text += ch;
            j += 2;
            continue;
          }
          break;
        }
        text += sql[j++];
      }
      out.push({ kind: ch === "'" ? 'string' : 'quoted', text, depth });
      i = j + 1;
    } else if (/[A-Za-z_\u00C0-\uFFFF]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$\u00C0-\uFFFF]/.test(sql[j])) j++;
      out.push({ kind: 'word', text: sql.slice(i, j).toUpperCase(), depth });
      i = j;
    } else if (/[0-9.]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[0-9.eE_]/.test(sql[j])) j++;
      out.push({ kind: 'number', text: sql.slice(i, j), depth });
      i = j;
    } else if (ch === '?') {
      out.push({ kind: 'param', text: '?', depth });
      i++;
    } else if (ch === ';') {
      out.push({ kind: 'semicolon', text: ';', depth });
      i++;
    } else if (ch === '$') {
      throw bad('"$" (numbered parameters or dollar-quoted strings) is not supported; use ? parameters');
    } else {
      const two = sql.slice(i, i + 2);
      const op = ['<=', '>=', '<>', '!=', '::', '||', '->', '**', '//'].includes(two) ? two : ch;
      if (op === '(') depth++;
      if (op === ')') depth--;
      out.push({ kind: 'op', text: op, depth });
      i += op.length;
    }
  }
  return out;
}
