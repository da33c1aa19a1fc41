// Normalised SVG snapshots: numbers rounded to 1 decimal, ids renumbered, one element per line.
// A missing golden file is written; a mismatch writes `<name>-changed.svg` beside it and fails.
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const dir = join(import.meta.dirname, 'snapshots');

/** Rounds every number in the markup, renumbers ids and their references, breaks lines at tags. */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  let out = svg.replace(/\bid="([^"]+)"/g, (_m, id: string) => {
    if (!ids.has(id)) ids.set(id, `id${ids.size}`);
    return `id="${ids.get(id)}"`;
  });
  for (const [from, to] of ids) out = out.split(`#${from}`).join(`#${to}`);
  out = out.replace(/-?\d+\.\d+/g, (n) => {
    const r = Math.round(Number(n) * 10) / 10;
    return String(Object.is(r, -0) ? 0 : r);
  });
  return `${out.replace(/></g, '>\n<')}\n`;
}

/** Compares `svg` (normalised) with `snapshots/<name>.svg`. */
export function assertSvgSnapshot(name: string, svg: string): void {
  const golden = join(dir, `${name}.svg`);
  const changed = join(dir, `${name}-changed.svg`);
  const actual = normalizeSvg(svg);
  if (!existsSync(golden)) {
    writeFileSync(golden, actual);
    return;
  }
  const expected = readFileSync(golden, 'utf8');
  if (expected !== actual) {
    writeFileSync(changed, actual);
    assert.equal(actual, expected, `SVG snapshot ${name} changed; see ${changed}`);
  }
  rmSync(changed, { force: true });
}

/** Seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
