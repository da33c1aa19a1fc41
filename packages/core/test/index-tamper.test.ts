// A damaged nova-gold/1.2 file index: a chart that fetches one record and sql(), which reads the
// whole index, both answer corrupt_snapshot naming the index — never rows of another file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/node/index.js';
// @ts-expect-error -- plain ESM helper without types
import { goldDir } from './support/reference.mjs';

function copyGold(): { dir: string; m: any } {
  const dir = join(mkdtempSync(join(tmpdir(), 'nova-index-')), 'gold');
  cpSync(goldDir(), dir, { recursive: true });
  return { dir, m: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) };
}

test('an index record rewritten to name another snapshot\'s file, or made unreadable → corrupt_snapshot naming the index', async () => {
  const { dir, m } = copyGold();
  const t = m.tables.fact_forecast;
  assert.ok(t.index, 'the test gold is nova-gold/1.2');
  const path = join(dir, t.index.path);
  const text = readFileSync(path, 'utf8');
  const first = JSON.parse(text.slice(0, t.index.record_bytes));
  const nova0 = await createClient({ url: dir });
  const { items } = await nova0.items({ limit: 400, fields: [] });
  await nova0.close();
  for (const damaged of [
    JSON.stringify({ ...first, path: first.path.replace(m.snapshot_id, 'OTHER') }),
    '<html>not an index</html>',
  ]) {
    writeFileSync(path, damaged.padEnd(t.index.record_bytes - 1, ' ') + '\n' + text.slice(t.index.record_bytes));
    const nova = await createClient({ url: dir });
    try {
      // An item of bucket 0: with the test gold's few buckets, one of the first items is.
      let seen = 0;
      for (const it of items) {
        const r = await nova.timeseries({ itemId: it.item_id }).then(() => null, (e: Error & { code?: string }) => e);
        if (r === null) continue;
        assert.equal(r.code, 'corrupt_snapshot', r.message);
        assert.match(r.message, /fact_forecast\/index\.jsonl/);
        seen++;
        break;
      }
      assert.equal(seen, 1, 'some item lies in bucket 0 and its chart refuses the damaged record');
      await assert.rejects(nova.sql('SELECT count(*) AS n FROM fact_forecast'), (e: Error & { code?: string }) => e.code === 'corrupt_snapshot' && /index\.jsonl/.test(e.message));
    } finally {
      await nova.close();
    }
  }
});
