// The malformed-input corpus: each case in test/corpus/<case>/ is a small raw folder with one
// defect and an expected.json stating the exact outcome of `nova-etl build` (real CLI):
// exit code, the quarantine entries (file, line, column, code) and rows kept per file. `args` adds
// build options (e.g. --allow-partial to see the quarantine of a case the quality gate stops);
// `gate` states the quality gate's verdict in quality.json; `defaulted` the repaired item cells.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { query, runCli, tempDir } from './helpers.ts';

const CORPUS = new URL('./corpus/', import.meta.url).pathname;

interface Expected {
  why: string;
  exit: number;
  quarantine?: { file: string; line: number; column: string | null; code: string }[];
  kept?: Record<string, number>;
  stderr_includes?: string;
  /** Extra `nova-etl build` arguments. */
  args?: string[];
  /** The quality gate's verdict recorded in quality.json ('failed' means published with --allow-partial). */
  gate?: 'passed' | 'failed';
  /** Item cells repaired with a default: file:line:column:value. */
  defaulted?: string[];
  /** Files (relative to the raw folder) created as symbolic links: name → target (absolute or relative to the case folder). */
  symlinks?: Record<string, string>;
}

const cases = existsSync(CORPUS) ? readdirSync(CORPUS).filter((d) => existsSync(join(CORPUS, d, 'expected.json'))).sort() : [];

describe('malformed-input corpus', () => {
  it('has at least 25 cases', () => assert.ok(cases.length >= 25, `only ${cases.length} cases`));
  for (const name of cases) {
    const expected = JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;
    it(`${name}: ${expected.why}`, async () => {
      const dir = tempDir();
      cpSync(join(CORPUS, name, 'raw'), join(dir, 'raw'), { recursive: true });
      for (const [link, target] of Object.entries(expected.symlinks ?? {})) symlinkSync(target.startsWith('/') ? target : join(CORPUS, name, target), join(dir, 'raw', link));
      const gold = join(dir, 'gold');
      const r = await runCli(['build', '--input', join(dir, 'raw'), '--out', gold, '--json', '--quiet', ...(expected.args ?? [])]);
      assert.equal(r.code, expected.exit, `exit ${r.code}\n${r.stderr}`);
      if (expected.stderr_includes) assert.ok(r.stderr.includes(expected.stderr_includes), r.stderr);
      if (expected.exit !== 0) {
        assert.equal(existsSync(join(gold, 'manifest.json')), false, 'a rejected build must not publish');
        return;
      }
      const manifest = JSON.parse(r.stdout).manifest;
      const rows = await query<{ file: string; line: number; column: string | null; code: string }>(
        `SELECT file, line::INTEGER AS line, "column", code FROM read_csv('${join(gold, manifest.quality.quarantine_path)}', header=true, all_varchar=false) ORDER BY file, line, code`,
      );
      const norm = (q: { file: string; line: number; column: string | null; code: string }[]) =>
        q.map((x) => `${x.file}:${x.line}:${x.column ?? ''}:${x.code}`).sort();
      assert.deepEqual(norm(rows), norm(expected.quarantine ?? []));
      const quality = JSON.parse(readFileSync(join(gold, manifest.quality.report_path), 'utf8'));
      assert.equal(quality.gate.passed, (expected.gate ?? 'passed') === 'passed', `gate: ${JSON.stringify(quality.gate.failures)}`);
      assert.equal(quality.gate.allow_partial, expected.gate === 'failed');
      const defaulted = (quality.defaulted ?? []).map((d: { file: string; line: number; column: string; value: string }) => `${d.file}:${d.line}:${d.column}:${d.value}`);
      assert.deepEqual(defaulted.sort(), [...(expected.defaulted ?? [])].sort());
      for (const i of manifest.quality.inputs) {
        assert.equal(i.rows_read, i.rows_kept + i.rows_quarantined, i.file);
        if (expected.kept && i.file in expected.kept) assert.equal(i.rows_kept, expected.kept[i.file], `kept rows of ${i.file}`);
      }
    });
  }
});
