import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkManifest, columnsInVersion, contractVersion, itemBucketSql, TABLES, TABLE_NAMES, versionAtLeast,
  type ContractVersion, type Manifest, type TableFile, type TableName,
} from '@nova-corrente/core/contract';
import { ident, lit, openDb } from '../db.js';
import { sha256File } from './files.js';
import { checkSearchRanges } from './validate-search.js';
import { itemLabelProblem } from './validate-label.js';
import { allSitesProblem } from './validate-all-sites.js';
import { readIndex } from './listing.js';
import { readManifest } from './root.js';

/** Result of validating a gold root. */
export interface ValidationReport {
  gold: string;
  ok: boolean;
  snapshot_id: string | null;
  /** The contract the manifest declares. */
  contract: string | null;
  problems: string[];
  /** Checks that ran, for the human output. */
  checked: { files: number; rows: number };
}

/**
 * Checks a gold root against the contract version its manifest declares (`nova-gold/1` … `1.5`;
 * an older gold need not have what a later version added): the manifest's structure, the
 * file indexes of 1.2 (size, SHA-256, one record per bucket), then every file — present, size and
 * SHA-256 as recorded, row count, column names and types, no null keys, sorted by key, item ranges
 * (1.0/1.1) or item placement by bucket (1.2) as recorded — and, from 1.4, that agg_item's label
 * equals dim_item's on every row; from 1.5, that agg_daily has all-sites rows exactly when an item
 * has forecasts both without a site and per site. Works on gold written by any tool.
 */
export async function validateGold(goldDir: string): Promise<ValidationReport> {
  const report: ValidationReport = { gold: goldDir, ok: false, snapshot_id: null, contract: null, problems: [], checked: { files: 0, rows: 0 } };
  let manifest: Manifest | null;
  try {
    manifest = await readManifest(goldDir);
  } catch (err) {
    report.problems.push((err as Error).message);
    return report;
  }
  if (!manifest) {
    report.problems.push(`no manifest.json in ${goldDir}`);
    return report;
  }
  report.snapshot_id = manifest.snapshot_id ?? null;
  report.contract = typeof manifest.contract === 'string' ? manifest.contract : null;
  report.problems.push(...checkManifest(manifest));
  if (report.problems.length) return report;
  const db = await openDb();
  try {
    const version = contractVersion(manifest.contract) ?? '1.1';
    const read = (p: string) => readFile(join(goldDir, p)).then((b) => new Uint8Array(b), () => null);
    // The files of the tables the 1.4 label rule compares, once each file has passed its own checks.
    // …and those the 1.5 all-sites rule looks at.
    const ruleFiles = { agg_item: [] as string[], dim_item: [] as string[], fact_forecast: [] as string[], agg_daily: [] as string[] };
    for (const name of TABLE_NAMES) {
      const t = manifest.tables[name];
      if (!t) continue;
      let files: TableFile[];
      try {
        files = await readIndex(manifest, name, read);
      } catch (err) {
        report.problems.push((err as Error).message);
        continue;
      }
      if (t.index) {
        const rows = files.reduce((n, f) => n + f.rows, 0);
        if (rows !== t.rows) report.problems.push(`${t.index.path}: its files hold ${rows} rows, manifest says ${t.rows}`);
        report.checked.files++;
      }
      for (const [bucket, f] of files.entries()) {
        const abs = join(goldDir, f.path);
        const problems = await checkFile(db, name, abs, f, version, t.placement?.column === 'item_id' ? { bucket, buckets: t.placement.buckets } : undefined);
        report.problems.push(...problems.map((p) => `${f.path}: ${p}`));
        if (name in ruleFiles && problems.length === 0 && f.rows > 0) ruleFiles[name as keyof typeof ruleFiles].push(f.path);
        report.checked.files++;
        report.checked.rows += f.rows;
      }
    }
    report.problems.push(...(await checkSearchRanges(db, goldDir, manifest)));
    const rel = (paths: string[]) => `read_parquet([${paths.map((p) => lit(join(goldDir, p))).join(', ')}])`;
    if (versionAtLeast(version, '1.4') && ruleFiles.agg_item.length && ruleFiles.dim_item.length) {
      const label = await itemLabelProblem(db, rel(ruleFiles.agg_item), rel(ruleFiles.dim_item));
      if (label) report.problems.push(label);
    }
    if (versionAtLeast(version, '1.5') && ruleFiles.fact_forecast.length && ruleFiles.agg_daily.length) {
      const allSites = await allSitesProblem(db, rel(ruleFiles.fact_forecast), rel(ruleFiles.agg_daily));
      if (allSites) report.problems.push(allSites);
    }
    try {
      await stat(join(goldDir, manifest.quality.quarantine_path));
    } catch {
      report.problems.push(`quarantine file ${manifest.quality.quarantine_path} is missing`);
    }
    for (const i of manifest.quality.inputs ?? []) {
      if (i.rows_read !== i.rows_kept + i.rows_quarantined) {
        report.problems.push(`quality: ${i.file} read ${i.rows_read} != kept ${i.rows_kept} + quarantined ${i.rows_quarantined}`);
      }
    }
  } finally {
    db.close();
  }
  report.ok = report.problems.length === 0;
  return report;
}

