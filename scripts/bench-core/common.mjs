// Pieces shared by the core benchmarks (bench-core.mjs, bench-core/ab.mjs, bench-core/profile.mjs).
import { chromium } from 'playwright-core';

/** Median of a list of numbers (the upper middle one for an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The 30 days ending at `asOf` (YYYY-MM-DD): the window every cold timeseries figure reads. */
export function last30Days(asOf) {
  return { start: new Date(Date.parse(`${asOf}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10), end: asOf };
}

/** Debian's headless Chromium, with nothing of its own on the network while it is measured. */
export const launchChromium = () => chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });

/** Every 37th of the gold's first 5,000 item ids (read with the Node SDK from the folder). */
export async function sampleItems(gold) {
  const { createClient } = await import('@nova-corrente/core/node');
  const node = await createClient({ url: gold });
  try {
    return (await node.items({ fields: [], limit: 5000 })).items.map((i) => i.item_id).filter((_, i) => i % 37 === 0);
  } finally {
    await node.close();
  }
}
