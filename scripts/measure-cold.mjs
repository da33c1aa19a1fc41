// Shared by the measure-*.mjs scripts: a gold folder served on 127.0.0.1 (HTTP with Range, the
// static server `npm start` uses) that counts the bytes and requests of each cold SDK call.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@nova-corrente/core/node';
import { median } from './bench-core/common.mjs';
import { startStaticServer } from './static-server.mjs';

/** Up to 2,000 item ids of the gold (the items the measure scripts sample their calls from). */
export async function itemIds(client) {
  return (await client.items({ limit: 2000, fields: [] })).items.map((i) => i.item_id);
}

/**
 * Serves `gold` at `<url>` and returns its `manifest`, `probe(fn)` (runs `fn(client)` on a client of
 * its own, outside the figures: what to ask for) and `cold(label, fn, note?)`: RUNS times a fresh client
 * (manifest read included) runs `fn(client, i)`; prints the median KB, requests and ms, then
 * `note(last result)` if given.
 */
export async function coldCalls(gold, { runs = Number(process.env.RUNS ?? 5), width = 44 } = {}) {
  let bytes = 0;
  let requests = 0;
  const server = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: gold }], onRequest: (e) => { bytes += e.bytes; requests++; } });
  const url = `${server.url}/gold/`;
  const cold = async (label, fn, note) => {
    const rs = [];
    let last;
    for (let i = 0; i < runs; i++) {
      bytes = 0; requests = 0;
      const t0 = performance.now();
      const nova = await createClient({ url });
      last = await fn(nova, i);
      rs.push({ kb: bytes / 1024, req: requests, ms: performance.now() - t0 });
      await nova.close();
    }
    const m = (k) => median(rs.map((r) => r[k]));
    console.log(`  ${label.padEnd(width)} ${m('kb').toFixed(1).padStart(9)} KB ${String(m('req')).padStart(4)} req ${m('ms').toFixed(0).padStart(6)} ms${note ? `   ${note(last)}` : ''}`);
  };
  const probe = async (fn) => {
    const client = await createClient({ url });
    try {
      return await fn(client);
    } finally {
      await client.close();
    }
  };
  const manifest = JSON.parse(readFileSync(join(gold, 'manifest.json'), 'utf8'));
  return { url, manifest, probe, cold, close: () => server.close() };
}