/** Checks one file of a table against its manifest (or index) entry and the contract; returns its problems. */
export async function checkFile(
  db: Awaited<ReturnType<typeof openDb>>,
  name: TableName,
  abs: string,
  f: TableFile,
  version: ContractVersion,
  placement?: { bucket: number; buckets: number },
): Promise<string[]> {
  const out: string[] = [];
  let size: number;
  try {
    size = (await stat(abs)).size;
  } catch {
    return ['file is missing'];
  }
  if (size !== f.bytes) out.push(`size is ${size} bytes, manifest says ${f.bytes}`);
  if ((await sha256File(abs)) !== f.sha256) {
    out.push('SHA-256 differs from the manifest (file changed or corrupt)');
    return out;
  }
  const spec = TABLES[name];
  let cols: { column_name: string; column_type: string }[];
  try {
    cols = await db.all(`DESCRIBE SELECT * FROM read_parquet(${lit(abs)})`);
  } catch (err) {
    return [...out, `not a readable Parquet file: ${(err as Error).message.split('\n')[0]}`];
  }
  const types = new Map(cols.map((c) => [c.column_name, c.column_type]));
  for (const c of columnsInVersion(name, version)) {
    const t = types.get(c.name);
    if (!t) out.push(`column ${c.name} is missing`);
    else if (!(t === c.type || (c.type === 'TIMESTAMP' && t.startsWith('TIMESTAMP')))) out.push(`column ${c.name} is ${t}, contract says ${c.type}`);
  }
  if (out.length) return out;
  const key = spec.sortKey.map(ident);
  const keyNulls = spec.sortKey.map((k) => `${ident(k)} IS NULL`).join(' OR ');
  const tuple = `(${key.join(', ')})`;
  const lagTuple = `(${key.map((k) => `lag(${k}) OVER (ORDER BY file_row_number)`).join(', ')})`;
  const r = await db.one<{ rows: number; null_keys: number; unsorted: number; lo: string | null; hi: string | null }>(
    `SELECT count(*)::BIGINT AS rows, count(*) FILTER (WHERE ${keyNulls})::BIGINT AS null_keys,
       count(*) FILTER (WHERE file_row_number > 0 AND prev > cur)::BIGINT AS unsorted,
       ${spec.columns.some((c) => c.name === 'item_id') ? 'min(item_id) AS lo, max(item_id) AS hi' : 'NULL AS lo, NULL AS hi'}
     FROM (SELECT *, ${tuple} AS cur, ${lagTuple} AS prev FROM read_parquet(${lit(abs)}, file_row_number = true))`,
  );
  if (Number(r?.rows) !== f.rows) out.push(`holds ${r?.rows} rows, manifest says ${f.rows}`);
  if (Number(r?.null_keys) > 0) out.push(`${r?.null_keys} rows have a null key (${spec.sortKey.join(', ')})`);
  if (Number(r?.unsorted) > 0) out.push(`${r?.unsorted} rows out of order for sort key (${spec.sortKey.join(', ')})`);
  if (f.min_item_id !== undefined && (r?.lo !== f.min_item_id || r?.hi !== f.max_item_id)) {
    out.push(`item range is ${r?.lo}…${r?.hi}, manifest says ${f.min_item_id}…${f.max_item_id}`);
  }
  if (placement) {
    const bad = await db.one<{ n: number; item: string | null }>(
      `SELECT count(*)::BIGINT AS n, min(item_id) AS item FROM (SELECT DISTINCT item_id FROM read_parquet(${lit(abs)}))
       WHERE ${itemBucketSql('item_id', placement.buckets)} <> ${placement.bucket}`,
    );
    if (Number(bad?.n) > 0) out.push(`${bad?.n} items belong to another bucket (e.g. ${bad?.item}): file ${placement.bucket} of ${placement.buckets} holds only items whose bucket is ${placement.bucket}`);
  }
  return out;
}
