import type { DemoItem } from './catalog.js';
import { draws } from './rng.js';
import { dailySigma, expectedSum } from './shape.js';

/** A warehouse of the demo. `mult` scales demand (Salvador is the main one). */
export interface DemoSite {
  site_id: string;
  name: string;
  state: string;
  region: string;
  mult: number;
}

/** The three Nova Corrente warehouses of the demo. */
export const SITES: DemoSite[] = [
  { site_id: 'SSA', name: 'Salvador', state: 'BA', region: 'Nordeste', mult: 1 },
  { site_id: 'REC', name: 'Recife', state: 'PE', region: 'Nordeste', mult: 0.75 },
  { site_id: 'FOR', name: 'Fortaleza', state: 'CE', region: 'Nordeste', mult: 0.6 },
];

/** How the stock of one item at one site is run, which decides its risk class at `asOf`. */
export type Stance = 'normal' | 'low' | 'overstock' | 'stockout';

/** One item stocked at one site: demand scale and replenishment policy. */
export interface DemoSeries {
  /** 0-based, in (item_id, site_id) order. */
  sid: number;
  item: DemoItem;
  site: DemoSite;
  /** Demand multiplier of this item at this site. */
  mult: number;
  /** Review period in days (a multiple of 7: orders are placed on Mondays). */
  review: number;
  /** Which Monday of the review cycle orders are placed on (0 … review/7 − 1). */
  phase: number;
  /** Order-up-to level S (inventory position after each order). */
  level: number;
  /** Day index after which no delivery arrives (supplier backlog), or a large number. */
  freeze: number;
  /** Day index after which no order is placed (purchasing paused), or a large number. */
  pause: number;
  stance: Stance;
  /** Croston/SBA level bias (its forecasts are off by this factor). */
  bias: number;
  /** Whether the croston_sba export covers this series (intermittent and lumpy demand only). */
  croston: boolean;
}

const NO_FREEZE = 1_000_000_000;

/** Which sites stock an item: most items one site (mostly Salvador), some two, a few all three. */
function sitesOf(seed: number, item: DemoItem): DemoSite[] {
  const r = draws(seed, 3, item.index);
  const [ssa, rec, fort] = SITES;
  const n = r.u(1);
  const w = r.u(2);
  if (n < 0.7) return [w < 0.6 ? ssa : w < 0.85 ? rec : fort];
  if (n < 0.9) return w < 0.5 ? [ssa, rec] : w < 0.85 ? [ssa, fort] : [rec, fort];
  return SITES.slice();
}

/** Rounds a quantity up to the item's step. */
function toStep(v: number, step: number): number {
  return Math.max(step, Math.ceil(v / step) * step);
}

/**
 * Expands the catalog into item × site series with a replenishment policy: periodic review
 * (weekly for A, fortnightly for B, every four weeks for C), order-up-to level S sized by stance.
 * About 72 % normal (on hand covers the lead time plus some safety stock), 17 % whose purchasing
 * paused weeks before `asOf` (below the reorder point by then), 8 % overstocked (> 220 days of
 * cover) and 3 % whose supplier stopped delivering (stocked out by then).
 */
export function buildSeries(items: DemoItem[], seed: number, days: number, startMs: number): DemoSeries[] {
  const out: DemoSeries[] = [];
  for (const item of items) {
    const sites = sitesOf(seed, item).sort((a, b) => (a.site_id < b.site_id ? -1 : 1));
    for (const site of sites) {
      const r = draws(seed, 4, item.index, SITES.indexOf(site));
      const mult = site.mult * r.uniform(1, 0.7, 1.3);
      const review = item.criticality === 'A' ? 7 : item.criticality === 'B' ? 14 : 28;
      const L = item.lead_time_days;
      // Expected daily demand over the last 8 weeks and over the 30 days after asOf (what the ETL's
      // reorder point will use); the count that decides the risk class is the last Monday.
      const count = days - 1 - ((days - 1 - new Date(startMs).getUTCDay() + 8) % 7);
      const mu = expectedSum(item, mult, days - 56, days, startMs) / 56;
      const muNext = expectedSum(item, mult, days, days + 30, startMs) / 30;
      const base = mu * (L + review); // order-up-to level covering a review cycle plus the lead time
      const z = item.criticality === 'A' ? 2.33 : item.criticality === 'B' ? 1.64 : 1.28;
      const safety = 0.7 * z * dailySigma(item, mult) * Math.sqrt(L);
      const s = r.u(2);
      const stance: Stance = s < 0.03 ? 'stockout' : s < 0.2 ? 'low' : s < 0.28 ? 'overstock' : 'normal';
      let level: number;
      let freeze = NO_FREEZE;
      let pause = NO_FREEZE;
      if (stance === 'normal') level = base + Math.min(muNext * L * r.uniform(3, 1.15, 1.4) + 0.6 * safety, muNext * 150);
      else if (stance === 'overstock') level = base + muNext * r.uniform(3, 220, 450) + safety;
      else if (stance === 'low') {
        // Purchasing paused: the pipeline has arrived; on hand still covers the lead time but sits under the reorder point.
        pause = Math.max(0, count - L - review - 7);
        level = muNext * L + 0.45 * safety + expectedSum(item, mult, Math.max(0, pause - review / 2), count, startMs);
      } else {
        // Supplier stopped delivering: stock drains to zero while orders pile up.
        level = base + mu * L * r.uniform(3, 0.1, 0.4);
        const drainDays = (1.3 * level) / Math.max(mu, 1e-6) - L - review / 2;
        freeze = Math.max(0, Math.round(days - 1 - Math.max(7, drainDays)));
      }
      out.push({
        sid: out.length,
        item,
        site,
        mult,
        review,
        phase: r.int(5, 0, review / 7 - 1),
        level: toStep(level, item.step),
        freeze,
        pause,
        stance,
        bias: r.uniform(4, 0.75, 1.3),
        croston: item.pattern !== 'steady',
      });
    }
  }
  return out;
}
