/** Pure sorting of table rows by one key; nulls last whatever the direction; ties keep input order. */
export function sortRows<T>(rows: readonly T[], key: keyof T, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => [r, i] as const)
    .sort(([a, ia], [b, ib]) => {
      const va = a[key] as unknown;
      const vb = b[key] as unknown;
      const na = va === null || va === undefined;
      const nb = vb === null || vb === undefined;
      if (na || nb) return na === nb ? ia - ib : na ? 1 : -1;
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'pt-BR');
      return c === 0 ? ia - ib : sign * c;
    })
    .map(([r]) => r);
}
