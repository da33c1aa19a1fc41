// A 60-million-row sql() result inside a Node process with a 1 GB heap: a capped result or a typed
// error, never a crash (before the limits, 40 M rows aborted the process on its heap limit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- plain ESM helper without types
import { goldDir } from './support/reference.mjs';

const entry = fileURLToPath(new URL('../src/node/index.ts', import.meta.url));
const SCRIPT = `
const { createClient } = await import(${JSON.stringify(entry)});
const nova = await createClient({ url: ${JSON.stringify(goldDir())} });
const q = "SELECT range AS r, 'padding padding padding' AS p FROM range(60000000)";
const out = {};
const capped = await nova.sql(q);
out.capped = { rows: capped.rows.length, truncated: capped.truncated, last: capped.rows.at(-1).r };
try {
  const all = await nova.sql(q, [], { maxRows: 60000000, timeoutMs: 280000 });
  out.raised = { rows: all.rows.length };
} catch (e) {
  out.raised = { code: e.code, message: e.message };
}
out.after = (await nova.sql('SELECT count(*) AS n FROM dim_item')).rows[0].n;
await nova.close();
console.log(JSON.stringify(out));
`;

test('node: 60 M rows under --max-old-space-size=1024 give a capped result, then too_large, and the process lives', () => {
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr.slice(-2000)}`);
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
  assert.deepEqual(out.capped, { rows: 100_000, truncated: true, last: 99_999 }, 'default cap');
  assert.equal(out.raised.code, 'too_large', `a raised cap stops at the heap guard: ${JSON.stringify(out.raised)}`);
  assert.match(out.raised.message, /heap/);
  assert.ok(out.after > 0, 'the client still answers');
});
