import { createContext } from '@lit/context';
import type { NovaClient } from '@nova-corrente/core';

/**
 * The client shared by `<nova-provider>` / `<nova-dashboard>` with the elements inside them.
 * A promise, so elements can wait for a client that is still being created.
 */
export const novaClientContext = createContext<Promise<NovaClient> | undefined>(Symbol.for('nova-client'));
