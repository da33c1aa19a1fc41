// Static file server used by `npm start`, the tests and the benchmarks: Range requests, ETags
// with conditional GETs, `Cache-Control: immutable` on snapshot files and revalidation of
// everything else (manifest.json above all). Binds 127.0.0.1 only.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import send from 'send';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * @param {object} opts
 * @param {{ prefix: string, dir: string }[]} opts.mounts  URL prefix (e.g. "/gold/") → folder; longest prefix wins
 * @param {number} [opts.port]  0 picks a free port
 * @param {string|boolean} [opts.cors]  true → `*`, a string → that origin; CORS off when falsy
 * @param {(entry: {method: string, url: string, status: number, bytes: number, range?: string}) => void} [opts.onRequest]
 * @returns {Promise<{ server: import('node:http').Server, port: number, url: string, close: () => Promise<void> }>}
 */
export async function startStaticServer({ mounts, port = 0, cors = false, onRequest } = {}) {
  const server = createServer(createStaticHandler({ mounts, cors, onRequest }));
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

/**
 * The request handler behind {@link startStaticServer}, usable as middleware: `(req, res, next?)`.
 * Without a matching mount it calls `next()` when given, else answers 404.
 * @param {{ mounts: { prefix: string, dir: string }[], cors?: string|boolean, onRequest?: Function }} opts
 */
export function createStaticHandler({ mounts, cors = false, onRequest }) {
  const sorted = mounts
    .map((m) => ({ prefix: m.prefix.endsWith('/') ? m.prefix : `${m.prefix}/`, dir: resolve(m.dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (cors) {
      res.setHeader('Access-Control-Allow-Origin', cors === true ? '*' : cors);
      res.setHeader('Access-Control-Allow-Headers', 'Range, If-None-Match, Authorization');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, ETag, Accept-Ranges');
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
    }
    const pathname = decodeURIComponent(url.pathname);
    const mount = sorted.find((m) => pathname.startsWith(m.prefix) || `${pathname}/` === m.prefix);
    if (!mount && next) return next();
    let bytes = 0;
    res.on('finish', () => onRequest?.({ method: req.method ?? 'GET', url: req.url ?? '', status: res.statusCode, bytes, range: req.headers.range }));
    const write = res.write.bind(res);
    res.write = (chunk, ...rest) => {
      bytes += chunk?.length ?? 0;
      return write(chunk, ...rest);
    };
    if (!mount) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const rel = pathname.slice(mount.prefix.length) || 'index.html';
    send(req, rel, { root: mount.dir, etag: true, lastModified: true, cacheControl: false, dotfiles: 'deny', index: ['index.html'] })
      .on('headers', (r, path) => {
        r.setHeader('Cache-Control', /[\\/]snapshots[\\/]/.test(path) ? IMMUTABLE : REVALIDATE);
      })
      .on('error', (err) => {
        res.writeHead(err.status || 500, { 'Content-Type': 'text/plain' }).end(err.status === 404 ? 'not found' : 'error');
      })
      .on('directory', (_r) => {
        res.writeHead(301, { Location: `${url.pathname}/` }).end();
      })
      .pipe(res);
  };
}
