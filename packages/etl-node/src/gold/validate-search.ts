import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '@nova-corrente/core/contract';
import { compareTokens, parseSearchRecord } from '@nova-corrente/core/contract/search-index';
import { lit, type Db } from '../db.js';

/**
 * The token-range checks of a nova-gold/1.3 `search_item` (contract `search-index.ts`), after its
 * index and files passed the checks every indexed table gets (size, SHA-256, rows, sort order):
 * each record's first and last token are the file's smallest and largest token (prefixes of them
 * when the record says `cut`), and the files follow each other in token order (a file's last token ≤ the next one's
 * first), so a reader that finds a prefix's files by their records misses no row. Returns the
 * problems, each naming the file.
 */
export async function checkSearchRanges(db: Db, goldDir: string, m: Manifest): Promise<string[]> {
  const t = m.tables.search_item;
  if (!t?.index || t.placement?.column !== 'token') return [];
  const ix = t.index;
  // A missing or changed index or file is reported by the checks every indexed table gets.
  const bytes = await readFile(join(goldDir, ix.path)).catch(() => null);
  if (!bytes) return [];
  const text = new TextDecoder().decode(bytes);
  const out: string[] = [];
  let prevMax: string | null = null;
  let prevPath = '';
  for (let b = 0; b < t.placement.buckets; b++) {
    const r = parseSearchRecord(text.slice(b * ix.record_bytes, (b + 1) * ix.record_bytes), b, `snapshots/${m.snapshot_id}/search_item`);
    if (typeof r === 'string') {
      out.push(`${ix.path}: ${r}`);
      continue;
    }
    const got = await db.one<{ lo: string | null; hi: string | null }>(`SELECT min(token) AS lo, max(token) AS hi FROM read_parquet(${lit(join(goldDir, r.path))})`).catch(() => undefined);
    if (!got) continue;
    const lo = got?.lo ?? null;
    const hi = got?.hi ?? null;
    const bound = (token: string | null, rec: string) => token !== null && (r.cut ? token.startsWith(rec) : token === rec);
    if (r.rows > 0 && (!bound(lo, r.first) || !bound(hi, r.last))) {
      out.push(`${r.path}: tokens run ${JSON.stringify(lo)}…${JSON.stringify(hi)}, its index record says ${JSON.stringify(r.first)}…${JSON.stringify(r.last)}`);
    }
    if (lo !== null && prevMax !== null && compareTokens(prevMax, lo) > 0) {
      out.push(`${r.path}: starts at token ${JSON.stringify(lo)}, before the last token ${JSON.stringify(prevMax)} of ${prevPath}: search_item files must follow each other in token order`);
    }
    if (hi !== null) {
      prevMax = hi;
      prevPath = r.path;
    }
  }
  return out;
}
