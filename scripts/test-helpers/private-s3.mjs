// A private S3-protocol bucket for tests: s3rver on 127.0.0.1 holding a gold, behind a gate that does
// what s3rver 3.7 leaves out (it serves anonymous reads and does not check SigV4 signatures; see its
// lib/middleware/authentication.js): GET/HEAD need a valid, unexpired SigV4 query signature, checked
// by recomputing it with AWS's own signer (@smithy/signature-v4), or answer S3's 403 AccessDenied.
// CORS preflights pass (browsers send no credentials on them) and everything else is piped to s3rver.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, request } from 'node:http';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** sha256 for @smithy/signature-v4 (hash, or HMAC when given a secret), from node:crypto. */
class Sha256 {
  constructor(secret) { this.h = secret ? createHmac('sha256', secret) : createHash('sha256'); }
  update(data) { this.h.update(data); }
  async digest() { return new Uint8Array(this.h.digest()); }
}

function denied(res, message, origin) {
  if (origin) res.setHeader('Access-Control-Allow-Origin', '*');
  res.writeHead(403, { 'Content-Type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`);
}

/** True when the request carries a valid, unexpired SigV4 presigned query for these credentials. */
async function verify(req, { region, accessKeyId, secretAccessKey }) {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const url = new URL(req.url, `http://${req.headers.host}`);
  const q = Object.fromEntries(url.searchParams);
  if (q['X-Amz-Algorithm'] !== 'AWS4-HMAC-SHA256' || !q['X-Amz-Signature']) return 'Request is not signed';
  if (q['X-Amz-SignedHeaders'] !== 'host') return 'Unexpected signed headers';
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(q['X-Amz-Date'] ?? '');
  if (!m) return 'Bad X-Amz-Date';
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  const expires = Number(q['X-Amz-Expires']);
  if (!(expires >= 1 && expires <= 604800)) return 'Bad X-Amz-Expires';
  if (Date.now() > date.getTime() + expires * 1000) return 'Request has expired';
  if (q['X-Amz-Credential'] !== `${accessKeyId}/${q['X-Amz-Date'].slice(0, 8)}/${region}/s3/aws4_request`) return 'Unknown credential';
  const signer = new SignatureV4({ service: 's3', region, credentials: { accessKeyId, secretAccessKey }, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  // As S3 presigns: the payload is UNSIGNED-PAYLOAD, and that header is neither signed nor hoisted.
  const unsigned = new Set(['x-amz-content-sha256']);
  const signed = await signer.presign(
    { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: decodeURIComponent(url.pathname), headers: { host: req.headers.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, query: {} },
    { signingDate: date, expiresIn: expires, unsignableHeaders: unsigned, unhoistableHeaders: unsigned },
  );
  const want = Buffer.from(String(signed.query['X-Amz-Signature']));
  const got = Buffer.from(q['X-Amz-Signature']);
  return want.length === got.length && timingSafeEqual(want, got) ? null : 'The request signature we calculated does not match the signature you provided';
}

/**
 * Starts s3rver with bucket `bucket` holding `goldDir` under `prefix`, and the signature gate in front.
 * @returns {Promise<{ goldUrl: string, s3Url: string, credentials: object, close(): Promise<void> }>}
 */
export async function startPrivateS3({ goldDir, tmp, bucket = 'nova', prefix = 'gold', region = 'us-east-1', accessKeyId, secretAccessKey }) {
  const { default: S3rver } = await import('s3rver');
  const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
  mkdirSync(join(tmp, 's3'), { recursive: true });
  writeFileSync(join(tmp, 'cors.xml'), `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader><ExposeHeader>Content-Range</ExposeHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>Content-Length</ExposeHeader></CORSRule></CORSConfiguration>`);
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(tmp, 's3'), configureBuckets: [{ name: bucket, configs: [readFileSync(join(tmp, 'cors.xml'))] }] });
  const { port: s3Port } = await s3.run();
  const s3Url = `http://127.0.0.1:${s3Port}`;
  // The ETL's side: it publishes with its own credentials (s3rver's default account).
  const client = new S3Client({ endpoint: s3Url, region, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  const files = walk(goldDir).sort((a, b) => Number(a.endsWith('manifest.json')) - Number(b.endsWith('manifest.json')));
  for (const f of files) await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${relative(goldDir, f)}`, Body: readFileSync(f) }));
  client.destroy();
  const creds = { region, accessKeyId, secretAccessKey };
  const gate = createServer(async (req, res) => {
    try {
      if (req.method !== 'OPTIONS') {
        const problem = await verify(req, creds);
        if (problem) return denied(res, problem, req.headers.origin);
      }
      // Checked here: s3rver gets the plain object path (it would look the key id up in its own accounts).
      const up = request(`${s3Url}${new URL(req.url, 'http://x').pathname}`, { method: req.method, headers: { ...req.headers, host: `127.0.0.1:${s3Port}` } }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => { res.writeHead(502).end(); });
      req.pipe(up);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((ok) => gate.listen(0, '127.0.0.1', ok));
  const gateUrl = `http://127.0.0.1:${gate.address().port}`;
  return {
    goldUrl: `${gateUrl}/${bucket}/${prefix}/`,
    s3Url,
    close: async () => {
      gate.closeAllConnections?.();
      await new Promise((ok) => gate.close(() => ok()));
      await s3.close();
    },
  };
}
