// One decode per row group and column list: an item's forecast chart (`timeseries`) and inventory
// chart (`inventory`) read the same `fact_forecast` row groups over real HTTP; the second read costs
// no request and no decode, whatever the two date windows. The values are checked against the
// same calls made alone on fresh clients (whose values queries.test.ts checks against DuckDB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../src/node/index.js';
import type { NovaClient } from '../src/types.js';
// @ts-expect-error -- plain ESM helper without types
import { startStaticServer } from '../../../scripts/static-server.mjs';
// @ts-expect-error -- plain ESM helper without types
import { goldDir } from './support/reference.mjs';

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

test('the forecast chart and the inventory chart of one item: fact_forecast row groups fetched and decoded once', async () => {
  const alone = await withClient(async (c, reads) => ({ ts: await c.timeseries(window), reads: reads() }));
  const inventoryAlone = await withClient((c) => c.inventory({ itemId: item, end: window.end }));
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
      assert.ok(inv.projection.length > 0, `${order}: the projection is drawn from forecasts`);
    });
  }
});
