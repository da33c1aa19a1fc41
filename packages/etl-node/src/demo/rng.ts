/**
 * Seeded, stateless pseudo-random numbers for the JS side of the demo generator (catalog, sites,
 * stock policy). Every draw is a pure function of its keys, so adding a draw somewhere never shifts
 * the others and the same seed always gives the same catalog.
 */

/** 32-bit integer mix (lowbias32 by Chris Wellons). */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hashes integer keys to a uniform 32-bit unsigned integer. */
export function hash32(...keys: number[]): number {
  let h = 0x9e3779b9;
  for (const k of keys) h = mix32((h ^ mix32(k | 0)) + 0x632be5ab);
  return h;
}

/** A draw stream for one entity: `u(k)` is uniform in [0, 1) for each distinct key `k`. */
export interface Draws {
  /** Uniform in [0, 1). */
  u(k: number): number;
  /** Uniform in [lo, hi]. */
  uniform(k: number, lo: number, hi: number): number;
  /** Log-uniform in [lo, hi] (lo > 0): suits prices and sizes spread over orders of magnitude. */
  logUniform(k: number, lo: number, hi: number): number;
  /** Integer uniform in [lo, hi]. */
  int(k: number, lo: number, hi: number): number;
  /** One element of a non-empty array. */
  pick<T>(k: number, options: readonly T[]): T;
}

/** Creates the draw stream identified by `keys` (e.g. seed, entity kind, entity index). */
export function draws(...keys: number[]): Draws {
  const u = (k: number): number => hash32(...keys, k) / 4294967296;
  return {
    u,
    uniform: (k, lo, hi) => lo + (hi - lo) * u(k),
    logUniform: (k, lo, hi) => Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * u(k)),
    int: (k, lo, hi) => lo + Math.floor((hi - lo + 1) * u(k)),
    pick: (k, options) => options[Math.floor(options.length * u(k))],
  };
}
