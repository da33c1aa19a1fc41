// Static file server used by `npm start`, the tests and the benchmarks: Range requests, ETags
// with conditional GETs, `Cache-Control: immutable` on snapshot files and revalidation of
// everything else (manifest.json above all). Binds 127.0.0.1 only. It is also the reference for
// other hosts (nginx, S3 + CDN; see docs/security.md): GET and HEAD only, one decode of the path,
// no symlink out of a mount, and security headers with a CSP the dashboard runs under.
import { createServer } from 'node:http';
import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import send from 'send';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The Content-Security-Policy sent with every response: only this origin's scripts (no inline
 * script), WebAssembly compilation for DuckDB-WASM, its worker from this origin or a blob (the
 * blob imports a worker script served from another origin), no plugins, no framing by others.
 * Inline styles stay allowed: host pages carry <style> blocks and the chart templates position
 * tooltips with style attributes; styles cannot run code.
 */
export const DEFAULT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Headers every response carries (CSP aside, which is configurable). */
export const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'SAMEORIGIN',
};

/**
 * @param {object} opts
 * @param {{ prefix: string, dir: string }[]} opts.mounts  URL prefix (e.g. "/gold/") → folder; longest prefix wins
 * @param {number} [opts.port]  0 picks a free port
 * @param {string|boolean} [opts.cors]  true → `*`, a string → that origin; CORS off when falsy
 * @param {string|false} [opts.csp]  Content-Security-Policy (default {@link DEFAULT_CSP}; false sends none)
 * @param {(entry: {method: string, url: string, status: number, bytes: number, range?: string}) => void} [opts.onRequest]
 * @returns {Promise<{ server: import('node:http').Server, port: number, url: string, close: () => Promise<void> }>}
 */
export async function startStaticServer({ mounts, port = 0, cors = false, csp, onRequest } = {}) {
  const server = createServer(createStaticHandler({ mounts, cors, csp, onRequest }));
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const actual = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    server,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

/** Real path of a folder, or the folder itself when it does not exist (yet). */
function real(dir) {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * True when `rel` (decoded, relative to the mount) names nothing outside the mount, symlinks
 * followed: a missing file is fine (send answers 404), a link out of the mount is not.
 */
function staysInside(mountReal, rel) {
  let target;
  try {
    target = realpathSync(resolve(mountReal, `.${sep}${rel}`));
  } catch (err) {
    return err.code === 'ENOENT' || err.code === 'ENOTDIR';
  }
  return target === mountReal || target.startsWith(mountReal + sep);
}

/**
 * The request handler behind {@link startStaticServer}, usable as middleware: `(req, res, next?)`.
 * Without a matching mount it calls `next()` when given, else answers 404.
 * @param {{ mounts: { prefix: string, dir: string }[], cors?: string|boolean, csp?: string|false, onRequest?: Function }} opts
 */
export function createStaticHandler({ mounts, cors = false, csp = DEFAULT_CSP, onRequest }) {
  const sorted = mounts
    .map((m) => ({ prefix: m.prefix.endsWith('/') ? m.prefix : `${m.prefix}/`, dir: resolve(m.dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const allow = cors ? 'GET, HEAD, OPTIONS' : 'GET, HEAD';
  return (req, res, next) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (csp) res.setHeader('Content-Security-Policy', csp);
    const plain = (status, text, headers = {}) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(req.method === 'HEAD' ? undefined : text);
    };
    // The path stays encoded: `send` decodes it exactly once. Here it is only checked.
    const raw = (req.url ?? '/').split('?')[0].split('#')[0];
    let decoded;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return plain(400, 'bad request: malformed percent-encoding in the path');
    }
    if (!raw.startsWith('/') || decoded.includes('\0')) return plain(400, 'bad request: malformed path');
    const mount = sorted.find((m) => raw.startsWith(m.prefix) || `${raw}/` === m.prefix);
    if (!mount && next) return next();
    if (cors) {
      res.setHeader('Access-Control-Allow-Origin', cors === true ? '*' : cors);
      res.setHeader('Access-Control-Allow-Headers', 'Range, If-None-Match, Authorization');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, ETag, Accept-Ranges');
      if (req.method === 'OPTIONS') return void res.writeHead(204, { Allow: allow }).end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'method not allowed: this server is read-only', { Allow: allow });
    let bytes = 0;
    res.on('finish', () => onRequest?.({ method: req.method ?? 'GET', url: req.url ?? '', status: res.statusCode, bytes, range: req.headers.range }));
    const write = res.write.bind(res);
    res.write = (chunk, ...rest) => {
      bytes += chunk?.length ?? 0;
      return write(chunk, ...rest);
    };
    if (!mount) return plain(404, 'not found');
    const rel = raw.slice(mount.prefix.length) || 'index.html';
    const relDecoded = decoded.slice(Math.min(decoded.length, mount.prefix.length)) || 'index.html';
    if (!staysInside(real(mount.dir), relDecoded)) return plain(404, 'not found');
    send(req, rel, { root: mount.dir, etag: true, lastModified: true, cacheControl: false, dotfiles: 'deny', index: ['index.html'] })
      .on('headers', (r, path) => {
        r.setHeader('Cache-Control', /[\\/]snapshots[\\/]/.test(path) ? IMMUTABLE : REVALIDATE);
      })
      .on('error', (err) => {
        plain(err.status || 500, err.status === 404 ? 'not found' : err.status === 400 ? 'bad request' : err.status === 403 ? 'forbidden' : 'error');
      })
      .on('directory', () => {
        // Same-origin redirect only: `//host/` would leave the site.
        res.writeHead(301, { Location: `/${raw.replace(/^\/+/, '')}/` }).end();
      })
      .pipe(res);
  };
}
