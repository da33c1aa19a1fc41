import { copyFile, mkdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { bucketFileName, TABLES, type ManifestTable, type TableFile } from '@nova-corrente/core/contract';
import { compareTokens, type SearchIndexRecord } from '@nova-corrente/core/contract/search-index';
import { ident, lit, type Db } from '../db.js';
import { deriveTable } from '../gold/derived.js';
import { writeSearchIndex } from '../gold/write-search.js';
import { castColumns, describeFile, tableEntry } from '../gold/write-tables.js';
import { SealError } from './error.js';
import { checkSealed } from './rules.js';
import type { InputFile } from './scan.js';

/**
 * `search_item` written by the outside engine (nova-gold/1.3 layout, docs/scale.md): files
 * `search_item/part-NNNNN.parquet` numbered without gaps, each checked like any input file
 * (columns, keys, sort, row groups, statistics, size), following each other in token order; and
 * its rows exactly those seal derives from `dim_item` (contract `searchTokens`, the item's row) — a
 * search must find the same items whoever wrote the index. Then the index is written from the files.
 */
export async function sealSearch(db: Db, inputs: InputFile[], tmp: string, rel: string): Promise<ManifestTable> {
  const name = 'search_item';
  const count = Math.max(...inputs.map((f) => f.bucket ?? 0)) + 1;
  await mkdir(join(tmp, name), { recursive: true });
  const files: TableFile[] = [];
  const records: SearchIndexRecord[] = [];
  const paths: string[] = [];
  let prev: { hi: string; rel: string } | undefined;
  for (let b = 0; b < count; b++) {
    const input = inputs.find((f) => f.bucket === b);
    if (!input) throw new SealError('layout', `${name}/${bucketFileName(b)}`, `is missing: ${name} files are runs of the sorted rows, numbered 0 to ${count - 1} without gaps`);
    const abs = join(tmp, name, bucketFileName(b));
    await copyFile(input.abs, abs);
    const f = await describeFile(db, abs, posix.join(rel, name, bucketFileName(b)));
    await checkSealed(db, name, abs, input.rel, f);
    const r = await db.one<{ lo: string | null; hi: string | null }>(`SELECT min(token) AS lo, max(token) AS hi FROM read_parquet(${lit(abs)})`);
    const lo = r?.lo ?? null;
    const hi = r?.hi ?? null;
    if (lo === null || hi === null) throw new SealError('layout', input.rel, `holds no rows: every ${name} file is a run of the sorted rows`);
    if (prev && compareTokens(prev.hi, lo) > 0) {
      throw new SealError('sort', input.rel, `starts at token ${JSON.stringify(lo)}, before the last token ${JSON.stringify(prev.hi)} of ${prev.rel}: file N+1 must continue file N in (token, item_id) order`);
    }
    prev = { hi, rel: input.rel };
    files.push(f);
    records.push({ bucket: b, ...f, first: lo, last: hi });
    paths.push(abs);
  }
  const theirs = ident(`g_${name}`);
  await db.run(`CREATE OR REPLACE VIEW ${theirs} AS SELECT ${castColumns(name)} FROM read_parquet([${paths.map(lit).join(', ')}])`);
  // The rows seal would derive, beside the engine's: the same set, field for field.
  await db.run(`ALTER VIEW ${theirs} RENAME TO _search_given`);
  await deriveTable(db, name);
  await db.run(`ALTER TABLE ${theirs} RENAME TO _search_derived`);
  await db.run(`ALTER VIEW _search_given RENAME TO ${theirs}`);
  const cols = TABLES[name].columns.map((c) => ident(c.name)).join(', ');
  for (const [a, b, what] of [['_search_derived', theirs, 'lacks'], [theirs, '_search_derived', 'has an extra']] as const) {
    const diff = await db.one<{ n: number; token: string; item_id: string }>(
      `SELECT count(*)::BIGINT AS n, any_value(token) AS token, any_value(item_id) AS item_id FROM (SELECT ${cols} FROM ${a} EXCEPT ALL SELECT ${cols} FROM ${b})`,
    );
    if (Number(diff?.n) > 0) {
      throw new SealError('search-tokens', `${name}/`, `${what} ${diff?.n} row(s) against the tokens of dim_item (e.g. token ${JSON.stringify(diff?.token)} of item ${JSON.stringify(diff?.item_id)}): write the tokens docs/contract.md defines, with the item's dim_item row, or leave ${name} out and seal derives it`);
    }
  }
  await db.run(`DROP TABLE _search_derived`);
  return tableEntry(db, name, rel, files, theirs, await writeSearchIndex(tmp, rel, records));
}
