// The tool that checks a faster build made the same gold (gold-compare.ts) must find a difference
// where there is one: a demo gold copied, then one double of agg_daily beyond 1e-9 and one fact
// row's key changed — each reported with its table and first row — and a double within 1e-9 not.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { goldDifferences } from './gold-compare.ts';
import { demoGold, query, tableFiles, tempDir } from './helpers.ts';

/** Rewrites one Parquet file of `gold` with `expr` in place of `column` on the row numbered `row` (0-based, file order). */
async function rewrite(gold: string, rel: string, column: string, expr: string, row: number) {
  const file = join(gold, rel).replace(/'/g, "''");
  const tmp = `${file}.new`;
  await query(`COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = ${row} THEN ${expr} ELSE "${column}" END AS "${column}")
    FROM read_parquet('${file}', file_row_number = true) ORDER BY file_row_number) TO '${tmp}' (FORMAT parquet)`);
  cpSync(tmp, join(gold, rel));
}

describe('goldDifferences', () => {
  it('reports a changed double and a changed key with table and row; a change within 1e-9 is no difference', async () => {
    const src = await demoGold();
    const copy = join(tempDir(), 'gold');
    cpSync(src, copy, { recursive: true });
    assert.deepEqual(await goldDifferences(src, copy), [], 'a copy is the same gold');
    const m = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
    const daily = tableFiles(copy, m, 'agg_daily')[0].path;
    await rewrite(copy, daily, 'forecast', 'forecast * (1 + 1e-12)', 5);
    assert.deepEqual(await goldDifferences(src, copy), [], 'within 1e-9');
    await rewrite(copy, daily, 'forecast', 'forecast + 1', 5);
    const fact = tableFiles(copy, m, 'fact_forecast').find((f) => f.bytes > 1000)!.path;
    await rewrite(copy, fact, 'site_id', `'no-such-site'`, 0);
    const found = await goldDifferences(src, copy);
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(found.find((l) => l.startsWith('agg_daily')) ?? '', /^agg_daily: 1 row\(s\) differ, the first at row 6$/);
    assert.match(found.find((l) => l.startsWith('fact_forecast')) ?? '', /^fact_forecast: 1 row\(s\) differ, the first at row \d+$/);
  });
});
