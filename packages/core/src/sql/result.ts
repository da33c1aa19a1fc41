/** Plain JS values for SQL results, identical in Node and the browser. */

const DAY_MS = 86_400_000;

/** BIGINT/HUGEINT → number (exact below 2^53), DATE → `YYYY-MM-DD`, TIMESTAMP → ISO string. */
export function plainValue(type: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const t = type.toUpperCase();
  if (typeof v === 'bigint') return Number(v);
  if (t.startsWith('DATE')) {
    const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? (Math.abs(v) < 1e8 ? v * DAY_MS : v) : Date.parse(String(v));
    return new Date(ms).toISOString().slice(0, 10);
  }
  if (t.startsWith('TIMESTAMP')) {
    const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(String(v));
    return new Date(ms).toISOString();
  }
  return v;
}
