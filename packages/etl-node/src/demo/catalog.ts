import { draws } from './rng.js';
import { FAMILIES, type Pattern, type Template } from './templates.js';

/** One catalog item: the `items.csv` columns plus the hidden demand parameters the SQL uses. */
export interface DemoItem {
  /** 1-based position in the catalog. */
  index: number;
  /** `MAT-000123`. */
  item_id: string;
  sku: string;
  name: string;
  family: string;
  unit: string;
  /** BRL, two decimals. */
  unit_cost: number;
  currency: 'BRL';
  lead_time_days: number;
  min_order_qty: number;
  criticality: 'A' | 'B' | 'C';
  pattern: Pattern;
  /** Mean quantity per movement. */
  size: number;
  /** Quantity granularity: 0.5 for metres and kilos, 1 otherwise. */
  step: number;
  /** Daily probability of a movement at one warehouse, before season, trend, weekday and site. */
  rate: number;
  /** Rainy-season sensitivity. */
  rain: number;
  /** Yearly growth. */
  growth: number;
}

/** Stride through a template's variant combinations so a small catalog still spreads over them. */
function strideFor(k: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (const p of [7, 11, 13, 17, 19, 23, 29, 31, 37, 41]) if (p < k && gcd(p, k) === 1) return p;
  return 1;
}

function comboCount(tpl: Template): number {
  return tpl.parts.reduce((n, p) => n * p.length, 1);
}

/** The `c`-th combination of the template's parts, formatted. */
function comboName(tpl: Template, c: number): string {
  const values: string[] = [];
  for (let i = tpl.parts.length - 1; i >= 0; i--) {
    const part = tpl.parts[i];
    values[i] = part[c % part.length];
    c = Math.floor(c / part.length);
  }
  return tpl.fmt.replace(/\{(\d+)\}/g, (_, i: string) => values[Number(i)]);
}

/** Family index for catalog position `i`: a golden-ratio sequence over the cumulative weights (shares exact to ±1). */
function familyOf(i: number, seed: number): number {
  const total = FAMILIES.reduce((s, f) => s + f.weight, 0);
  const x = (((i + (seed % 1000)) * 0.6180339887498949) % 1) * total;
  let acc = 0;
  for (let f = 0; f < FAMILIES.length; f++) {
    acc += FAMILIES[f].weight;
    if (x < acc) return f;
  }
  return FAMILIES.length - 1;
}

/** Rounds a price: cents below 10 BRL, tens of cents below 1,000, whole reais above. */
function roundCost(v: number): number {
  if (v < 10) return Math.max(0.01, Math.round(v * 100) / 100);
  if (v < 1000) return Math.round(v * 10) / 10;
  return Math.round(v);
}

/**
 * Builds the deterministic demo catalog of `n` items for `seed`: unique ERP-style names, prices,
 * lead times, minimum order quantities, criticality and demand parameters.
 */
export function buildCatalog(n: number, seed: number): DemoItem[] {
  const used = FAMILIES.map((f) => f.templates.map(() => 0));
  const names = new Set<string>();
  const items: DemoItem[] = [];
  for (let i = 1; i <= n; i++) {
    const r = draws(seed, 1, i);
    const fi = familyOf(i, seed);
    const fam = FAMILIES[fi];
    const ti = Math.floor(r.u(1) * fam.templates.length);
    const tpl = fam.templates[ti];
    const k = comboCount(tpl);
    let name = '';
    for (;;) {
      const m = used[fi][ti]++;
      const c = (draws(seed, 2, fi, ti).int(0, 0, k - 1) + m * strideFor(k)) % k;
      const round = Math.floor(m / k);
      const suffix = round === 0 ? '' : round <= fam.suffixes.length ? ` - ${fam.suffixes[round - 1]}` : ` - MOD. ${round}`;
      name = comboName(tpl, c) + suffix;
      if (!names.has(name)) break;
    }
    names.add(name);
    const unit = tpl.unit;
    items.push({
      index: i,
      item_id: `MAT-${String(i).padStart(6, '0')}`,
      sku: `${fam.code}-${((i * 618031 + seed * 104729) % 900000) + 100000}`,
      name,
      family: fam.name,
      unit,
      unit_cost: roundCost(r.logUniform(2, tpl.cost[0], tpl.cost[1])),
      currency: 'BRL',
      lead_time_days: r.int(3, tpl.lead[0], tpl.lead[1]),
      min_order_qty: r.pick(4, tpl.moq),
      criticality: r.pick(5, tpl.crit.split('')) as DemoItem['criticality'],
      pattern: tpl.pattern,
      size: r.logUniform(6, tpl.size[0], tpl.size[1]),
      step: unit === 'M' || unit === 'KG' ? 0.5 : 1,
      rate: r.uniform(7, tpl.rate[0], tpl.rate[1]),
      rain: tpl.rain * r.uniform(8, 0.7, 1.3),
      growth: tpl.growth * r.uniform(9, 0.5, 1.5),
    });
  }
  return items;
}
