/** Bounds of an {@link Lru}: it never holds more than `maxEntries` entries nor `maxBytes` bytes (by estimate). */
export interface LruLimits {
  /** Most entries kept (integer ≥ 0). */
  maxEntries: number;
  /** Most bytes kept, by the weights given to `set` (≥ 0). */
  maxBytes: number;
}

/**
 * A map bounded by entries and bytes that evicts the least recently used entries first. An entry
 * heavier than `maxBytes` on its own is not kept at all (the caller still has its value).
 */
export class Lru<V> {
  private readonly map = new Map<string, { value: V; bytes: number }>();
  private total = 0;
  readonly limits: LruLimits;

  constructor(limits: LruLimits) {
    this.limits = limits;
  }

  /** Entries held. */
  get size(): number {
    return this.map.size;
  }

  /** Bytes held (the sum of the entries' weights). */
  get bytes(): number {
    return this.total;
  }

  /** The value of `key`, marking it most recently used. */
  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  /** The value of `key`, leaving the order alone. */
  peek(key: string): V | undefined {
    return this.map.get(key)?.value;
  }

  /** Keeps `value` under `key` as the most recently used entry, weighing `bytes`; evicts to fit. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.limits.maxBytes || this.limits.maxEntries < 1) return;
    this.map.set(key, { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.map) {
      if (this.map.size <= this.limits.maxEntries && this.total <= this.limits.maxBytes) break;
      this.map.delete(k);
      this.total -= e.bytes;
    }
  }

  /** Removes `key`; true when it was there. */
  delete(key: string): boolean {
    const e = this.map.get(key);
    if (!e) return false;
    this.map.delete(key);
    this.total -= e.bytes;
    return true;
  }

  /** Removes every entry for which `drop(value, key)` is true. */
  deleteWhere(drop: (value: V, key: string) => boolean): void {
    for (const [k, e] of this.map) if (drop(e.value, k)) this.delete(k);
  }

  /** Removes everything. */
  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}

/** Elements of a long array weighed one by one; beyond this, a sample of them stands for the rest. */
const SAMPLE = 32;

/**
 * A rough estimate of the heap bytes a plain value takes (objects, arrays, strings, numbers, byte
 * arrays), for cache budgets. Arrays longer than 64 are weighed from an evenly spread sample of
 * 32 elements, so a 100,000-row result costs microseconds to weigh.
 */
export function approxBytes(v: unknown, depth = 0): number {
  switch (typeof v) {
    case 'string':
      return 16 + 2 * v.length;
    case 'bigint':
      return 16;
    case 'object':
      break;
    default:
      return 8;
  }
  if (v === null) return 8;
  if (v instanceof ArrayBuffer) return 64 + v.byteLength;
  if (ArrayBuffer.isView(v)) return 64 + v.byteLength;
  if (depth > 8) return 64;
  if (Array.isArray(v)) {
    const n = v.length;
    if (n <= 2 * SAMPLE) return v.reduce((s: number, x) => s + approxBytes(x, depth + 1), 16 + 8 * n);
    let sampled = 0;
    for (let i = 0; i < SAMPLE; i++) sampled += approxBytes(v[Math.floor((i * n) / SAMPLE)], depth + 1);
    return 16 + 8 * n + Math.ceil((sampled / SAMPLE) * n);
  }
  let bytes = 32;
  for (const key in v as Record<string, unknown>) bytes += 8 + approxBytes((v as Record<string, unknown>)[key], depth + 1);
  return bytes;
}
