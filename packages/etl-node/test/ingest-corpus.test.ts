/**
 * The ingest-level half of the malformed-input corpus (test/corpus): for every case, `ingestRaw`
 * alone must produce exactly the expected rejects whose codes belong to ingest, and every file's
 * rowsRead must equal its expected kept rows plus its expected quarantined rows.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../src/config.js';
import { INGEST_CODES, ingestRaw } from '../src/ingest/index.js';

interface Expected {
  why: string;
  exit: number;
  quarantine?: { file: string; line: number; column: string | null; code: string }[];
  kept?: Record<string, number>;
  stderr_includes?: string;
}

const CORPUS = join(import.meta.dirname, 'corpus');
const ingestCodes = new Set<string>(INGEST_CODES);
let staging: string;
before(async () => { staging = await mkdtemp(join(tmpdir(), 'nova-corpus-ingest-')); });
after(async () => { await rm(staging, { recursive: true, force: true }); });

describe('corpus, ingest level', () => {
  const cases = readdirSync(CORPUS).filter((d) => existsSync(join(CORPUS, d, 'expected.json'))).sort();
  test('the corpus has at least 25 cases, each with one line of why', () => {
    assert.ok(cases.length >= 25, `${cases.length} cases`);
    for (const c of cases) {
      const e = JSON.parse(readFileSync(join(CORPUS, c, 'expected.json'), 'utf8')) as Expected;
      assert.ok(e.why.length > 10 && !e.why.includes('\n'), `${c}: why`);
      assert.ok(e.exit === 0 || e.exit === 1, `${c}: exit`);
      assert.ok(e.exit === 1 ? !!e.stderr_includes : !!e.kept && !!e.quarantine, `${c}: exit 1 states stderr, exit 0 states quarantine and kept`);
    }
  });
  for (const name of cases) {
    const e = JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;
    test(`${name}: ${e.why}`, async () => {
      const files = await ingestRaw(join(CORPUS, name, 'raw'), structuredClone(DEFAULT_CONFIG), join(staging, name));
      const got = files.flatMap((f) => f.rejects).map((r) => `${r.file}:${r.line}:${r.column ?? ''}:${r.code}`).sort();
      if (e.exit === 1) {
        const reasons = files.flatMap((f) => f.rejects.map((r) => r.reason));
        if (reasons.length) assert.ok(reasons.every((r) => r.includes(e.stderr_includes!)), `reasons ${JSON.stringify(reasons[0])} include ${e.stderr_includes}`);
        return;
      }
      const want = e.quarantine!.filter((q) => ingestCodes.has(q.code)).map((q) => `${q.file}:${q.line}:${q.column ?? ''}:${q.code}`).sort();
      assert.deepEqual(got, want, 'ingest rejects');
      for (const f of files) {
        const quarantined = e.quarantine!.filter((q) => q.file === f.file).length;
        assert.equal(f.rowsRead, e.kept![f.file] + quarantined, `${f.file}: rowsRead = kept + quarantined`);
      }
    });
  }
});
