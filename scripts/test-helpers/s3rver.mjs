// A real S3-protocol server (s3rver) on 127.0.0.1 for tests: a fresh folder, one bucket with CORS
// open to any origin. Note s3rver's bug: suffix ranges (`bytes=-8`) return wrong bytes (the first
// 9 bytes); `suffixRanges: true` puts a pass-through proxy in front that asks s3rver for the
// explicit range S3 and MinIO would answer, for tests that stand in for those (the runbook's).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>Content-Range</ExposeHeader>
    <ExposeHeader>Content-Length</ExposeHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>Accept-Ranges</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/**
 * A proxy on a free port of 127.0.0.1 that passes every request to `target` as it is, but for an
 * unsigned GET with a suffix Range (`bytes=-N`): that one asks `target` for the object's size
 * (HEAD) and then for its last N bytes as an explicit range, as S3 and MinIO answer a suffix.
 */
async function suffixProxy(target) {
  const t = new URL(target);
  const forward = (req, res, headers) => {
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  };
  const server = createServer((req, res) => {
    const m = /^bytes=-(\d+)$/.exec(req.headers.range ?? '');
    if (!m || req.method !== 'GET' || req.headers.authorization) return forward(req, res, req.headers);
    const { range: _, ...plain } = req.headers;
    const head = request({ host: t.hostname, port: t.port, method: 'HEAD', path: req.url, headers: plain }, (r) => {
      r.resume();
      const size = Number(r.headers['content-length']);
      if (r.statusCode !== 200 || !Number.isFinite(size) || size === 0) return forward(req, res, req.headers);
      forward(req, res, { ...req.headers, range: `bytes=${Math.max(0, size - Number(m[1]))}-${size - 1}` });
    });
    head.on('error', () => { res.writeHead(502); res.end(); });
    head.end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }) };
}

/**
 * Starts s3rver with `bucket` on a free port. Returns the endpoint, the folder it stores objects in,
 * the credentials s3rver accepts (S3RVER/S3RVER) and `close()`.
 * @param {{ bucket?: string, cors?: boolean, suffixRanges?: boolean }} [opts]  cors: false → the
 *   bucket has no CORS rule; suffixRanges: true → the endpoint answers suffix Ranges as S3 does
 */
export async function startS3rver({ bucket = 'nova-gold', cors = true, suffixRanges = false } = {}) {
  const directory = mkdtempSync(join(tmpdir(), 'nova-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: cors ? [CORS] : [] }],
  });
  const addr = await server.run();
  const proxy = suffixRanges ? await suffixProxy(`http://127.0.0.1:${addr.port}`) : null;
  const endpoint = proxy?.url ?? `http://127.0.0.1:${addr.port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint },
    close: async () => {
      await proxy?.close();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
