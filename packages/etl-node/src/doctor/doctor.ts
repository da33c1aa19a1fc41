import { checkManifest, TABLE_NAMES, type Manifest } from '@nova-corrente/core/contract';
import { readIndex, type ReadFile } from '../gold/listing.js';
import { ask, failure, tokens, type Answer } from './http.js';
import { Problems, type Problem } from './problems.js';

export interface DoctorOptions {
  /** The page origin that will read the gold (e.g. https://intranet.example.com): checks CORS. */
  origin?: string;
  /** Largest acceptable age in days of `as_of` and of each forecast's `generated_at`. */
  maxAgeDays?: number;
  /** "Now" for the freshness check (tests pin it). */
  now?: Date;
  /** `Authorization` header value for a private gold (sent on GETs, never on the CORS preflight). */
  authorization?: string;
}

export interface DoctorReport {
  ok: boolean;
  url: string;
  snapshot_id: string | null;
  contract: string | null;
  as_of: string | null;
  /** Age in whole days of as_of and of the newest forecast generated_at, when the manifest has them. */
  age_days: { as_of: number | null; generated_at: number | null };
  files_checked: number;
  problems: Problem[];
}

const DAY = 86_400_000;
/** What a snapshot file may be served as: binary, never text or an HTML page. */
const BINARY = /^(application\/(octet-stream|vnd\.apache\.parquet|x-parquet|parquet)|binary\/octet-stream)\b/i;
const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

/** The gold root URL, ending in "/", from a root or a manifest.json URL. */
export function goldRoot(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`${url}: doctor checks an http(s) URL, the way a browser reads the gold`);
  u.search = '';
  u.hash = '';
  if (u.pathname.endsWith('/manifest.json')) u.pathname = u.pathname.slice(0, -'manifest.json'.length);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

/**
 * Every file the manifest lists, as paths under the root: all tables' files (nova-gold/1.2: the
 * file indexes, and the files they list, read through `read` and checked), the quality report.
 * An index that cannot be read or checked is listed itself (so a missing one is reported like any
 * missing file) with its problem in `invalid`; its files are then unknown.
 */
export async function listedFiles(m: Manifest, read: ReadFile): Promise<{ files: { path: string; bytes?: number }[]; invalid: { path: string; message: string }[] }> {
  const out: { path: string; bytes?: number }[] = [];
  const invalid: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const add = (path: string, bytes?: number) => {
    if (!seen.has(path)) out.push({ path, bytes });
    seen.add(path);
  };
  for (const table of TABLE_NAMES) {
    const t = m.tables?.[table];
    if (!t) continue;
    if (t.index) add(t.index.path, t.index.bytes);
    let files;
    try {
      files = await readIndex(m, table, read);
    } catch (err) {
      if (!/is missing$/.test((err as Error).message)) invalid.push({ path: t.index?.path ?? t.path, message: (err as Error).message });
      continue;
    }
    for (const f of files) add(f.path, f.bytes);
  }
  if (typeof m.quality?.report_path === 'string') add(m.quality.report_path);
  return { files: out, invalid };
}

function ageDays(iso: string | undefined, now: Date): number | null {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : Math.floor((now.getTime() - t) / DAY);
}

/**
 * Checks a deployed gold the way a browser will use it: manifest reachable and valid, every listed
 * file present with its size, Range answered with 206, CORS for `origin`, content types, caching
 * (manifest revalidated, snapshots immutable), freshness. Never throws for a server's answer.
 */
