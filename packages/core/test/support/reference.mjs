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
        // nova-gold/1.2 lists an item-partitioned table's files in an index: read its folder.
        const files = (t.files ?? [{ path: `${t.path}/*.parquet` }]).map((f) => `'${join(dir, f.path)}'`).join(', ');
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
    // docs/contract.md, item search: the folded id, SKU or name contains the folded search and, from
    // nova-gold/1.2 on, a word of them (or the whole id/SKU) starts with the search (no space) or
    // with its longest word.
    const { manifest } = await open(goldDir());
    const folded = search === undefined ? undefined : search.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
    const words = folded ? folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean) : [];
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
    const prefixRule = ['nova-gold/1.2', 'nova-gold/1.3', 'nova-gold/1.4', 'nova-gold/1.5'].includes(manifest.contract) && folded;
    const whole = prefixRule && !/\s/u.test(folded) ? folded : null;
    const word = prefixRule && longest && (words.length > 1 || /\s/u.test(folded)) ? longest : null;
    return all(`WITH q AS (SELECT strip_accents(lower(?::VARCHAR)) AS n),
      d AS (SELECT *, strip_accents(lower(item_id)) AS fi, strip_accents(lower(sku)) AS fs, strip_accents(lower(name)) AS fn FROM dim_item)
      SELECT d.* EXCLUDE (fi, fs, fn) FROM d, q WHERE (?::VARCHAR IS NULL OR d.category = ?)
      AND (q.n IS NULL OR contains(fi, q.n) OR contains(fs, q.n) OR contains(fn, q.n))
      AND (NOT ?::BOOLEAN
        OR starts_with(fi, ?::VARCHAR) OR starts_with(fs, ?::VARCHAR)
        OR len(list_filter(string_split_regex(fi || ' ' || fs || ' ' || fn, '[^[:alnum:]]+'), w -> starts_with(w, ?::VARCHAR) OR starts_with(w, ?::VARCHAR))) > 0)
      ORDER BY d.item_id`, [search ?? null, category ?? null, category ?? null, Boolean(prefixRule), whole ?? '\u0000', whole ?? '\u0000', whole ?? '\u0000', word ?? '\u0000']);
  },
  async timeseries({ itemId, siteId, source, start, end }) {
    return all(`SELECT strftime(date, '%Y-%m-%d') AS date, forecast, forecast_lo, forecast_hi, actual FROM fact_forecast
      WHERE item_id = ? AND site_id = ? AND source = ? AND date BETWEEN ?::DATE AND ?::DATE ORDER BY date`, [itemId, siteId, source, start, end]);
  },
  // docs/contract.md "Figures": the plan forecast of an (item, site) is its agg_item.source; with
  // no site given, the item's sites are summed per date.
  async timeseriesAllSites({ itemId, start, end }) {
    return all(`SELECT strftime(f.date, '%Y-%m-%d') AS date, sum(f.forecast) AS forecast, sum(f.forecast_lo) AS forecast_lo,
        sum(f.forecast_hi) AS forecast_hi, sum(f.actual) AS actual
      FROM fact_forecast f JOIN agg_item a ON a.item_id = f.item_id AND a.site_id = f.site_id AND a.source = f.source
      WHERE f.item_id = ? AND f.date BETWEEN ?::DATE AND ?::DATE GROUP BY f.date ORDER BY f.date`, [itemId, start, end]);
  },
  async itemSiteSources({ itemId }) {
    return all(`SELECT site_id, source FROM agg_item WHERE item_id = ? ORDER BY site_id`, [itemId]);
  },
  /**
   * summary() from docs/contract.md, straight from fact_forecast: actual demand once per (item,
   * site, period); the scored forecast is the plan (agg_item.source) or one source; accuracy over
   * cells with an actual, at the gold's grain or per (item, site, week|month) whose start is in range.
   */
  async summary({ start, end, source, siteId, itemIds, grain }) {
    const m = (await open(goldDir())).manifest;
    const scope = `f.date BETWEEN ?::DATE AND ?::DATE AND (?::VARCHAR IS NULL OR f.site_id = ?) AND (?::VARCHAR IS NULL OR list_contains(string_split(?, ','), f.item_id))`;
    const args = [start, end, siteId ?? null, siteId ?? null, itemIds ? 'x' : null, itemIds ? itemIds.join(',') : null];
    const scored = source === 'plan'
      ? `SELECT f.* FROM fact_forecast f JOIN agg_item a ON a.item_id = f.item_id AND a.site_id = f.site_id AND a.source = f.source WHERE ${scope}`
      : `SELECT f.* FROM fact_forecast f WHERE f.source = '${source.replace(/'/g, "''")}' AND ${scope}`;
    const [d] = await all(`SELECT coalesce(sum(actual), 0) AS actual FROM (SELECT DISTINCT f.item_id, f.site_id, f.date, f.actual FROM fact_forecast f WHERE ${scope} AND f.actual IS NOT NULL)`, args);
    const [fc] = await all(`SELECT coalesce(sum(forecast), 0) AS total, coalesce(sum(forecast) FILTER (WHERE date > ?::DATE), 0) AS future FROM (${scored})`, [m.as_of, ...args]);
    const period = grain === m.grain ? 'date' : `CAST(date_trunc('${grain}', date) AS DATE)`;
    const [e] = await all(`WITH c AS (
        SELECT item_id, site_id, ${period} AS p, sum(forecast) AS f, sum(actual) AS a FROM (${scored}) WHERE actual IS NOT NULL GROUP BY ALL)
      SELECT coalesce(sum(a), 0) AS a, coalesce(sum(f), 0) AS f, sum(abs(f - a)) AS abs_error, avg(abs(f - a) / a) FILTER (WHERE a > 0) AS mape
      FROM c WHERE p BETWEEN ?::DATE AND ?::DATE`, [...args, start, end]);
    const [r] = await all(`SELECT count(DISTINCT a.item_id) AS items, count(DISTINCT a.item_id) FILTER (WHERE risk IN ('stockout','below_reorder')) AS at_risk,
      coalesce(sum(a.forecast_next_30d * d.unit_cost) FILTER (WHERE risk IN ('stockout','below_reorder')), 0) AS value,
      coalesce(sum(a.forecast_next_30d), 0) AS next30
      FROM agg_item a JOIN dim_item d USING (item_id) WHERE (?::VARCHAR IS NULL OR a.site_id = ?) AND (?::VARCHAR IS NULL OR list_contains(string_split(?, ','), a.item_id))`,
    [siteId ?? null, siteId ?? null, itemIds ? 'x' : null, itemIds ? itemIds.join(',') : null]);
    return {
      start, end, asOf: m.as_of, source, accuracyGrain: grain,
      actualTotal: d.actual, forecastWithActual: e.f, forecastFuture: fc.future, forecastTotal: fc.total, forecastNext30d: r.next30,
      wape: e.a > 0 ? e.abs_error / e.a : null, mape: e.mape ?? null, bias: e.a > 0 ? (e.f - e.a) / e.a : null,
      items: itemIds ? itemIds.length : r.items, atRisk: r.at_risk, demandValueAtRisk30d: r.value,
    };
  },
  async inventory({ itemId, siteId, start, end }) {
    const series = await all(`SELECT strftime(date, '%Y-%m-%d') AS date, on_hand, on_order, safety_stock, reorder_point, days_of_cover FROM fact_inventory
      WHERE item_id = ? AND site_id = ? AND date BETWEEN ?::DATE AND ?::DATE ORDER BY date`, [itemId, siteId, start, end]);
    const [position] = await all(`SELECT * REPLACE (strftime(as_of, '%Y-%m-%d') AS as_of, strftime(projected_stockout_date, '%Y-%m-%d') AS projected_stockout_date)
      FROM agg_item WHERE item_id = ? AND site_id = ?`, [itemId, siteId]);
    return { series, position };
  },
  /** All of an item's sites: counts summed per date; days of cover = Σ on hand / Σ mean daily demand (docs/inventory.md). */
  async inventoryAllSites({ itemId, start, end }) {
    return all(`WITH dem AS (SELECT sum(avg_daily_demand) AS d, count(*) AS n FROM agg_item WHERE item_id = ?)
      SELECT strftime(date, '%Y-%m-%d') AS date, sum(on_hand) AS on_hand, sum(on_order) AS on_order, sum(safety_stock) AS safety_stock,
        sum(reorder_point) AS reorder_point,
        CASE WHEN count(*) = 1 THEN any_value(days_of_cover) WHEN (SELECT d FROM dem) > 0 THEN sum(on_hand) / (SELECT d FROM dem) END AS days_of_cover
      FROM fact_inventory WHERE item_id = ? AND date BETWEEN ?::DATE AND ?::DATE GROUP BY date ORDER BY date`, [itemId, itemId, start, end]);
  },
  /** The contract's urgency ranking (docs/contract.md): criticality, stockout date, value of demand at risk; overstock by stock value. */
  async risk({ kind }) {
    const order = kind === 'overstock'
      ? 'a.stock_value DESC NULLS LAST'
      : 'd.criticality ASC NULLS LAST, a.projected_stockout_date ASC NULLS LAST, a.forecast_next_30d * d.unit_cost DESC NULLS LAST';
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
