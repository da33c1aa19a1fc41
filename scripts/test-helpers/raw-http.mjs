// Test helpers shared by the nginx and private-gold tests.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

/**
 * A raw HTTP request (fetch() adds its own headers and decodes gzip).
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string> }} [opts]
 * @returns {Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: Buffer }>}
 */
export function rawRequest(url, { method = 'GET', headers = {} } = {}) {
  return new Promise((ok, fail) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

/**
 * The first file holding rows of a nova-gold/1.2 split table, read from its file index
 * (docs/contract.md; a bucket without items is an empty file).
 * @param {string} goldDir
 * @param {{ index: { path: string } }} table the manifest's entry
 * @returns {{ path: string, bytes: number, rows: number }}
 */
export function firstFileWithRows(goldDir, table) {
  const records = readFileSync(join(goldDir, table.index.path), 'utf8').split('\n').filter((l) => l.trim() !== '');
  return records.map((l) => JSON.parse(l)).find((r) => r.rows > 0);
}
