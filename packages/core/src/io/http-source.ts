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

  constructor(base: string, opts: HttpSourceOptions = {}) {
    this.base = base.endsWith('/') ? base : `${base}/`;
    this.opts = opts;
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
    const res = await this.request(path, { cache: opts.revalidate ? 'no-cache' : 'default' }, opts.signal);
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

  async range(path: string, start: number, end: number, signal?: AbortSignal, size?: number): Promise<ArrayBuffer> {
    try {
      return await this.rangeOnce(path, start, end, signal, size, 'default');
    } catch (err) {
      // Chromium's HTTP cache can answer a Range from a sparse entry another request of the page is
      // still filling, with a short body (seen: 2,455 of 8,430 bytes on the e2e dashboard's second
      // page). Ask the server itself once more before calling the file corrupt.
      if (!(err instanceof NovaError) || err.code !== 'corrupt_snapshot' || signal?.aborted) throw err;
      return this.rangeOnce(path, start, end, signal, size, 'no-store');
    }
  }

  private async rangeOnce(path: string, start: number, end: number, signal: AbortSignal | undefined, size: number | undefined, cache: RequestCache): Promise<ArrayBuffer> {
    const shown = this.describe(path);
    const res = await this.request(path, { cache, headers: { Range: `bytes=${start}-${end - 1}` } }, signal);
    refused(res, shown);
    if (res.status === 416) throw corruptFile(shown, `HTTP 416 for bytes ${start}-${end - 1}: the file is shorter`);
    // `Content-Range: bytes a-b/total` (exposed by CORS servers that allow Range) gives the size.
    const total = res.status === 206 ? Number(/\/(\d+)\s*$/.exec(res.headers.get('Content-Range') ?? '')?.[1] ?? NaN) : NaN;
    if (size !== undefined && Number.isFinite(total) && total !== size) throw corruptFile(shown, `${total} bytes on the server, manifest says ${size}`);
    if (res.status === 404) {
      throw snapshotGone(new NovaError('query_failed', `${shown} was not found (HTTP 404): the snapshot may have been removed from the server; call refresh()`));
    }
    if (!res.ok) throw new NovaError('network', `${shown} answered HTTP ${res.status} to a range request: try again later or check the server`);
    let buf: ArrayBuffer;
    try {
      buf = await res.arrayBuffer();
    } catch (err) {
      if (signal?.aborted) throw abortedError(signal, `reading ${shown}`);
      throw new NovaError('network', `reading ${shown} failed mid-transfer: ${(err as Error).message}`, { cause: err });
    }
    if (res.status === 200) {
      // The server ignored Range and sent the whole file: its length is the size.
      if (size !== undefined && buf.byteLength !== size) throw corruptFile(shown, `${buf.byteLength} bytes on the server, manifest says ${size}`);
      buf = buf.slice(start, end);
    }
    if (buf.byteLength !== end - start) throw corruptFile(shown, `got ${buf.byteLength} bytes for range ${start}-${end - 1}`);
    return buf;
  }
}
