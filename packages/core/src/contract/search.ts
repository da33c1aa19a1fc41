import { searchFold } from '../text.js';

/** The words of a folded text: runs of letters and digits. */
function words(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/**
 * The `search_item` tokens of one item (contract nova-gold/1.2): the words of its folded id, SKU and
 * name (`searchFold`), plus its whole folded id and SKU; sorted, unique.
 */
export function searchTokens(itemId: string, sku: string | null, name: string | null): string[] {
  const id = searchFold(itemId);
  const s = searchFold(sku ?? '');
  const n = searchFold(name ?? '');
  const all = new Set([...words(id), ...words(s), ...words(n), id, s].filter((t) => t !== ''));
  return [...all].sort();
}

/**
 * The token prefixes a search looks up in `search_item` (an item matches only when one of its
 * tokens starts with one of them, then its folded id, SKU or name contains the whole search): the
 * search itself when it has no space (an id, a SKU or a word), and its longest word (the first of equal length) when it has
 * several. Empty for a blank search.
 */
export function searchKeys(search: string): string[] {
  const needle = searchFold(search).trim();
  if (needle === '') return [];
  const ws = words(needle);
  const keys = new Set<string>();
  if (!/\s/u.test(needle)) keys.add(needle);
  const longest = ws.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest !== '' && (ws.length > 1 || /\s/u.test(needle))) keys.add(longest);
  if (keys.size === 0) keys.add(needle);
  return [...keys];
}

/** Whether an item matches a search: its folded id, SKU or name contains the folded search. */
export function searchMatches(search: string, itemId: string, sku: string | null, name: string | null): boolean {
  const needle = searchFold(search).trim();
  return searchFold(`${itemId}\u0000${sku ?? ''}\u0000${name ?? ''}`).includes(needle);
}
