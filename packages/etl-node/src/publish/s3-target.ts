import { S3Client } from '@aws-sdk/client-s3';
import { UsageError } from '../errors.js';

/** A parsed `s3://bucket/prefix` target with its client. */
export interface S3Target {
  client: S3Client;
  bucket: string;
  /** Key prefix without leading slash, ending with `/` unless empty. */
  prefix: string;
  url: string;
}

/**
 * Parses `s3://bucket/prefix` and builds a client. Credentials come only from the environment
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN or the SDK's default chain);
 * the endpoint from `--endpoint` or AWS_ENDPOINT_URL (MinIO, s3rver: path-style addressing).
 */
export function parseS3Target(url: string, endpoint?: string): S3Target {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) throw new UsageError(`not an S3 URL: ${url} (expected s3://bucket/prefix)`);
  const ep = endpoint ?? process.env.AWS_ENDPOINT_URL;
  const rawPrefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  const client = new S3Client({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(ep ? { endpoint: ep, forcePathStyle: true } : {}),
  });
  // No credentials anywhere is a setting to make, not a failure of the store: say which (exit 2).
  client.middlewareStack.add((next) => async (args) => {
    try {
      return await next(args);
    } catch (err) {
      if ((err as Error | undefined)?.name !== 'CredentialsProviderError') throw err;
      throw new UsageError(`no S3 credentials for ${url}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment`);
    }
  }, { step: 'initialize', name: 'novaCredentialsHint' });
  return { client, bucket: m[1], prefix: rawPrefix ? `${rawPrefix}/` : '', url };
}
