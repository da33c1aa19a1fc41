// A small, clean raw folder written by code so each test can break exactly one thing.
// Hand-checkable numbers: item I<n> consumes n units on every day 2026-03-01..10 at its site.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Options of {@link writeRaw}. */
export interface RawOptions {
  items?: number;
  /** Days of consumption from 2026-03-01 (default 10). */
  days?: number;
  /** Site column in consumption and inventory (per-site rows), e.g. ['SSA', 'REC']; default none. */
  sites?: string[];
  /** Forecast rows carry these sites (default: none → national forecasts without a site column). */
  forecastSites?: string[];
}

const day = (i: number) => `2026-03-${String(i + 1).padStart(2, '0')}`;

/** Writes items.csv, consumption.csv, inventory.csv, forecasts/f.csv + f.meta.json into `raw`. */
export function writeRaw(raw: string, opts: RawOptions = {}): { items: string[] } {
  const n = opts.items ?? 40;
  const days = opts.days ?? 10;
  const sites = opts.sites;
  mkdirSync(join(raw, 'forecasts'), { recursive: true });
  const items = Array.from({ length: n }, (_, i) => `I${i + 1}`);
  writeFileSync(
    join(raw, 'items.csv'),
    ['item_id,name,unit_cost,lead_time_days,min_order_qty,criticality', ...items.map((id) => `${id},Part ${id},2.5,7,1,B`)].join('\n') + '\n',
  );
  const cons = [sites ? 'date,item_id,site_id,quantity' : 'date,item_id,quantity'];
  for (let d = 0; d < days; d++) {
    for (const [k, id] of items.entries()) {
      if (sites) for (const s of sites) cons.push(`${day(d)},${id},${s},${k + 1}`);
      else cons.push(`${day(d)},${id},${k + 1}`);
    }
  }
  writeFileSync(join(raw, 'consumption.csv'), cons.join('\n') + '\n');
  const inv = [sites ? 'date,item_id,site_id,on_hand,on_order' : 'date,item_id,on_hand,on_order'];
  for (const [k, id] of items.entries()) {
    if (sites) for (const [j, s] of sites.entries()) inv.push(`${day(days - 1)},${id},${s},${100 * (k + 1) + j},0`);
    else inv.push(`${day(days - 1)},${id},${100 * (k + 1)},0`);
  }
  writeFileSync(join(raw, 'inventory.csv'), inv.join('\n') + '\n');
  const fs = opts.forecastSites;
  const fc = [fs ? 'item_id,site_id,date,forecast,forecast_lo,forecast_hi' : 'item_id,date,forecast,forecast_lo,forecast_hi'];
  for (let d = 0; d < days + 10; d++) {
    for (const [k, id] of items.entries()) {
      if (fs) for (const s of fs) fc.push(`${id},${s},${day(d)},${k + 1},${k},${k + 2}`);
      else fc.push(`${id},${day(d)},${k + 1},${k},${k + 2}`);
    }
  }
  writeFileSync(join(raw, 'forecasts', 'f.csv'), fc.join('\n') + '\n');
  writeFileSync(
    join(raw, 'forecasts', 'f.meta.json'),
    JSON.stringify({ source: 'ens', model_version: 'ens-1', generated_at: `${day(days - 1)}T06:00:00Z`, dataset_id: 'ds-1' }),
  );
  return { items };
}
