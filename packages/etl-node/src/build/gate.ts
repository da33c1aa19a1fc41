import { rejectLimit, type InputKind, type NovaConfig } from '../config.js';
import type { Db } from '../db.js';
import type { IngestedFile } from '../ingest/types.js';

/**
 * One unit the gate measures: an input kind (all its files), a forecast source (`forecast source
 * <name>`), or a forecast file for the rows rejected before their source was known.
 */
export interface GateInput {
  input: string;
  kind: InputKind;
  files: string[];
  rows_read: number;
  rows_quarantined: number;
  fraction: number;
  limit: number;
  passed: boolean;
}

/** The quality gate's verdict, recorded in `quality.json` and shown by `inspect`. */
export interface GateReport {
  /** True when every input is within its limit and every file held data. */
  passed: boolean;
  /** The build published although the gate failed (`--allow-partial`). */
  allow_partial: boolean;
  /** Why the gate failed, one line each (empty when it passed). */
  failures: string[];
  inputs: GateInput[];
  /** Quarantined rows per file and code. */
  rejected: { file: string; code: string; rows: number; first_line: number; first_reason: string }[];
}

const STATUS_TEXT = {
  empty: 'is empty (no header, no rows)',
  header_only: 'has a header and no data rows',
  unreadable: 'is unreadable',
} as const;

/**
 * The quality gate: every file must hold data (not empty, header-only or unreadable), and the
 * fraction of quarantined rows must stay within `max_reject_fraction` per input kind (items,
 * sites, consumption, inventory) and per forecast source; rows rejected before their source was
 * read (no metadata, ragged) are measured against their forecast file. `rows` are the per-file
 * counts of the build.
 */
export async function qualityGate(
  db: Db,
  files: IngestedFile[],
  rows: { file: string; kind: InputKind; rows_read: number; rows_quarantined: number }[],
  config: NovaConfig,
  allowPartial: boolean,
): Promise<GateReport> {
  const failures: string[] = [];
  for (const f of files) {
    if (f.status === 'ok') continue;
    const why = f.status === 'unreadable' ? f.rejects[0]?.reason.replace(`${f.file}: `, '') ?? '' : '';
    failures.push(`${f.file} ${STATUS_TEXT[f.status]}${why ? `: ${why}` : ''}`);
  }
  const units = new Map<string, GateInput>();
  const add = (key: string, kind: InputKind, file: string, read: number, bad: number) => {
    const u = units.get(key) ?? { input: key, kind, files: [], rows_read: 0, rows_quarantined: 0, fraction: 0, limit: rejectLimit(config, kind), passed: true };
    if (!u.files.includes(file)) u.files.push(file);
    u.rows_read += read;
    u.rows_quarantined += bad;
    units.set(key, u);
  };
  for (const r of rows) if (r.kind !== 'forecasts') add(r.kind, r.kind, r.file, r.rows_read, r.rows_quarantined);
  // Forecasts: one unit per source (kept rows + rejected rows whose source is known); rows
  // rejected before their source could be read (ragged, no metadata) count against their file.
  const forecastFiles = rows.filter((r) => r.kind === 'forecasts');
  if (forecastFiles.length) {
    const bySource = await db.all<{ source: string; file: string; kept: number; bad: number }>(
      `SELECT source, file, sum(kept)::INTEGER AS kept, sum(bad)::INTEGER AS bad FROM (
         SELECT source, file, n AS kept, 0 AS bad FROM silver_kept WHERE kind = 'forecasts'
         UNION ALL SELECT source, file, 0, 1 FROM quarantine WHERE source IS NOT NULL) -- only forecast rows carry a source
       GROUP BY ALL ORDER BY source, file`,
    );
    for (const s of bySource) add(`forecast source ${s.source}`, 'forecasts', s.file, Number(s.kept) + Number(s.bad), Number(s.bad));
    const unknown = new Map(
      (await db.all<{ file: string; n: number }>(`SELECT file, count(*)::INTEGER AS n FROM quarantine WHERE source IS NULL GROUP BY file`)).map((r) => [r.file, Number(r.n)]),
    );
    for (const r of forecastFiles) {
      const n = unknown.get(r.file) ?? 0;
      if (n > 0 || r.rows_read === 0) add(r.file, 'forecasts', r.file, r.rows_read, n);
    }
  }
  for (const u of units.values()) {
    u.fraction = u.rows_read === 0 ? 0 : u.rows_quarantined / u.rows_read;
    u.passed = u.fraction <= u.limit;
    if (!u.passed) {
      failures.push(`${u.input}: ${u.rows_quarantined} of ${u.rows_read} rows quarantined (${pct(u.fraction)} > limit ${pct(u.limit)})`);
    }
  }
  const rejected = (await db.all<GateReport['rejected'][number]>(
    `SELECT file, code, count(*)::INTEGER AS rows, min(line)::INTEGER AS first_line, arg_min(reason, line) AS first_reason
     FROM quarantine GROUP BY file, code ORDER BY file, rows DESC, code`,
  )).map((r) => ({ ...r, rows: Number(r.rows), first_line: Number(r.first_line) }));
  return { passed: failures.length === 0, allow_partial: allowPartial && failures.length > 0, failures, inputs: [...units.values()], rejected };
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))} %`;
}

/** The text of a failed gate: what failed, what was rejected per file and code, and what to do. */
export function gateMessage(g: GateReport): string {
  const lines = ['quality gate failed: nothing was published, the live snapshot is unchanged', ...g.failures.map((f) => `  ${f}`)];
  if (g.rejected.length) {
    lines.push('rejected rows by file and code:');
    for (const r of g.rejected.slice(0, 40)) lines.push(`  ${r.file}: ${r.code} × ${r.rows} (first, line ${r.first_line}: ${r.first_reason})`);
    if (g.rejected.length > 40) lines.push(`  … ${g.rejected.length - 40} more file/code pairs`);
  }
  lines.push('Fix the inputs, raise max_reject_fraction in nova.config.json, or rerun with --allow-partial to publish anyway (recorded in quality.json).');
  return lines.join('\n');
}
