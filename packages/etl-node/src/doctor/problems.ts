/**
 * What `nova-etl doctor` can find wrong with a deployment: one code per kind of problem, each with
 * the fix an operator applies. Messages name the URL; the fix says what to change on the host.
 */
export const FIXES = {
  unreachable: 'check the URL, DNS and that the web server or bucket is up and reachable from here',
  unauthorized: 'for a private gold set NOVA_GOLD_AUTH to the Authorization value readers send (e.g. "Bearer …"), or check that token or the bucket policy (docs/security.md, "Private gold")',
  manifest_status: 'publish the gold there (nova-etl build --out DIR, or nova-etl publish --to s3://…) or fix the URL',
  manifest_invalid: 'rebuild and republish the gold with nova-etl; never edit manifest.json by hand',
  manifest_type: 'serve .json as application/json (nginx: include mime.types; S3: Content-Type on upload)',
  manifest_cache: 'send "Cache-Control: no-cache" on manifest.json so browsers revalidate it (the repository\'s deploy/nginx/nova.conf does)',
  index_invalid: 'a table\'s file index (nova-gold/1.2) is missing or differs from the manifest: republish the snapshot (nova-etl publish) or roll back',
  file_missing: 'the snapshot is incomplete: republish it (nova-etl publish) or roll back (nova-etl rollback)',
  file_size: 'the file differs from the one the manifest lists: republish the snapshot, never overwrite its files',
  file_status: 'the server refused a snapshot file: check its permissions and the server log',
  range_ignored: 'enable HTTP Range requests (206 Partial Content); Python\'s http.server and some proxies do not support them — use nginx (the repository\'s deploy/nginx/nova.conf), S3 or MinIO',
  suffix_range: 'answer suffix Ranges ("bytes=-N": a file\'s last N bytes, RFC 9110) as nginx, S3 and MinIO do; npm\'s http-server refuses them (416), so each page reads its first footer one request later',
  file_type: 'serve snapshot files as binary (application/octet-stream), never as text or an HTML fallback page',
  file_cache: 'send "Cache-Control: public, max-age=31536000, immutable" on snapshots/* (the repository\'s deploy/nginx/nova.conf does)',
  cors_origin: 'allow the page origin in CORS for GET and HEAD (nginx: NOVA_CORS_ORIGIN; S3/MinIO: the bucket CORS rule)',
  cors_expose: 'expose Content-Range, Content-Length and ETag in CORS (Access-Control-Expose-Headers / ExposeHeader)',
  cors_preflight: 'answer the CORS preflight (OPTIONS) for the Range header: Access-Control-Allow-Headers: Range',
  stale: 'the nightly build did not run or failed: check the job\'s exit code and log (docs/operations.md)',
} as const;

export type ProblemCode = keyof typeof FIXES;

export interface Problem {
  code: ProblemCode;
  /** The URL the problem was seen on (the first one when several files share it). */
  url: string;
  message: string;
  fix: string;
  /** How many URLs showed the same problem (file checks are grouped by code). */
  count: number;
}

/** Collects problems; file-level ones of the same code become one line with a count. */
export class Problems {
  readonly list: Problem[] = [];
  add(code: ProblemCode, url: string, message: string, group = false): void {
    const same = group ? this.list.find((p) => p.code === code) : undefined;
    if (same) {
      same.count += 1;
      return;
    }
    this.list.push({ code, url, message, fix: FIXES[code], count: 1 });
  }
}
