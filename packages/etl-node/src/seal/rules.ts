import { CONTRACT, contractVersion, ROWS_PER_BUCKET, TABLES, type TableFile, type TableName } from '@nova-corrente/core/contract';
import { lit, type Db } from '../db.js';
import { checkFile } from '../gold/validate.js';
import { LAYOUT_RULES } from '../gold/layout.js';
import { SealError, type SealRule } from './error.js';

/** The rule a problem of `checkFile` breaks. */
function ruleOf(problem: string): SealRule {
  if (/column/.test(problem)) return 'columns';
  if (/null key/.test(problem)) return 'null-key';
  if (/out of order/.test(problem)) return 'sort';
  if (/bucket/.test(problem)) return 'placement';
  return 'contract';
}

/**
 * Checks one copied input file against the contract and the layout rules (docs/scale.md):
 * exactly the contract's columns and types; keys never null; rows sorted by the sort key; items in
 * their bucket; row groups and files within the size limits; min/max statistics on the sort key in
 * every row group; a compression the readers decode. Throws {@link SealError} for the first rule broken.
 */
export async function checkSealed(db: Db, table: TableName, abs: string, rel: string, f: TableFile, placement?: { bucket: number; buckets: number }): Promise<void> {
  const spec = TABLES[table];
  const cols = await db.all<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet(${lit(abs)})`).catch((err: Error) => {
    throw new SealError('parquet', rel, `is not a readable Parquet file: ${err.message.split('\n')[0]}`);
  });
  const known = new Set(spec.columns.map((c) => c.name));
  const extra = cols.map((c) => c.column_name).filter((c) => !known.has(c));
  if (extra.length) throw new SealError('columns', rel, `has columns the contract does not define for ${table}: ${extra.join(', ')}`);
  const problems = await checkFile(db, table, abs, f, contractVersion(CONTRACT)!, placement);
  if (problems.length) throw new SealError(ruleOf(problems[0]), rel, problems[0]);
  const groups = await db.all<{ rows: number; codecs: string; stats_missing: number }>(
    `SELECT any_value(row_group_num_rows)::BIGINT AS rows, string_agg(DISTINCT compression, ',') AS codecs,
       count(*) FILTER (WHERE path_in_schema IN (${spec.sortKey.map(lit).join(', ')}) AND (stats_min_value IS NULL OR stats_max_value IS NULL))::INTEGER AS stats_missing
     FROM parquet_metadata(${lit(abs)}) GROUP BY row_group_id ORDER BY row_group_id`,
  );
  const lookup = spec.partitionedByItem || ['dim_item', 'agg_item'].includes(table);
  const maxGroup = lookup ? LAYOUT_RULES.maxLookupRowGroupRows : LAYOUT_RULES.maxSmallRowGroupRows;
  for (const [i, g] of groups.entries()) {
    if (Number(g.rows) > maxGroup) throw new SealError('row-group-size', rel, `row group ${i} has ${g.rows} rows, more than ${maxGroup} (write ${table} with row groups of ≤ ${maxGroup} rows)`);
    for (const codec of String(g.codecs ?? '').split(',').filter(Boolean)) {
      if (!LAYOUT_RULES.compressions.includes(codec)) throw new SealError('compression', rel, `row group ${i} is compressed with ${codec}; readers decode ${LAYOUT_RULES.compressions.join(', ')} (ZSTD for the fewest bytes, SNAPPY for the least CPU)`);
    }
    if (Number(g.rows) > 0 && Number(g.stats_missing) > 0) {
      throw new SealError('statistics', rel, `row group ${i} has no min/max statistics on its sort key (${spec.sortKey.join(', ')}): readers could not skip it`);
    }
  }
  if (spec.splitBy === 'token' && f.rows > LAYOUT_RULES.maxSearchFileRows) {
    throw new SealError('file-size', rel, `holds ${f.rows} rows, more than ${LAYOUT_RULES.maxSearchFileRows}: cut ${table} into runs of about ${LAYOUT_RULES.maxSearchFileRows / 2} rows`);
  }
  if (spec.partitionedByItem && !spec.splitBy && f.rows > LAYOUT_RULES.maxFactFileRows) {
    throw new SealError('file-size', rel, `holds ${f.rows} rows, more than ${LAYOUT_RULES.maxFactFileRows}: use more buckets (about one per ${ROWS_PER_BUCKET.toLocaleString('en')} rows)`);
  }
}
