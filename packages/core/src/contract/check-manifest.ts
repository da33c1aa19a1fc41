import { CONTRACTS, GRAINS, ML_METADATA_FIELDS, TABLES, TABLE_NAMES, columnsInVersion, contractVersion, tableInVersion, versionAtLeast } from './tables.js';
import type { Manifest, ManifestTable } from './manifest.js';
import { PLACEMENT_HASH, SEARCH_SPLIT } from './placement.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Structural check of a parsed `manifest.json` against the contract it declares (`CONTRACTS`):
 * gold of an older version need not have the tables and columns a later one added.
 * Returns the list of problems (empty when the manifest conforms). It does not read any file.
 */
export function checkManifest(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['manifest.json is not a JSON object'];
  }
  const m = value as Partial<Manifest> & Record<string, unknown>;
  const version = contractVersion(m.contract);
  if (version === null) problems.push(`contract is ${JSON.stringify(m.contract)}, expected one of ${CONTRACTS.map((c) => `"${c}"`).join(', ')}`);
  if (typeof m.snapshot_id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(m.snapshot_id)) {
    problems.push('snapshot_id is missing or has characters other than letters, digits, ".", "_" and "-"');
  }
  if (typeof m.created_at !== 'string' || Number.isNaN(Date.parse(m.created_at))) problems.push('created_at is not an ISO timestamp');
  if (!GRAINS.includes(m.grain as never)) problems.push(`grain is ${JSON.stringify(m.grain)}, expected one of ${GRAINS.join(', ')}`);
  if (typeof m.as_of !== 'string' || !ISO_DATE.test(m.as_of)) problems.push('as_of is not a YYYY-MM-DD date');
  if (!m.date_range || !ISO_DATE.test(String(m.date_range.min)) || !ISO_DATE.test(String(m.date_range.max))) {
    problems.push('date_range must have min and max as YYYY-MM-DD dates');
  }
  if (!Array.isArray(m.ml) || m.ml.length === 0) {
    problems.push('ml must list at least one forecast source');
  } else {
    m.ml.forEach((s, i) => {
      for (const f of ML_METADATA_FIELDS) {
        if (typeof s?.[f] !== 'string' || s[f] === '') problems.push(`ml[${i}].${f} is missing`);
      }
    });
  }
  if (typeof m.tables !== 'object' || m.tables === null) {
    problems.push('tables is missing');
  } else {
    for (const name of TABLE_NAMES.filter((n) => tableInVersion(TABLES[n], version ?? '1.1'))) {
      const t = (m.tables as Record<string, Manifest['tables'][typeof name] | undefined>)[name];
      if (!t) {
        problems.push(`tables.${name} is missing`);
        continue;
      }
      const snapPrefix = `snapshots/${m.snapshot_id}/`;
      const spec = TABLES[name];
      const indexed = version !== null && versionAtLeast(version, spec.partitionedSince ?? '1.2') && spec.partitionedByItem;
      if (indexed) {
        problems.push(...checkIndexed(name, t, snapPrefix, spec.splitBy === 'token'));
      } else if (!Array.isArray(t.files) || t.files.length === 0) {
        problems.push(`tables.${name}.files is empty`);
        continue;
      } else {
        for (const f of t.files) {
          if (typeof f.path !== 'string' || !f.path.startsWith(snapPrefix) || f.path.includes('..') || !f.path.endsWith('.parquet')) {
            problems.push(`tables.${name}: file path ${JSON.stringify(f.path)} is not a .parquet file under ${snapPrefix}`);
          }
          if (!Number.isInteger(f.rows) || f.rows < 0) problems.push(`tables.${name}: ${f.path} has no valid row count`);
          if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) problems.push(`tables.${name}: ${f.path} has no sha256`);
        }
        const rows = t.files.reduce((s, f) => s + (f.rows || 0), 0);
        if (rows !== t.rows) problems.push(`tables.${name}.rows is ${t.rows} but its files hold ${rows}`);
      }
      // From nova-gold/1.2 on the manifest may leave out columns and sort key: they are the contract's.
      if (version !== null && versionAtLeast(version, '1.2') && t.columns === undefined) continue;
      const cols = new Map((t.columns ?? []).map((col) => [col.name, col.type]));
      for (const col of columnsInVersion(name, version ?? '1.1')) {
        const got = cols.get(col.name);
        if (!got) problems.push(`tables.${name} lacks column ${col.name}`);
        else if (got !== col.type) problems.push(`tables.${name}.${col.name} is ${got}, expected ${col.type}`);
      }
    }
  }
  if (!m.quality || typeof m.quality.rows_read !== 'number') {
    problems.push('quality summary is missing');
  } else if (m.quality.rows_read !== m.quality.rows_kept + m.quality.rows_quarantined) {
    problems.push(
      `quality: rows_read ${m.quality.rows_read} != rows_kept ${m.quality.rows_kept} + rows_quarantined ${m.quality.rows_quarantined}`,
    );
  }
  if (m.previous_snapshot_id !== null && typeof m.previous_snapshot_id !== 'string') problems.push('previous_snapshot_id must be a string or null');
  return problems;
}

