// Reference answers computed by native DuckDB (@duckdb/node-api) straight from the gold Parquet
// files: every number the SDK returns is compared with these. Node only.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export function goldDir() {
  return resolve(process.env.NOVA_TEST_GOLD ?? '.nova/test-demo/gold');
}

const conns = new Map();
async function open(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const key = `${dir}|${manifest.snapshot_id}`;
  if (!conns.has(key)) {
    conns.set(key, (async () => {
      const conn = await (await DuckDBInstance.create(':memory:')).connect();
      for (const [name, t] of Object.entries(manifest.tables)) {
        const files = t.files.map((f) => `'${join(dir, f.path)}'`).join(', ');
        await conn.run(`CREATE VIEW ${name} AS SELECT * FROM read_parquet([${files}])`);
      }
      return { conn, manifest };
    })());
  }
  return conns.get(key);
}

function plain(v) {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

async function all(sql, params = [], dir = goldDir()) {
  const { conn } = await open(dir);
  const stmt = await conn.prepare(sql);
  if (params.length) stmt.bind(params);
  const r = await stmt.runAndReadAll();
  return r.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
}

/** Reference computations by name; args are JSON. */
export const reference = {
  /** Any SQL straight on native DuckDB over the gold files (the oracle for sql() answers). */
  async rawSql({ sql, params = [] }) {
    return all(sql, params);
  },
  async manifest() {
    return (await open(goldDir())).manifest;
  },
  async sampleItems() {
    const rows = await all(`SELECT item_id FROM dim_item WHERE item_id IN (SELECT item_id FROM agg_item) ORDER BY item_id`);
    const ids = rows.map((r) => r.item_id);
    return [ids[0], ids[Math.floor(ids.length / 2)], ids[ids.length - 1]];
  },
  async defaults({ itemId }) {
    const r = await all(`SELECT site_id, source FROM agg_item WHERE item_id = ? ORDER BY site_id LIMIT 1`, [itemId]);
    return r[0] ?? null;
  },
  async sites() {
    return (await all(`SELECT site_id FROM dim_site ORDER BY site_id`)).map((r) => r.site_id);
  },
  async items({ search, category }) {
    return all(`WITH q AS (SELECT strip_accents(lower(?::VARCHAR)) AS n)
      SELECT d.* FROM dim_item d, q WHERE (?::VARCHAR IS NULL OR d.category = ?)
      AND (q.n IS NULL OR contains(strip_accents(lower(d.item_id)), q.n) OR contains(strip_accents(lower(d.sku)), q.n) OR contains(strip_accents(lower(d.name)), q.n))
      ORDER BY d.item_id`, [search ?? null, category ?? null, category ?? null]);
  },
  async timeseries({ itemId, siteId, source, start, end }) {
    return all(`SELECT strftime(date, '%Y-%m-%d') AS date, forecast, forecast_lo, forecast_hi, actual FROM fact_forecast
      WHERE item_id = ? AND site_id = ? AND source = ? AND date BETWEEN ?::DATE AND ?::DATE ORDER BY date`, [itemId, siteId, source, start, end]);
  },
  async summaryDaily({ start, end, source, siteId }) {
    const [r] = await all(`SELECT sum(forecast) AS forecast, coalesce(sum(actual), 0) AS actual, sum(forecast) FILTER (WHERE actual IS NOT NULL) AS fwa,
      sum(abs_error) AS abs_error, sum(ape_sum) AS ape_sum, sum(ape_count) AS ape_count FROM agg_daily
      WHERE source = ? AND date BETWEEN ?::DATE AND ?::DATE AND (?::VARCHAR IS NULL OR site_id = ?)`, [source, start, end, siteId ?? null, siteId ?? null]);
    return r;
  },
  async summaryFacts({ start, end, source, siteId, itemIds }) {
    const [r] = await all(`SELECT sum(forecast) AS forecast, coalesce(sum(actual), 0) AS actual, sum(forecast) FILTER (WHERE actual IS NOT NULL) AS fwa,
      sum(abs(forecast - actual)) AS abs_error, sum(abs(forecast - actual) / abs(actual)) FILTER (WHERE actual <> 0) AS ape_sum,
      count(*) FILTER (WHERE actual <> 0) AS ape_count FROM fact_forecast
      WHERE source = ? AND date BETWEEN ?::DATE AND ?::DATE AND (?::VARCHAR IS NULL OR site_id = ?) AND list_contains(string_split(?, ','), item_id)`,
    [source, start, end, siteId ?? null, siteId ?? null, itemIds.join(',')]);
    return r;
  },
  async riskScope({ siteId, itemIds }) {
    const [r] = await all(`SELECT count(DISTINCT a.item_id) AS items, count(DISTINCT a.item_id) FILTER (WHERE risk IN ('stockout','below_reorder')) AS at_risk,
      coalesce(sum(a.forecast_next_30d * d.unit_cost) FILTER (WHERE risk IN ('stockout','below_reorder')), 0) AS value
      FROM agg_item a JOIN dim_item d USING (item_id) WHERE (?::VARCHAR IS NULL OR a.site_id = ?) AND (?::VARCHAR IS NULL OR list_contains(string_split(?, ','), a.item_id))`,
    [siteId ?? null, siteId ?? null, itemIds ? 'x' : null, itemIds ? itemIds.join(',') : null]);
    return r;
  },
  async inventory({ itemId, siteId, start, end }) {
    const series = await all(`SELECT strftime(date, '%Y-%m-%d') AS date, on_hand, on_order, safety_stock, reorder_point, days_of_cover FROM fact_inventory
      WHERE item_id = ? AND site_id = ? AND date BETWEEN ?::DATE AND ?::DATE ORDER BY date`, [itemId, siteId, start, end]);
    const [position] = await all(`SELECT * REPLACE (strftime(as_of, '%Y-%m-%d') AS as_of, strftime(projected_stockout_date, '%Y-%m-%d') AS projected_stockout_date)
      FROM agg_item WHERE item_id = ? AND site_id = ?`, [itemId, siteId]);
    return { series, position };
  },
  async risk({ kind }) {
    const order = kind === 'overstock' ? 'a.stock_value DESC' : 'a.days_of_cover ASC NULLS LAST';
    return all(`SELECT a.item_id, a.site_id, a.days_of_cover, a.stock_value, a.on_hand, d.name, d.unit_cost FROM agg_item a JOIN dim_item d USING (item_id)
      WHERE a.risk = ? ORDER BY ${order}, a.item_id, a.site_id`, [kind]);
  },
  async itemStats({ itemId }) {
    const [r] = await all(`SELECT count(*) AS n, sum(forecast) AS total FROM fact_forecast WHERE item_id = ?`, [itemId]);
    return r;
  },
  async categoryCounts() {
    return all(`SELECT category, count(*) AS n, round(avg(unit_cost), 6) AS avg_cost FROM dim_item GROUP BY category ORDER BY category`);
  },
};

/** Runs a reference by name against an explicit gold dir (used for the fault roots). */
export async function referenceIn(dir, sql, params) {
  return all(sql, params, dir);
}
