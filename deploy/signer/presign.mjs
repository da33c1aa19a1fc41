// A presigner for a private gold bucket (S3, MinIO, any S3-protocol store): AWS Signature Version 4
// in query parameters, with node:crypto only, so it can be copied into whatever service already
// knows who the user is (an intranet portal's backend, an API gateway handler, a serverless
// function). The browser never sees the bucket's key: it asks that service for a URL per gold file
// through the SDK's `signUrl` option (docs/security.md, "Private gold", pattern 2).
import { createHash, createHmac } from 'node:crypto';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const hmac = (key, s) => createHmac('sha256', key).update(s).digest();
/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Presigns a GET of one object. `url` is the object's URL, path-style (`https://minio:9000/bucket/key`)
 * or virtual-hosted (`https://bucket.s3.amazonaws.com/key`). Only the `host` header is signed, so the
 * reader may add `Range`. `expiresIn` is in seconds (S3 allows 1 to 604800).
 * @param {{ url: string, region: string, accessKeyId: string, secretAccessKey: string, expiresIn?: number, now?: Date }} o
 * @returns {string} the URL with X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders and -Signature
 */
export function presignGet({ url, region, accessKeyId, secretAccessKey, expiresIn = 900, now = new Date() }) {
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) throw new RangeError(`expiresIn must be 1..604800 seconds, got ${expiresIn}`);
  const u = new URL(url);
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/s3/aws4_request`;
  const query = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(expiresIn),
    'X-Amz-SignedHeaders': 'host',
  };
  const canonicalQuery = Object.keys(query).sort().map((k) => `${enc(k)}=${enc(query[k])}`).join('&');
  const canonicalPath = u.pathname.split('/').map((seg) => enc(decodeURIComponent(seg))).join('/');
  const canonicalRequest = ['GET', canonicalPath, canonicalQuery, `host:${u.host}\n`, 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, day);
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `${u.origin}${canonicalPath}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

/** The only paths a gold reader asks for: the manifest and files of a snapshot (no `.`/`..` segment). */
const GOLD_PATH = /^(manifest\.json|snapshots(\/[A-Za-z0-9][A-Za-z0-9._-]*){2,})$/;

/**
 * A signer for one gold root: `(path) => presigned URL`, refusing any path that is not the manifest
 * or a snapshot file (the path comes from the browser: never sign `../other-bucket/…`).
 * @param {{ goldUrl: string, region: string, accessKeyId: string, secretAccessKey: string, expiresIn?: number }} o
 * @returns {(path: string, now?: Date) => string}
 */
export function goldSigner({ goldUrl, ...credentials }) {
  const base = goldUrl.endsWith('/') ? goldUrl : `${goldUrl}/`;
  return (path, now) => {
    if (typeof path !== 'string' || !GOLD_PATH.test(path)) throw new Error(`refusing to sign ${JSON.stringify(path)}: not a gold path`);
    return presignGet({ ...credentials, url: new URL(path, base).href, now });
  };
}