export async function doctor(url: string, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const root = goldRoot(url);
  const manifestUrl = new URL('manifest.json', root).href;
  const problems = new Problems();
  const now = opts.now ?? new Date();
  const report: DoctorReport = {
    ok: false, url: root, snapshot_id: null, contract: null, as_of: null,
    age_days: { as_of: null, generated_at: null }, files_checked: 0, problems: problems.list,
  };
  const originHeaders: Record<string, string> = {
    ...(opts.origin ? { Origin: opts.origin } : {}),
    ...(opts.authorization ? { Authorization: opts.authorization } : {}),
  };

  let res: Answer;
  try {
    res = await ask(manifestUrl, { headers: originHeaders, text: true });
  } catch (err) {
    problems.add('unreachable', manifestUrl, `${manifestUrl} could not be read (${failure(err)})`);
    return report;
  }
  if (res.status === 401 || res.status === 403) {
    problems.add('unauthorized', manifestUrl, `${manifestUrl} answered ${res.status}${opts.authorization ? ' to the Authorization header given' : ''}: the gold is private`);
    return report;
  }
  if (res.status !== 200) {
    problems.add('manifest_status', manifestUrl, `${manifestUrl} answered ${res.status}, expected 200`);
    return report;
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(res.body ?? '');
  } catch (err) {
    problems.add('manifest_invalid', manifestUrl, `${manifestUrl} is not JSON (${(err as Error).message}; content type ${res.headers.get('content-type') ?? 'none'})`);
    return report;
  }
  const invalid = checkManifest(manifest);
  for (const p of invalid) problems.add('manifest_invalid', manifestUrl, `${manifestUrl}: ${p}`);
  if (invalid.length) return report;
  report.snapshot_id = manifest.snapshot_id;
  report.contract = manifest.contract;
  report.as_of = manifest.as_of;

  const type = res.headers.get('content-type');
  if (!JSON_TYPE.test(type ?? '')) problems.add('manifest_type', manifestUrl, `${manifestUrl} is served as ${type ?? 'no content type'}, expected application/json`);
  const cache = tokens(res.headers.get('cache-control'));
  if (!cache.includes('no-cache') && !cache.includes('no-store') && !cache.includes('max-age=0')) {
    problems.add('manifest_cache', manifestUrl, `${manifestUrl} has Cache-Control "${res.headers.get('cache-control') ?? ''}": browsers may keep an old manifest, expected no-cache`);
  } else if (cache.includes('immutable')) {
    problems.add('manifest_cache', manifestUrl, `${manifestUrl} is marked immutable: browsers would never see a new snapshot`);
  }
  if (opts.origin) await checkCors(manifestUrl, res, opts.origin, problems);

  // Every listed file: a 2-byte Range GET tells presence, size (Content-Range), Range support,
  // type, caching and CORS in one request. (Not "bytes=0-0": s3rver answers that with the whole file.)
  const listing = await listedFiles(manifest, async (p) => {
    const a = await ask(new URL(p, root).href, { headers: originHeaders, text: true }).catch(() => null);
    return a?.status === 200 ? new TextEncoder().encode(a.body ?? '') : null;
  });
  for (const bad of listing.invalid) problems.add('index_invalid', new URL(bad.path, root).href, `${new URL(bad.path, root).href}: ${bad.message}`);
  const listed = listing.files;
  // A snapshot file that answered a sound 0-1 Range, for the suffix Range check below.
  let ranged: { url: string; size: number } | undefined;
  for (const f of listed) {
    let fileUrl: string;
    try {
      fileUrl = new URL(f.path, root).href;
    } catch {
      problems.add('manifest_invalid', manifestUrl, `${manifestUrl}: file path ${JSON.stringify(f.path)} is not a URL path`);
      continue;
    }
    if (!fileUrl.startsWith(root) || /(^|\/)\.\.(\/|$)/.test(f.path)) {
      problems.add('manifest_invalid', manifestUrl, `${manifestUrl}: file path ${JSON.stringify(f.path)} leaves the gold root`);
      continue;
    }
    report.files_checked += 1;
    let r: Answer;
    try {
      r = await ask(fileUrl, { headers: { ...originHeaders, Range: 'bytes=0-1' } });
    } catch (err) {
      problems.add('unreachable', fileUrl, `${fileUrl} could not be read (${failure(err)})`);
      continue;
    }
    if (r.status === 404 || r.status === 410) {
      problems.add('file_missing', fileUrl, `${fileUrl} is missing (${r.status}); the manifest lists it`);
      continue;
    }
    if (r.status !== 206 && r.status !== 200) {
      problems.add('file_status', fileUrl, `${fileUrl} answered ${r.status}`);
      continue;
    }
    let size: number | null = null;
    if (r.status === 200) {
      problems.add('range_ignored', fileUrl, `${fileUrl} answered 200 to "Range: bytes=0-1", expected 206 Partial Content (readers fetch parts of files)`, true);
      const len = Number(r.headers.get('content-length'));
      if (r.headers.get('content-length') !== null && Number.isFinite(len)) size = len;
    } else {
      const m = /^bytes 0-([01])\/(\d+)$/.exec(r.headers.get('content-range') ?? '');
      if (m && Number(m[1]) === Math.min(1, Number(m[2]) - 1)) {
        size = Number(m[2]);
        if (!ranged && f.path.endsWith('.parquet') && size > SUFFIX_BYTES) ranged = { url: fileUrl, size };
      }
      else problems.add('range_ignored', fileUrl, `${fileUrl} answered 206 with Content-Range "${r.headers.get('content-range') ?? ''}", expected "bytes 0-1/<size>"`, true);
    }
    if (f.bytes !== undefined && size !== null && size !== f.bytes) {
      problems.add('file_size', fileUrl, `${fileUrl} has ${size} bytes, the manifest lists ${f.bytes}`);
    }
    const ftype = r.headers.get('content-type');
    const isJson = f.path.endsWith('.json');
    // A file index (.jsonl) is read as bytes: JSON, plain-text or binary types all serve it.
    const fine = f.path.endsWith('.jsonl') ? /^(application\/[a-z.+-]*json[a-z.+-]*|text\/plain)\b/i.test(ftype ?? '') || BINARY.test(ftype ?? '') : isJson ? JSON_TYPE.test(ftype ?? '') : BINARY.test(ftype ?? '');
    if (!fine) {
      problems.add('file_type', fileUrl, `${fileUrl} is served as ${ftype ?? 'no content type'}, expected ${isJson ? 'application/json' : 'application/octet-stream'}`, true);
    }
    const fc = tokens(r.headers.get('cache-control'));
    if (f.path.startsWith('snapshots/') && !fc.includes('immutable')) {
      problems.add('file_cache', fileUrl, `${fileUrl} has Cache-Control "${r.headers.get('cache-control') ?? ''}", expected "public, max-age=31536000, immutable" (snapshot files never change)`, true);
    }
    if (opts.origin) checkCorsAnswer(fileUrl, r, opts.origin, problems);
  }

  // Readers ask for a suffix only where it costs no CORS preflight of its own (core's HttpSource):
  // on the gold's origin, or with an Authorization header (every read preflighted anyway).
  if (ranged && (!opts.origin || opts.authorization)) await checkSuffix(ranged.url, ranged.size, originHeaders, problems);

  report.age_days.as_of = ageDays(manifest.as_of, now);
  const newest = manifest.ml.map((s) => s.generated_at).sort().at(-1);
  report.age_days.generated_at = ageDays(newest, now);
  if (opts.maxAgeDays !== undefined) {
    if (report.age_days.as_of !== null && report.age_days.as_of > opts.maxAgeDays) {
      problems.add('stale', manifestUrl, `${manifestUrl}: as_of ${manifest.as_of} is ${report.age_days.as_of} days old (more than --max-age ${opts.maxAgeDays})`);
    }
    for (const s of manifest.ml) {
      const age = ageDays(s.generated_at, now);
      if (age !== null && age > opts.maxAgeDays) {
        problems.add('stale', manifestUrl, `${manifestUrl}: forecasts of ${s.source} were generated ${s.generated_at}, ${age} days ago (more than --max-age ${opts.maxAgeDays})`);
      }
    }
  }
  report.ok = problems.list.length === 0;
  return report;
}

