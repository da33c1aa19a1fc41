import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '@nova-corrente/core/contract';
import { DataError } from '../errors.js';
import { FolderStore } from '../store/folder.js';
import { scanSnapshots } from '../store/snapshots.js';
import { readManifest } from './root.js';

/** Machine-readable summary of a gold root (`inspect --json`). */
export interface InspectSummary {
  gold: string;
  contract: string;
  snapshot_id: string;
  created_at: string;
  age_hours: number;
  grain: string;
  as_of: string;
  date_range: Manifest['date_range'];
  ml: Manifest['ml'];
  tables: { name: string; rows: number; bytes: number; files: number }[];
  quality: { rows_read: number; rows_kept: number; rows_quarantined: number };
  previous_snapshot_id: string | null;
  snapshots_kept: string[];
  /** The snapshot's quality gate (from its quality.json); null when gold was written by another tool. */
  gate: { passed: boolean; allow_partial: boolean; failures: string[] } | null;
}

async function readGate(goldDir: string, m: Manifest): Promise<InspectSummary['gate']> {
  const path = m.quality?.report_path;
  if (!path || !/^snapshots\/[A-Za-z0-9._-]+\/quality\.json$/.test(path)) return null;
  try {
    const q = JSON.parse(await readFile(join(goldDir, path), 'utf8')) as { gate?: { passed: boolean; allow_partial: boolean; failures: string[] } };
    return q.gate ? { passed: q.gate.passed, allow_partial: q.gate.allow_partial, failures: q.gate.failures } : null;
  } catch {
    return null;
  }
}

/** Summarises a gold root's manifest: snapshot, freshness, tables, ML metadata, quality. */
export async function inspectGold(goldDir: string, now = new Date()): Promise<{ summary: InspectSummary; text: string }> {
  const m = await readManifest(goldDir);
  if (!m) throw new DataError(`no manifest.json in ${goldDir}`);
  const summary: InspectSummary = {
    gold: goldDir,
    contract: m.contract,
    snapshot_id: m.snapshot_id,
    created_at: m.created_at,
    age_hours: Math.round(((now.getTime() - Date.parse(m.created_at)) / 3_600_000) * 10) / 10,
    grain: m.grain,
    as_of: m.as_of,
    date_range: m.date_range,
    ml: m.ml,
    tables: Object.entries(m.tables ?? {}).map(([name, t]) => ({ name, rows: t.rows, bytes: t.bytes, files: t.files?.length ?? t.placement?.buckets ?? 0 })),
    quality: { rows_read: m.quality?.rows_read, rows_kept: m.quality?.rows_kept, rows_quarantined: m.quality?.rows_quarantined },
    previous_snapshot_id: m.previous_snapshot_id,
    snapshots_kept: [...(await scanSnapshots(new FolderStore(goldDir))).complete.keys()],
    gate: await readGate(goldDir, m),
  };
  const g = summary.gate;
  const gateLine = !g ? 'gate      (no quality.json)' : g.passed ? 'gate      passed' : `gate      FAILED, published with --allow-partial: ${g.failures.join('; ')}`;
  const lines = [
    `gold ${goldDir} (${m.contract})`,
    `snapshot  ${m.snapshot_id}  built ${m.created_at} (${summary.age_hours} h ago)`,
    `grain     ${m.grain}, as of ${m.as_of}, dates ${m.date_range.min} … ${m.date_range.max}`,
    `forecasts ${m.ml.map((s) => `${s.source} ${s.model_version} (generated ${s.generated_at}, dataset ${s.dataset_id})`).join('; ')}`,
    'tables:',
    ...summary.tables.map((t) => `  ${t.name.padEnd(15)} ${String(t.rows).padStart(10)} rows ${(t.bytes / 1e6).toFixed(2).padStart(9)} MB  ${t.files} file(s)`),
    `quality   read ${summary.quality.rows_read}, kept ${summary.quality.rows_kept}, quarantined ${summary.quality.rows_quarantined}`,
    gateLine,
    `kept      ${summary.snapshots_kept.join(', ') || '(none)'}; previous ${m.previous_snapshot_id ?? '(none)'}`,
  ];
  return { summary, text: lines.join('\n') };
}
