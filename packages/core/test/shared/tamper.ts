// Tampered snapshot files (bit flip, truncation, appended bytes, a file swapped in from an earlier
// snapshot) give corrupt_snapshot from sql() and from the typed calls alike; a corrupt file of a
// snapshot the publisher has since replaced is recovered from by re-reading the manifest.
import type { Manifest } from '../../src/contract/index.js';
import { eq, ok, rejects } from './assert.js';
import type { Define, TestEnv } from './env.js';

export function tamperTests(def: Define, getEnv: () => TestEnv, label: string): void {
  const cases = [
    { root: 'flip', what: 'one bit flipped in dim_item', file: 'dim_item' },
    { root: 'cut', what: 'fact_forecast cut 64 bytes short', file: 'fact_forecast' },
    { root: 'append', what: '512 bytes appended to fact_forecast', file: 'fact_forecast' },
    { root: 'swapped', what: 'fact_forecast swapped for an earlier snapshot\'s file', file: 'fact_forecast' },
  ] as const;

  for (const c of cases) {
    def(`${label}: ${c.what} → corrupt_snapshot from sql() and typed calls`, async () => {
      const env = getEnv();
      const [itemId] = await env.ref<string[]>('sampleItems');
      const m = await env.ref<Manifest>('manifest');
      const nova = await env.createClient({ url: env.faults[c.root] });
      const typed = c.file === 'dim_item'
        ? () => nova.items()
        : () => nova.timeseries({ itemId, start: m.as_of, end: m.as_of });
      const e1 = await rejects(typed(), 'corrupt_snapshot', `typed call on ${c.root}`);
      ok(e1.message.includes(`${c.file}`), `message names the file: ${e1.message}`);
      const e2 = await rejects(nova.sql(`SELECT count(*) AS n FROM ${c.file}`), 'corrupt_snapshot', `sql() over the whole table on ${c.root}`);
      ok(e2.message.includes(`${c.file}`), `sql message names the file: ${e2.message}`);
      if (c.file === 'fact_forecast') {
        // One item's rows (the browser engine then reads that item's row groups, not the whole file).
        await rejects(nova.sql('SELECT count(*) AS n FROM fact_forecast WHERE item_id = ?', [itemId]), 'corrupt_snapshot', `sql() of one item on ${c.root}`);
      }
      await rejects(typed(), 'corrupt_snapshot', 'not cached as a success');
      // Files that are intact still answer.
      const other = c.file === 'dim_item' ? await nova.sql<{ n: number }>('SELECT count(*) AS n FROM agg_item') : await nova.items({ limit: 1 });
      ok('rows' in other ? other.rows[0].n > 0 : other.items.length === 1, 'intact tables still answer');
    });
  }

  def(`${label}: a corrupt file of a replaced snapshot → one retry, the manifest is re-read, the call answers from the new snapshot`, async () => {
    const env = getEnv();
    await env.swap('movedA');
    const nova = await env.createClient({ url: env.faults.moved });
    eq(nova.manifest.snapshot_id, env.snapshots.a, 'pinned to A');
    await rejects(nova.items({ limit: 1 }), 'corrupt_snapshot', 'A is corrupt while the manifest still names it');
    await env.swap('movedB');
    let seen = '';
    nova.on('snapshot', (mm) => (seen = mm.snapshot_id));
    const r = await nova.items({ limit: 1 });
    ok(r.items[0].name.startsWith('NOVO '), 'answered from B (its names carry NOVO)');
    eq(seen, env.snapshots.b, 'snapshot event for B');
    const s = await nova.sql<{ name: string }>('SELECT name FROM dim_item LIMIT 1');
    ok(s.rows[0].name.startsWith('NOVO '), 'sql() reads B too');
    await env.swap('movedA');
  });
}