/** How many bytes the suffix Range check asks for (a file's end, as readers ask for a footer). */
const SUFFIX_BYTES = 8;

/**
 * One file's end by a suffix Range (`bytes=-8`): readers ask for a Parquet footer that way while
 * its size is still on its way (RFC 9110). A server that refuses it still serves every chart, one
 * request later for the first footer of a page.
 */
async function checkSuffix(url: string, size: number, headers: Record<string, string>, problems: Problems): Promise<void> {
  const want = `bytes ${size - SUFFIX_BYTES}-${size - 1}/${size}`;
  let r: Answer;
  try {
    r = await ask(url, { headers: { ...headers, Range: `bytes=-${SUFFIX_BYTES}` } });
  } catch (err) {
    problems.add('unreachable', url, `${url} could not be read (${failure(err)})`);
    return;
  }
  const got = r.headers.get('content-range');
  if (r.status !== 206 || got !== want) {
    problems.add('suffix_range', url, `${url} answered ${r.status}${got ? ` with Content-Range "${got}"` : ''} to "Range: bytes=-${SUFFIX_BYTES}", expected 206 with "${want}"`);
  }
}

/** CORS headers of an answer to a request sent with `Origin`. */
function checkCorsAnswer(url: string, r: Answer, origin: string, problems: Problems): boolean {
  const allow = r.headers.get('access-control-allow-origin');
  if (allow !== '*' && allow !== origin) {
    problems.add('cors_origin', url, `${url} does not allow origin ${origin} (Access-Control-Allow-Origin: ${allow ?? 'absent'})`, true);
    return false;
  }
  const exposed = tokens(r.headers.get('access-control-expose-headers'));
  const missing = ['content-range', 'content-length', 'etag'].filter((h) => !exposed.includes(h) && !exposed.includes('*'));
  if (missing.length) problems.add('cors_expose', url, `${url} does not expose ${missing.join(', ')} to ${origin} (Access-Control-Expose-Headers: ${r.headers.get('access-control-expose-headers') ?? 'absent'})`, true);
  return true;
}

/** CORS of the manifest answer, then the preflight a Range read from `origin` triggers. */
async function checkCors(url: string, r: Answer, origin: string, problems: Problems): Promise<void> {
  if (!checkCorsAnswer(url, r, origin, problems)) return;
  let pre: Answer;
  try {
    pre = await ask(url, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' } });
  } catch (err) {
    problems.add('cors_preflight', url, `${url}: the CORS preflight failed (${failure(err)})`);
    return;
  }
  const allowOrigin = pre.headers.get('access-control-allow-origin');
  const allowHeaders = tokens(pre.headers.get('access-control-allow-headers'));
  if (pre.status < 200 || pre.status > 299 || (allowOrigin !== '*' && allowOrigin !== origin) || !(allowHeaders.includes('range') || allowHeaders.includes('*'))) {
    problems.add('cors_preflight', url, `${url}: the preflight for a Range read from ${origin} answered ${pre.status} (Access-Control-Allow-Origin: ${allowOrigin ?? 'absent'}, Access-Control-Allow-Headers: ${pre.headers.get('access-control-allow-headers') ?? 'absent'})`);
  }
}
