import type { Item, NovaClient } from '@nova-corrente/core';

/** An attribute value the data does not know (unknown item, unknown source): shown as a message, no retry. */
export class InvalidInput extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInput';
  }
}

/** What a chart shows of its item. */
export type ItemLabel = Pick<Item, 'item_id' | 'name' | 'unit'>;

/**
 * The item with exactly this id (its name and unit), or null: a pruned exact-id read of two
 * `dim_item` columns through the client (never SQL). Charts of one item share the cached answer.
 */
export async function findItem(client: NovaClient, itemId: string, signal?: AbortSignal): Promise<ItemLabel | null> {
  const { items } = await client.items({ ids: [itemId], fields: ['name', 'unit'], signal });
  return items[0] ?? null;
}

/** True when an SDK error says the item/argument is unknown rather than the fetch failing. */
export function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'not_found' || code === 'invalid_argument';
}
