import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputKind } from '../config.js';
import { ident, lit, type Db } from '../db.js';
import type { IngestedFile, Reject } from '../ingest/types.js';
import { RULES } from './silver-rules.js';

/** Kinds in the order they must be validated (foreign keys point backwards). */
export const KIND_ORDER: InputKind[] = ['items', 'sites', 'consumption', 'inventory', 'forecasts'];

/** Creates the quarantine table every rejected row lands in. */
export async function createQuarantine(db: Db): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE quarantine (file VARCHAR, line BIGINT, "column" VARCHAR, code VARCHAR, reason VARCHAR, raw VARCHAR)`);
}

/** Inserts the rejects found while reading (ragged rows, missing metadata…). */
export async function insertRejects(db: Db, rejects: Reject[]): Promise<void> {
  if (rejects.length === 0) return;
  const appender = await db.con.createAppender('quarantine');
  for (const r of rejects) {
    appender.appendVarchar(r.file);
    appender.appendBigInt(BigInt(r.line));
    if (r.column === null) appender.appendNull();
    else appender.appendVarchar(r.column);
    appender.appendVarchar((r as Reject & { code?: string }).code ?? 'unreadable_row');
    appender.appendVarchar(r.reason);
    appender.appendVarchar(r.raw.slice(0, 500));
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

/** Loads every ingested file of one kind into `bronze_<kind>` (raw text + file, line, dialect). */
export async function loadBronze(db: Db, kind: InputKind, files: IngestedFile[]): Promise<void> {
  const raw = RULES[kind].raw;
  await db.run(
    `CREATE OR REPLACE TABLE ${ident(`bronze_${kind}`)} (_file VARCHAR, _line BIGINT, _decimal VARCHAR, _date_order VARCHAR, ${raw
      .map((c) => `${ident(c)} VARCHAR`)
      .join(', ')})`,
  );
  for (const f of files) {
    if (!f.relation) continue;
    const cols = raw.map((c) => (f.columns.includes(c) ? `CAST(${ident(c)} AS VARCHAR)` : 'NULL')).join(', ');
    await db.run(
      `INSERT INTO ${ident(`bronze_${kind}`)} SELECT $1, CAST(_line AS BIGINT), $2, $3, ${cols} FROM (${f.relation})`,
      [f.file, f.decimal, f.dateOrder],
    );
  }
}

/** Writes `bronze_<kind>` to `<work>/bronze/<kind>/year=Y/month=M/day=D/<run>.parquet` (partitioned by ingestion date). */
export async function writeBronze(db: Db, kind: InputKind, workDir: string, runId: string, now: Date): Promise<string> {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, '0');
  const d = String(now.getUTCDate()).padStart(2, '0');
  const dir = join(workDir, 'bronze', kind, `year=${y}`, `month=${m}`, `day=${d}`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${runId}.parquet`);
  await db.run(`COPY ${ident(`bronze_${kind}`)} TO ${lit(path)} (FORMAT parquet, COMPRESSION zstd)`);
  return path;
}

/**
 * Types and checks `bronze_<kind>` into `silver_<kind>`; rejected rows go to `quarantine` with the
 * first failing check's code, column and reason. Later duplicates of a key are `duplicate_key`.
 */
export async function buildSilver(db: Db, kind: InputKind, opts: { sitesGiven: boolean }): Promise<void> {
  const rules = RULES[kind];
  const bronze = ident(`bronze_${kind}`);
  const needsItem = rules.checks.some((c) => c.code === 'unknown_item');
  const joins = [
    needsItem ? `LEFT JOIN (SELECT item_id AS _ik, true AS _item_known FROM silver_items) ki ON ki._ik = b.item_id` : '',
    needsItem && opts.sitesGiven
      ? `LEFT JOIN (SELECT site_id AS _sk, true AS _site_known FROM silver_sites) ks ON ks._sk = coalesce(b.site_id, 'default')`
      : '',
  ].join('\n');
  const extra = !needsItem ? '' : opts.sitesGiven ? ', ki._item_known, ks._site_known' : ', ki._item_known, true AS _site_known';
  const checked = `_checked_${kind}`;
  const errIndex = `CASE ${rules.checks.map((c, i) => `WHEN ${c.when} THEN ${i}`).join(' ')} ELSE NULL END`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${checked} AS
    SELECT ${rules.typed.map((t) => `${t.expr} AS ${ident(`t_${t.name}`)}`).join(', ')},
      ${errIndex} AS _err, _file, _line, _brow
    FROM (SELECT b.rowid AS _brow, b.* ${extra} FROM ${bronze} b ${joins}) b`);
  if (rules.key.length > 0) {
    const key = rules.key.map((k) => ident(`t_${k}`)).join(', ');
    // -1 marks a later duplicate of a key; the first occurrence is kept.
    await db.run(`UPDATE ${checked} SET _err = -1
      FROM (SELECT _brow AS r, row_number() OVER (PARTITION BY ${key} ORDER BY _file, _line, _brow) AS _n
            FROM ${checked} WHERE _err IS NULL) d
      WHERE d._n > 1 AND ${checked}._brow = d.r`);
  }
  const codes = `[${rules.checks.map((c) => lit(c.code)).join(', ')}]`;
  const columns = `[${rules.checks.map((c) => (c.column === null ? 'NULL' : lit(c.column))).join(', ')}]`;
  const reason = `CASE c._err ${rules.checks.map((c, i) => `WHEN ${i} THEN ${c.reason}`).join(' ')}
      ELSE 'duplicate of ' || ${lit(rules.key.join(', '))} || ' (first occurrence kept)' END`;
  await db.run(`INSERT INTO quarantine
    SELECT c._file, c._line,
      CASE WHEN c._err = -1 THEN ${lit(rules.key[0] ?? '')} ELSE ${columns}[c._err + 1] END,
      CASE WHEN c._err = -1 THEN 'duplicate_key' ELSE ${codes}[c._err + 1] END,
      ${reason},
      to_json({${rules.raw.map((col) => `${lit(col)}: b.${ident(col)}`).join(', ')}})::VARCHAR
    FROM ${checked} c JOIN (SELECT b.rowid AS _brow, b.* ${extra} FROM ${bronze} b ${joins}) b ON b._brow = c._brow
    WHERE c._err IS NOT NULL ORDER BY c._file, c._line`);
  await db.run(`CREATE OR REPLACE TABLE ${ident(`silver_${kind}`)} AS
    SELECT ${rules.typed.map((t) => `${ident(`t_${t.name}`)} AS ${ident(t.name)}`).join(', ')}, _file, _line
    FROM ${checked} WHERE _err IS NULL`);
  await db.run(`DROP TABLE ${checked}`);
}

/** Writes `silver_<kind>` to `<work>/silver/<kind>.parquet`. */
export async function writeSilver(db: Db, kind: InputKind, workDir: string): Promise<string> {
  const dir = join(workDir, 'silver');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${kind}.parquet`);
  await db.run(`COPY ${ident(`silver_${kind}`)} TO ${lit(path)} (FORMAT parquet, COMPRESSION zstd)`);
  return path;
}
