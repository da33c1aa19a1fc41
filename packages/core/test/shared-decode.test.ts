// One decode per row group and column list: an item's forecast chart (`timeseries`) and inventory
// chart (`inventory`) read the same `fact_forecast` row groups over real HTTP; the second read costs
// no request and no decode, whatever the two date windows. The series and the projection are
// checked against SQL written from docs/contract.md and docs/inventory.md on native DuckDB, and
// against the same calls made alone on fresh clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../src/node/index.js';
import type { NovaClient } from '../src/types.js';
import { same } from './shared/assert.js';
// @ts-expect-error -- plain ESM helper without types
import { startStaticServer } from '../../../scripts/static-server.mjs';
// @ts-expect-error -- plain ESM helper without types
import { goldDir, reference } from './support/reference.mjs';

const manifest = JSON.parse(readFileSync(join(goldDir(), 'manifest.json'), 'utf8')) as { as_of: string; date_range: { min: string; max: string } };

/** A static server over the test gold that counts the range requests of each fact_forecast file. */
async function counted() {
  const hits: { url: string; range?: string }[] = [];
  const srv = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: goldDir() }], onRequest: (e: { url: string; range?: string }) => hits.push(e) });
  return { srv, forecastReads: () => hits.filter((h) => h.url.includes('/fact_forecast/') && h.url.endsWith('.parquet')).map((h) => `${h.url} ${h.range ?? ''}`) };
}

async function withClient<T>(f: (c: NovaClient, reads: () => string[]) => Promise<T>): Promise<T> {
  const { srv, forecastReads } = await counted();
  const c = await createClient({ url: `${srv.url}/gold/` });
  try {
    return await f(c, forecastReads);
  } finally {
    await c.close();
    await srv.close();
  }
}

const item = 'MAT-000001';
// The dashboard's window: the last 180 days to the end of the forecasts; the projection starts after as_of.
const start = new Date(Date.parse(`${manifest.as_of}T00:00:00Z`) - 179 * 86_400_000).toISOString().slice(0, 10);
const window = { itemId: item, start: start < manifest.date_range.min ? manifest.date_range.min : start, end: manifest.date_range.max };

/**
 * docs/inventory.md: from the period after as_of, the item's on hand (agg_item, summed over its
 * sites) minus the cumulative plan forecast (each site's agg_item.source), up to and including the
 * first period below zero.
 */
async function projectionOracle(itemId: string): Promise<{ date: string; on_hand: number }[]> {
  const rows = (await reference.rawSql({
    sql: `WITH plan AS (SELECT site_id, source, on_hand FROM agg_item WHERE item_id = $1),
      fut AS (SELECT f.date, sum(f.forecast) AS fc FROM fact_forecast f JOIN plan p ON p.site_id = f.site_id AND p.source = f.source
              WHERE f.item_id = $1 AND f.date > $2::DATE GROUP BY f.date)
      SELECT strftime(date, '%Y-%m-%d') AS date, (SELECT sum(on_hand) FROM plan) - sum(fc) OVER (ORDER BY date) AS on_hand FROM fut ORDER BY date`,
    params: [itemId, manifest.as_of],
  })) as { date: string; on_hand: number }[];
  const stop = rows.findIndex((r) => r.on_hand < 0);
  return stop < 0 ? rows : rows.slice(0, stop + 1);
}

test('the forecast chart and the inventory chart of one item: fact_forecast row groups fetched and decoded once', async () => {
  const sites = (await reference.rawSql({ sql: 'SELECT site_id FROM agg_item WHERE item_id = $1', params: [item] })) as { site_id: string }[];
  assert.ok(sites.length > 0 && sites.every((r) => r.site_id !== 'default'), `${item} has store sites only (the oracle sums them; no whole-item row)`);
  const series = await reference.timeseriesAllSites(window);
  const projection = await projectionOracle(item);
  assert.ok(projection.length > 0, 'the oracle projects some periods');
  const alone = await withClient(async (c, reads) => ({ ts: await c.timeseries(window), reads: reads() }));
  const inventoryAlone = await withClient((c) => c.inventory({ itemId: item, end: window.end }));
  same(alone.ts.points, series, 'the series alone, against DuckDB');
  same(inventoryAlone.projection, projection, 'the projection alone, against DuckDB');
  assert.ok(alone.reads.length >= 2, `a footer and at least one row group: ${alone.reads.join(', ')}`);
  // Both at once, as the dashboard starts them, and one after the other.
  for (const order of ['together', 'timeseries first', 'inventory first'] as const) {
    await withClient(async (c, reads) => {
      let ts;
      let inv;
      if (order === 'together') [ts, inv] = await Promise.all([c.timeseries(window), c.inventory({ itemId: item, end: window.end })]);
      else if (order === 'timeseries first') {
        ts = await c.timeseries(window);
        inv = await c.inventory({ itemId: item, end: window.end });
      } else {
        inv = await c.inventory({ itemId: item, end: window.end });
        ts = await c.timeseries(window);
      }
      assert.deepEqual(reads().sort(), [...alone.reads].sort(), `${order}: the inventory's projection read no fact_forecast byte the chart had not`);
      assert.deepEqual(ts, alone.ts, `${order}: the same series`);
      assert.deepEqual(inv, inventoryAlone, `${order}: the same projection`);
      same(ts.points, series, `${order}: the series against DuckDB`);
      same(inv.projection, projection, `${order}: the projection against DuckDB`);
    });
  }
});

test('one of the two aborted while their shared row group decodes: the other answers, and the aborted call answers when made again', async () => {
  const series = await reference.timeseriesAllSites(window);
  const projection = await projectionOracle(item);
  await withClient(async (c) => {
    const stop = new AbortController();
    const ts = c.timeseries({ ...window, signal: stop.signal });
    const inv = c.inventory({ itemId: item, end: window.end });
    stop.abort();
    await assert.rejects(ts, (e: { code?: string }) => e.code === 'aborted');
    same((await inv).projection, projection, 'the projection of the call left running');
    same((await c.timeseries(window)).points, series, 'the series, asked again');
  });
});