/**
 * A table of nova-gold/1.2 split into files listed in an index: its placement (hash and bucket
 * count; or, `search_item` of 1.3, its token-range split) and its file index
 * (path under the snapshot, size = buckets × record size, SHA-256). The records themselves are
 * checked where the index is read (`validate`, the SDK).
 */
function checkIndexed(name: string, t: ManifestTable, snapPrefix: string, byToken: boolean): string[] {
  const out: string[] = [];
  const p = t.placement;
  // Item placement by hash, or (nova-gold/1.3 search_item) the token-range split (search-index.ts).
  const [key, value, kind] = byToken ? ['split', SEARCH_SPLIT, 'token'] : ['hash', PLACEMENT_HASH, 'item_id'];
  if (!p || p.column !== kind || (p as unknown as Record<string, unknown>)[key] !== value || !Number.isSafeInteger(p.buckets) || p.buckets < 1) {
    out.push(`tables.${name}.placement must be { column: "${kind}", ${key}: "${value}", buckets: a positive integer }`);
  }
  const ix = t.index;
  if (!ix || typeof ix.path !== 'string' || ix.path !== `${snapPrefix}${name}/index.jsonl`) {
    out.push(`tables.${name}.index.path must be ${snapPrefix}${name}/index.jsonl`);
  } else {
    if (!Number.isSafeInteger(ix.record_bytes) || ix.record_bytes < 64 || ix.record_bytes > 4096) out.push(`tables.${name}.index.record_bytes is not a size between 64 and 4096`);
    else if (p && ix.bytes !== p.buckets * ix.record_bytes) out.push(`tables.${name}.index.bytes is ${ix.bytes}, expected buckets × record_bytes = ${(p.buckets ?? 0) * ix.record_bytes}`);
    if (typeof ix.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(ix.sha256)) out.push(`tables.${name}.index has no sha256`);
  }
  if (t.files !== undefined) out.push(`tables.${name} lists files: in nova-gold/1.2 its files are in its index`);
  if (!Number.isSafeInteger(t.rows) || t.rows < 0) out.push(`tables.${name}.rows is not a row count`);
  return out;
}

/**
 * The manifest with every table's `columns` and `sort_key` filled in from the contract where the
 * manifest leaves them out (nova-gold/1.2 does: they are the contract's, and restating them made a
 * third of the manifest). Call after {@link checkManifest}; returns a new object.
 */
export function withContractColumns(m: Manifest): Manifest {
  const version = contractVersion(m.contract);
  if (version === null) return m;
  const tables = { ...m.tables } as Record<string, ManifestTable>;
  for (const [name, t] of Object.entries(tables)) {
    if (!t || !(name in TABLES)) continue;
    const spec = TABLES[name as keyof typeof TABLES];
    tables[name] = {
      ...t,
      columns: t.columns ?? columnsInVersion(spec.name, version).map((c) => ({ ...c })),
      sort_key: t.sort_key ?? [...spec.sortKey],
    };
  }
  return { ...m, tables: tables as Manifest['tables'] };
}
