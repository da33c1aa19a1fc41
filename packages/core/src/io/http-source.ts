import { NovaError, abortedError, snapshotGone } from '../errors.js';
import { corruptFile } from './integrity.js';
import type { ByteSource } from './source.js';

/** Options of {@link HttpSource}. */
export interface HttpSourceOptions {
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  signUrl?: (path: string) => string | Promise<string>;
  /** Per-request timeout in ms (default 30 000); a request without an answer by then fails with `network`. */
  timeoutMs?: number;
}

/**
 * 401/403 → `NovaError('unauthorized')` naming the URL without query string or user info, so a
 * signature or password never reaches a message or a log.
 */
function refused(res: Response, url: string): void {
  if (res.status !== 401 && res.status !== 403) return;
  const u = new URL(url);
  u.search = u.hash = u.username = u.password = '';
  const shown = u.href;
  const s3 = res.status === 403 ? ' (an S3 bucket without list permission also answers 403 for a missing object)' : '';
  throw new NovaError('unauthorized', `${shown} answered HTTP ${res.status}${s3}: the gold is private; pass the credentials it needs (\`headers: { Authorization }\`, a \`fetch\` that sends cookies, or \`signUrl\`), or check they have not expired`);
}

/** Reads gold files over HTTP(S) with Range requests, extra headers and optional presigned URLs. */
export class HttpSource implements ByteSource {
  private readonly base: string;
  private readonly opts: HttpSourceOptions;
  /** The fetch cache mode of range reads: `no-store` on the {@link fresh} copy. */
  private readonly cache: RequestCache;
  /**
   * Set once the server showed it does not answer suffix Ranges (a 416 for a suffix shorter than
   * the file, as `http-server` answers, or other bytes than the file's end, as s3rver does): later
   * footers are read after their size is known, without a request that fails (and that browsers
   * log as an error) for every file.
   */
  private noSuffix = false;

  constructor(base: string, opts: HttpSourceOptions = {}, cache: RequestCache = 'default') {
    this.base = base.endsWith('/') ? base : `${base}/`;
    this.opts = opts;
    this.cache = cache;
  }

  describe(path: string): string {
    return new URL(path, this.base).href;
  }

  private async url(path: string): Promise<string> {
    return this.opts.signUrl ? await this.opts.signUrl(path) : this.describe(path);
  }

  private async request(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    const url = await this.url(path);
    const shown = this.describe(path);
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const doFetch = this.opts.fetch ?? globalThis.fetch;
    try {
      return await doFetch(url, { ...init, headers: { ...this.opts.headers, ...(init.headers as Record<string, string>) }, signal: combined });
    } catch (err) {
      if (signal?.aborted) throw abortedError(signal, `reading ${shown}`);
      if (timeout.aborted) throw new NovaError('network', `no answer from ${shown} within ${timeoutMs} ms: check the server (or raise timeoutMs)`, { cause: err });
      const cors = typeof window !== 'undefined' ? ' and, for a page on another origin, that it sends CORS headers (Access-Control-Allow-Origin, and Range in Access-Control-Allow-Headers)' : '';
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new NovaError('network', `could not fetch ${shown} (${(err as Error).message}${cause ? `: ${cause}` : ''}): check the server is reachable${cors}`, { cause: err });
    }
  }

