import type { Item, NovaClient } from '@nova-corrente/core';

/** An attribute value the data does not know (unknown item, unknown source): shown as a message, no retry. */
export class InvalidInput extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInput';
  }
}

/** The item with exactly this id, or null. Goes through the client's item search (never SQL). */
export async function findItem(client: NovaClient, itemId: string, signal?: AbortSignal): Promise<Item | null> {
  const first = await client.items({ search: itemId, limit: 50, signal });
  const hit = first.items.find((i) => i.item_id === itemId);
  if (hit || first.total <= first.items.length) return hit ?? null;
  // A short id can be a substring of many others: page through every match.
  for (let offset = first.items.length; offset < first.total; offset += 500) {
    const page = await client.items({ search: itemId, limit: 500, offset, signal });
    const found = page.items.find((i) => i.item_id === itemId);
    if (found) return found;
    if (page.items.length === 0) break;
  }
  return null;
}

/** True when an SDK error says the item/argument is unknown rather than the fetch failing. */
export function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'not_found' || code === 'invalid_argument';
}
