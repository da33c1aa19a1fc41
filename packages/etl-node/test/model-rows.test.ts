/**
 * The manifest's `ml` rows (build/gold-tables.ts MODEL_ROWS_SQL): per source, model version and
 * dataset, the latest generation time and the fact rows — counted on the fact rows by their
 * metadata number, then joined to the metadata. Expected rows are counted here by hand from the
 * rows inserted, as the contract defines `ml` (docs/contract.md): one entry per (source,
 * model_version, dataset_id) of the fact table, generated_at its latest.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { MODEL_ROWS_SQL } from '../src/build/gold-tables.js';

describe('the manifest ml rows', () => {
  it('counts each source, model version and dataset, with its latest generation time', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    try {
      await con.run(`CREATE TABLE g_forecast_meta AS SELECT * FROM (VALUES
        (1, 'v1', TIMESTAMP '2026-01-01 01:00:00', 'ds-a'),
        (2, 'v1', TIMESTAMP '2026-01-02 02:30:00', 'ds-a'),   -- same version and dataset, generated later
        (3, 'v2', TIMESTAMP '2026-01-01 00:00:00', NULL),     -- no dataset id
        (4, 'v9', TIMESTAMP '2026-01-05 00:00:00', 'ds-z')    -- no fact row uses it
      ) m(_meta, model_version, generated_at, dataset_id)`);
      // 3 rows of src-a with meta 1, 2 with meta 2, 4 of src-a with meta 3, 1 of src-b with meta 1,
      // and 2 rows whose meta is unknown (not in the fact table's view: not counted).
      await con.run(`CREATE TABLE g_fact_rows AS SELECT * FROM (VALUES
        ('src-a', 1), ('src-a', 1), ('src-a', 1), ('src-a', 2), ('src-a', 2),
        ('src-a', 3), ('src-a', 3), ('src-a', 3), ('src-a', 3),
        ('src-b', 1), ('src-b', 7), ('src-a', 8)
      ) r(source, _meta)`);
      const rows = (await con.runAndReadAll(MODEL_ROWS_SQL)).getRowObjectsJson();
      assert.deepEqual(rows, [
        { source: 'src-a', model_version: 'v1', generated_at: '2026-01-02T02:30:00Z', dataset_id: 'ds-a', rows: 5 },
        { source: 'src-a', model_version: 'v2', generated_at: '2026-01-01T00:00:00Z', dataset_id: null, rows: 4 },
        { source: 'src-b', model_version: 'v1', generated_at: '2026-01-01T01:00:00Z', dataset_id: 'ds-a', rows: 1 },
      ]);
    } finally {
      con.closeSync();
      inst.closeSync();
    }
  });
});
