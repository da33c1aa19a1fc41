// Tampered files of a gold root read as a local folder (Node): corrupt_snapshot from sql() (its
// streamed SHA-256) and typed calls (file length, footer, SHA-256 of small files).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/node/index.js';
import { NovaError } from '../src/errors.js';
// @ts-expect-error -- plain ESM helper without types
import { goldDir } from './support/reference.mjs';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nova-tamper-folder-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof NovaError ? e.code : String(e);
  }
}

for (const [name, table, tamper] of [
  ['bit flip', 'dim_item', (f: string) => { const b = readFileSync(f); b[b.length >> 1] ^= 1; writeFileSync(f, b); }],
  ['appended bytes', 'fact_forecast', (f: string) => appendFileSync(f, Buffer.alloc(100))],
] as const) {
  test(`node/folder: ${name} in ${table} → corrupt_snapshot from sql() and the typed call`, async () => {
    const root = join(dir, name.replace(/\W/g, '-'));
    cpSync(goldDir(), root, { recursive: true });
    const m = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
    // nova-gold/1.2 lists fact files in the table's index (one JSON record per line): every one is tampered.
    const listed: { path: string }[] = m.tables[table].files
      ?? readFileSync(join(root, m.tables[table].index.path), 'utf8').split('\n').filter((l: string) => l.trim()).map((l: string) => JSON.parse(l));
    for (const f of listed) tamper(join(root, f.path));
    const nova = await createClient({ url: root });
    const [itemId] = (await nova.items({ limit: 1, fields: [] }).catch(() => ({ items: [{ item_id: 'MAT-000001' }] }))).items.map((i) => i.item_id);
    assert.equal(await code(nova.sql(`SELECT count(*) AS n FROM ${table}`)), 'corrupt_snapshot', 'sql()');
    const typed = table === 'dim_item' ? nova.items() : nova.timeseries({ itemId, start: m.as_of, end: m.as_of });
    assert.equal(await code(typed), 'corrupt_snapshot', 'typed call');
    assert.ok((await nova.sql<{ n: number }>('SELECT count(*) AS n FROM agg_item')).rows[0].n > 0, 'intact tables still answer');
    await nova.close();
  });
}