  async text(path: string, opts: { signal?: AbortSignal; revalidate?: boolean }): Promise<string | null> {
    const res = await this.request(path, { cache: opts.revalidate && this.cache === 'default' ? 'no-cache' : this.cache }, opts.signal);
    if (res.status === 404) return null;
    refused(res, this.describe(path));
    if (!res.ok) throw new NovaError('network', `${this.describe(path)} answered HTTP ${res.status}: the server failed; try again later or check its logs`);
    try {
      return await res.text();
    } catch (err) {
      if (opts.signal?.aborted) throw abortedError(opts.signal, `reading ${this.describe(path)}`);
      throw new NovaError('network', `reading ${this.describe(path)} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Reads bytes [start, end) (see {@link ByteSource.range}). */
  async range(path: string, start: number, end: number, signal?: AbortSignal, size?: number): Promise<ArrayBuffer> {
    const shown = this.describe(path);
    const r = await this.get(path, `bytes=${start}-${end - 1}`, signal);
    if (r.status === 416) throw corruptFile(shown, `HTTP 416 for bytes ${start}-${end - 1}: the file is shorter`);
    if (size !== undefined && r.total !== undefined && r.total !== size) throw corruptFile(shown, `${r.total} bytes on the server, manifest says ${size}`);
    let buf = r.body;
    if (r.status === 200) {
      // The server ignored Range and sent the whole file: its length is the size.
      if (size !== undefined && buf.byteLength !== size) throw corruptFile(shown, `${buf.byteLength} bytes on the server, manifest says ${size}`);
      buf = buf.slice(start, end);
    }
    if (buf.byteLength !== end - start) throw corruptFile(shown, `got ${buf.byteLength} bytes for range ${start}-${end - 1}`);
    return buf;
  }

  /** Reads a file's last `length` bytes with a suffix Range (see {@link ByteSource.suffix}). */
  async suffix(path: string, length: number, signal?: AbortSignal): Promise<{ bytes: ArrayBuffer; size?: number } | null> {
    const shown = this.describe(path);
    if (this.noSuffix || this.suffixPreflighted(shown)) return null;
    const r = await this.get(path, `bytes=-${length}`, signal);
    if (r.status === 416) {
      // RFC 9110 serves a suffix longer than the file as the whole file; Node's `send` answers 416
      // with the size instead (and an empty file has no suffix at all).
      if (r.total === 0) return { bytes: new ArrayBuffer(0), size: 0 };
      if (r.total !== undefined && r.total <= length) return { bytes: await this.range(path, 0, r.total, signal, r.total), size: r.total };
      this.noSuffix = true;
      return null;
    }
    if (r.status === 200) return { bytes: r.body.slice(Math.max(0, r.body.byteLength - length)), size: r.body.byteLength };
    const got = r.body.byteLength;
    if (r.from === undefined || r.to === undefined) return { bytes: r.body, size: undefined };
    // A body shorter than its own Content-Range: damaged on the way (or by a cache).
    if (got !== r.to - r.from + 1) throw corruptFile(shown, `got ${got} bytes for range ${r.from}-${r.to}`);
    // Bytes that are not the file's end (s3rver reads `bytes=-n` as `bytes=0-n`): not a suffix.
    if (r.total === undefined || r.to !== r.total - 1) {
      this.noSuffix = true;
      return null;
    }
    return { bytes: r.body, size: r.total };
  }

  /**
   * True when a suffix Range would cost a CORS preflight (one more round trip) that the page's
   * other reads do not: gold on another origin read without extra headers. The Fetch standard
   * safelists `Range: bytes=a-b` but not `bytes=-n`; with `headers` every read is preflighted anyway.
   */
  private suffixPreflighted(url: string): boolean {
    const here = (globalThis as { location?: { origin?: string } }).location?.origin;
    return here !== undefined && Object.keys(this.opts.headers ?? {}).length === 0 && new URL(url).origin !== here;
  }

  /** This source asking the server itself on every read (`cache: 'no-store'`), for the client's retry after a corrupt read. */
  fresh(): HttpSource {
    return new HttpSource(this.base, this.opts, 'no-store');
  }

  /**
   * One Range request: 401/403, 404 (the snapshot is gone) and other failures thrown; the body and
   * what `Content-Range` says (`bytes a-b/total`; the total alone on a 416), when a CORS server
   * exposes it.
   */
  private async get(path: string, range: string, signal?: AbortSignal): Promise<{ status: number; body: ArrayBuffer; from?: number; to?: number; total?: number }> {
    const shown = this.describe(path);
    const res = await this.request(path, { cache: this.cache, headers: { Range: range } }, signal);
    refused(res, shown);
    const cr = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+)\s*$/.exec(res.headers.get('Content-Range') ?? '');
    const num = (x: string | undefined) => (x === undefined ? undefined : Number(x));
    const head = { status: res.status, from: num(cr?.[1]), to: num(cr?.[2]), total: num(cr?.[3]) };
    if (res.status === 416) return { ...head, body: new ArrayBuffer(0) };
    if (res.status === 404) {
      throw snapshotGone(new NovaError('query_failed', `${shown} was not found (HTTP 404): the snapshot may have been removed from the server; call refresh()`));
    }
    if (!res.ok) throw new NovaError('network', `${shown} answered HTTP ${res.status} to a range request: try again later or check the server`);
    try {
      return { ...head, body: await res.arrayBuffer() };
    } catch (err) {
      if (signal?.aborted) throw abortedError(signal, `reading ${shown}`);
      throw new NovaError('network', `reading ${shown} failed mid-transfer: ${(err as Error).message}`, { cause: err });
    }
  }
}
