// Gold written the way another engine would write it: plain DuckDB SQL from docs/contract.md and
// docs/scale.md (table names, columns and types, sort keys, the item-bucket rule, row groups),
// without any code of nova-etl. `nova-etl seal` turns the folder into a snapshot.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Items, sites, days, buckets and dates of the outside gold (the tests read these). */
export const OUTSIDE = { items: 24, sites: ['REC', 'SSA'], buckets: 3, start: '2026-01-01', days: 240, asOf: '2026-07-31', source: 'ext_model' };

const q = (s) => `'${s.replace(/'/g, "''")}'`;

/** Writes the outside gold into `dir`: fact_forecast as bucket=N/ folders (Spark/DuckDB partitioned writes), fact_inventory as part-NNNNN files. */
export async function writeOutsideGold(dir) {
  mkdirSync(join(dir, 'agg_item'), { recursive: true });
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const opts = `(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`;
  const out = (name) => q(join(dir, name));
  const { items, buckets, start, days, asOf, source } = OUTSIDE;
  // docs/contract.md, placement: bucket = first 8 hex digits of SHA-256(item_id), as an unsigned integer, mod buckets.
  const bucket = `(('0x' || substr(sha256(item_id), 1, 8))::UBIGINT % ${buckets})::INTEGER`;
  await con.run(`CREATE TABLE items AS SELECT 'EXT-' || lpad(i::VARCHAR, 4, '0') AS item_id, i FROM range(1, ${items + 1}) r(i)`);
  await con.run(`CREATE TABLE sites AS SELECT * FROM (VALUES ('REC', 'Recife-PE', 'PE', 'Nordeste'), ('SSA', 'Salvador-BA', 'BA', 'Nordeste')) s(site_id, name, state, region)`);
  await con.run(`CREATE TABLE days AS SELECT (DATE ${q(start)} + i::INTEGER) AS date FROM range(${days}) r(i)`);
  await con.run(`COPY (SELECT item_id, 'SKU-' || i::VARCHAR AS sku, 'PARAFUSO EXTERNO ' || i::VARCHAR AS name, CASE WHEN i % 2 = 0 THEN 'FERRO E AÇO' ELSE 'CONECTORES' END AS category,
    'UN' AS unit, (1.5 * i)::DOUBLE AS unit_cost, 'BRL' AS currency, (5 + i)::INTEGER AS lead_time_days, 1::DOUBLE AS min_order_qty,
    CASE WHEN i % 3 = 0 THEN 'A' WHEN i % 3 = 1 THEN 'B' ELSE 'C' END AS criticality FROM items ORDER BY item_id) TO ${out('dim_item.parquet')} ${opts}`);
  await con.run(`COPY (SELECT * FROM sites ORDER BY site_id) TO ${out('dim_site.parquet')} ${opts}`);
  await con.run(`COPY (SELECT date, year(date)::INTEGER AS year, quarter(date)::INTEGER AS quarter, month(date)::INTEGER AS month, weekofyear(date)::INTEGER AS iso_week,
    isodow(date)::INTEGER AS day_of_week, isodow(date) >= 6 AS is_weekend, false AS is_holiday, NULL::VARCHAR AS holiday_name FROM days ORDER BY date) TO ${out('dim_time.parquet')} ${opts}`);
  await con.run(`CREATE TABLE ff AS SELECT item_id, site_id, date, ${q(source)} AS source,
      (1 + (i % 5) + (date - DATE ${q(start)}) % 7)::DOUBLE AS forecast, NULL::DOUBLE AS forecast_lo, NULL::DOUBLE AS forecast_hi,
      CASE WHEN date <= DATE ${q(asOf)} THEN ((i + (date - DATE ${q(start)})) % 4)::DOUBLE END AS actual,
      'ext-1.0' AS model_version, TIMESTAMP '2026-08-01 02:00:00' AS generated_at, 'ext-dataset-1' AS dataset_id, ${bucket} AS bucket
    FROM items, sites, days`);
  for (let b = 0; b < buckets; b++) {
    mkdirSync(join(dir, 'fact_forecast', `bucket=${b}`), { recursive: true });
    await con.run(`COPY (SELECT * EXCLUDE (bucket) FROM ff WHERE bucket = ${b} ORDER BY item_id, site_id, date, source) TO ${out(`fact_forecast/bucket=${b}/data_0.parquet`)} ${opts}`);
    mkdirSync(join(dir, 'fact_inventory'), { recursive: true });
    await con.run(`COPY (SELECT item_id, site_id, date, 20::DOUBLE AS on_hand, 0::DOUBLE AS on_order, 5::DOUBLE AS safety_stock, 10::DOUBLE AS reorder_point, 10::DOUBLE AS days_of_cover
      FROM ff WHERE bucket = ${b} AND date <= DATE ${q(asOf)} ORDER BY item_id, site_id, date) TO ${out(`fact_inventory/part-${String(b).padStart(5, '0')}.parquet`)} ${opts}`);
  }
  // agg_item: item-partitioned too, here in one bucket (48 rows). The first 4 items are stockouts, the next 4 overstock, ranked by item id (docs/contract.md, risk_rank).
  // nova-gold/1.4: the item's label (name, unit) copied from dim_item, right after source.
  await con.run(`COPY (SELECT item_id, site_id, ${q(source)} AS source, d.name AS name, d.unit AS unit,
      CASE WHEN i <= 4 THEN 'stockout' WHEN i <= 8 THEN 'overstock' ELSE 'ok' END AS risk, 10::DOUBLE AS days_of_cover, (20 * 1.5 * i)::DOUBLE AS stock_value,
      60::DOUBLE AS forecast_next_30d,
      CASE WHEN i <= 8 THEN (row_number() OVER (PARTITION BY i <= 4, i <= 8 ORDER BY item_id, site_id))::INTEGER END AS risk_rank,
      (60 * 1.5 * i)::DOUBLE AS demand_value_30d, DATE ${q(asOf)} AS as_of, 20::DOUBLE AS on_hand, 0::DOUBLE AS on_order, 10::DOUBLE AS reorder_point, 5::DOUBLE AS safety_stock,
      2::DOUBLE AS avg_daily_demand, NULL::DATE AS projected_stockout_date, 0::DOUBLE AS suggested_order_qty, 0.5::DOUBLE AS wape, NULL::DOUBLE AS mape, 0::DOUBLE AS bias, 'ext-1.0' AS model_version
    FROM items JOIN read_parquet(${out('dim_item.parquet')}) d USING (item_id), sites ORDER BY item_id, site_id) TO ${out('agg_item/part-00000.parquet')} ${opts}`);
  await con.run(`COPY (SELECT site_id, source, date, sum(forecast) AS forecast, sum(actual) AS actual, sum(abs(forecast - actual)) AS abs_error, NULL::DOUBLE AS ape_sum, 0::INTEGER AS ape_count,
      count(*)::INTEGER AS items, sum(forecast) AS forecast_ma7, sum(actual) AS actual_ma7, sum(forecast) AS forecast_30, sum(actual) AS actual_30, sum(actual) AS scored_actual,
      sum(forecast) FILTER (WHERE actual IS NOT NULL) AS forecast_with_actual FROM ff GROUP BY site_id, source, date ORDER BY site_id, source, date) TO ${out('agg_daily.parquet')} ${opts}`);
  await con.run(`COPY (SELECT 'month' AS grain, site_id, source, date_trunc('month', date)::DATE AS date, sum(forecast) AS forecast, sum(actual) AS actual, sum(actual) AS scored_actual,
      sum(forecast) FILTER (WHERE actual IS NOT NULL) AS forecast_with_actual, sum(abs(forecast - actual)) AS abs_error, NULL::DOUBLE AS ape_sum, 0::INTEGER AS ape_count, count(DISTINCT item_id)::INTEGER AS item_sites
    FROM ff GROUP BY ALL ORDER BY grain, site_id, source, date) TO ${out('agg_accuracy.parquet')} ${opts}`);
  await con.run(`COPY (SELECT ${q(source)} AS source, 'CONECTORES' AS category, DATE '2026-05-03' AS window_start, DATE ${q(asOf)} AS window_end, 12::INTEGER AS item_sites, 12::INTEGER AS selected,
      100::DOUBLE AS scored_actual, 110::DOUBLE AS forecast_with_actual, 50::DOUBLE AS abs_error, NULL::DOUBLE AS ape_sum, 0::INTEGER AS ape_count, NULL::DOUBLE AS beat_actual,
      NULL::DOUBLE AS beat_abs_error, NULL::DOUBLE AS runner_up_abs_error) TO ${out('agg_model.parquet')} ${opts}`);
  await con.run(`COPY (SELECT * FROM (VALUES ('', ${items}, 4, 60.0 * ${items}, 1000.0), ('REC', ${items}, 4, 30.0 * ${items}, 500.0), ('SSA', ${items}, 4, 30.0 * ${items}, 500.0))
      t(site_id, items, at_risk, forecast_next_30d, demand_value_at_risk_30d) ORDER BY site_id) TO ${out('agg_totals.parquet')} ${opts}`);
  // Types as the contract says (VALUES would make INTEGER/DECIMAL): rewritten with casts.
  await con.run(`COPY (SELECT site_id, items::INTEGER AS items, at_risk::INTEGER AS at_risk, forecast_next_30d::DOUBLE AS forecast_next_30d, demand_value_at_risk_30d::DOUBLE AS demand_value_at_risk_30d
      FROM read_parquet(${out('agg_totals.parquet')})) TO ${out('agg_totals.tmp')} ${opts}`);
  const { renameSync } = await import('node:fs');
  renameSync(join(dir, 'agg_totals.tmp'), join(dir, 'agg_totals.parquet'));
  con.closeSync();
}
