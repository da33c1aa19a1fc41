// Shared by the measure-*.mjs scripts: a gold folder served on 127.0.0.1 (HTTP with Range, the
// static server `npm start` uses) that counts the bytes and requests of each cold SDK call.
import { createClient } from '@nova-corrente/core/node';
import { median } from './bench-core/common.mjs';
import { startStaticServer } from './static-server.mjs';

/**
 * Serves `gold` at `<url>` and returns `cold(label, fn, note?)`: RUNS times a fresh client
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
  return { url, cold, close: () => server.close() };
}
