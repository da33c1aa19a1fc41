// The browser side of the shared test bodies: the page's gold at /gold/, references and fault
// servers through the web-test-runner middleware (support/wtr-plugin.mjs).
import { createClient } from '../../src/index.js';
import type { NovaClient } from '../../src/types.js';
import type { TestEnv } from '../shared/env.js';

let unhandled = 0;
window.addEventListener('unhandledrejection', () => unhandled++);

async function post<T>(what: string, payload: unknown): Promise<T> {
  const res = await fetch(`/__nova_core__/${what}`, { method: 'POST', body: JSON.stringify(payload) });
  if (!res.ok) throw new Error(`test middleware ${what}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Builds the browser env. */
export async function browserEnv(): Promise<TestEnv & { close(): Promise<void> }> {
  const info = (await (await fetch('/__nova_core__/env')).json()) as Pick<TestEnv, 'faults' | 'snapshots'>;
  const clients: NovaClient[] = [];
  return {
    runtime: 'browser',
    goldUrl: new URL('/gold/', location.href).href,
    async createClient(o) {
      const c = await createClient({ duckdbBundleUrl: '/__nova_core__/duckdb/', ...o });
      clients.push(c);
      return c;
    },
    ref: (name, args) => post('ref', { name, args }),
    faults: info.faults,
    snapshots: info.snapshots,
    async swap(which) {
      await post('swap', { to: which });
    },
    unhandled: () => unhandled,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

/** Mocha globals provided by web-test-runner. */
declare global {
  function it(name: string, fn: () => Promise<void>): void;
  function before(fn: () => Promise<void>): void;
  function after(fn: () => Promise<void>): void;
}
