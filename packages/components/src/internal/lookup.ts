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
  const { items } = await client.items({ search: itemId, limit: 50, signal });
  return items.find((i) => i.item_id === itemId) ?? null;
}

/** True when an SDK error says the item/argument is unknown rather than the fetch failing. */
export function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'not_found' || code === 'invalid_argument';
}
