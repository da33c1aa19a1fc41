/**
 * The ingest-level half of the malformed-input corpus (test/corpus): for every case, `ingestRaw`
 * alone must produce exactly the expected rejects whose codes belong to ingest, and every file's
 * rowsRead must equal its expected kept rows plus its expected quarantined rows.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CONFIG, loadConfig } from '../src/config.js';
import { INGEST_CODES, ingestRaw } from '../src/ingest/index.js';

interface Expected {
  why: string;
  exit: number;
  quarantine?: { file: string; line: number; column: string | null; code: string }[];
  kept?: Record<string, number>;
  stderr_includes?: string;
  symlinks?: Record<string, string>;
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
      let raw = join(CORPUS, name, 'raw');
      if (e.symlinks) {
        raw = join(staging, `${name}-raw`);
        cpSync(join(CORPUS, name, 'raw'), raw, { recursive: true });
        for (const [link, target] of Object.entries(e.symlinks)) symlinkSync(target.startsWith('/') ? target : join(CORPUS, name, target), join(raw, link));
      }
      const cfgFile = join(raw, 'nova.config.json');
      const config = existsSync(cfgFile) ? await loadConfig(cfgFile) : structuredClone(DEFAULT_CONFIG);
      let files;
      try {
        files = await ingestRaw(raw, config, join(staging, name));
      } catch (err) {
        // The raw folder itself is refused (unread files, symbolic links): the build's message.
        assert.equal(e.exit, 1, (err as Error).message);
        assert.ok((err as Error).message.includes(e.stderr_includes!), (err as Error).message);
        return;
      }
      const got = files.flatMap((f) => f.rejects).map((r) => `${r.file}:${r.line}:${r.column ?? ''}:${r.code}`).sort();
      if (e.exit === 1) {
        // Ingest's part of a failed build: a file without data (the gate names it), or rejects whose
        // reason the build's message quotes. Cases failing later (silver codes, the gate's fraction) have neither.
        const empty = files.filter((f) => f.status !== 'ok');
        if (empty.length) assert.ok(empty.some((f) => e.stderr_includes!.includes(f.file)), `${empty.map((f) => f.file)} vs ${e.stderr_includes}`);
        const s = e.stderr_includes!;
        const reasons = files.flatMap((f) => f.rejects.map((r) => r.reason));
        if (reasons.length && !empty.length) assert.ok(reasons.every((r) => r.includes(s) || s.includes(r.slice(0, 40))), `reasons ${JSON.stringify(reasons[0])} vs ${s}`);
        return;
      }
      const want = e.quarantine!.filter((q) => ingestCodes.has(q.code)).map((q) => `${q.file}:${q.line}:${q.column ?? ''}:${q.code}`).sort();
      assert.deepEqual(got, want, 'ingest rejects');
      for (const f of files) {
        if (!(f.file in e.kept!)) continue;
        const quarantined = e.quarantine!.filter((q) => q.file === f.file).length;
        assert.equal(f.rowsRead, e.kept![f.file] + quarantined, `${f.file}: rowsRead = kept + quarantined`);
      }
    });
  }
});
