import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { sqlIdent, sqlString } from './plan.js';

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. Empty stays bare (→ NULL). */
export function csvField(v: string): string {
  const needs = v.includes(',') || v.includes('"') || v.includes('\n') || v.includes('\r');
  return needs ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * Writes canonical rows (`_line` first) into a UTF-8 CSV with a header, buffering writes and
 * honouring back-pressure.
 */
export class StagingWriter {
  private out: WriteStream;
  private buf: string[] = [];
  private size = 0;
  /** Rows written so far. */
  rows = 0;

  constructor(readonly path: string, readonly columns: readonly string[]) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.buf.push(['_line', ...columns].join(',') + '\n');
  }

  /** Appends one row (buffered); `values` aligned with `columns`. Call {@link flushIfFull} now and then. */
  write(line: number, values: readonly string[]): void {
    let s = String(line);
    for (const v of values) s += v === '' ? ',' : `,${csvField(v)}`;
    s += '\n';
    this.buf.push(s);
    this.size += s.length;
    this.rows++;
  }

  /** Writes the buffer out once it holds 64 KB or more (small enough that rows die young). */
  async flushIfFull(): Promise<void> {
    if (this.size >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** The DuckDB SELECT over a staging CSV written by {@link StagingWriter}. */
export function stagingRelation(path: string, columns: readonly string[]): string {
  const types = [`'_line': 'BIGINT'`, ...columns.map((c) => `${sqlString(c)}: 'VARCHAR'`)].join(', ');
  const select = ['_line', ...columns.map((c) => `NULLIF(${sqlIdent(c)}, '') AS ${sqlIdent(c)}`)].join(', ');
  return `SELECT ${select} FROM read_csv(${sqlString(path)}, header=true, auto_detect=false, delim=',', quote='"', escape='"', new_line='\\n', columns={${types}})`;
}
