// Real HTTP servers for the fault tests (Node side; the browser tests reach them through the
// web-test-runner plugin): gold with CORS, 404/500 manifests, a server that never answers,
// truncated Parquet, a wrong contract, a root whose manifest gets swapped, a server without CORS
// headers on another port, and an S3-protocol server (s3rver) holding the gold.
import { createServer } from 'node:http';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createStaticHandler } from '../../../../scripts/static-server.mjs';
import { goldDir, reference } from './reference.mjs';

const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const writeJson = (p, v) => writeFileSync(p, JSON.stringify(v, null, 2));

function listen(handler) {
  const server = createServer(handler);
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    server.unref();
    ok({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }) });
  }));
}

/**
 * The fact_forecast file that holds the first sampled item (reference.sampleItems): the first file
 * of gold before nova-gold/1.2 (files by item range); in 1.2 the file of the item's bucket, found in
 * the table's index by the contract's placement rule written out here (docs/contract.md).
 */
function firstItemFactFile(src, m, itemId) {
  const t = m.tables.fact_forecast;
  if (t.files) return t.files[0].path;
  const bucket = Number.parseInt(createHash('sha256').update(itemId, 'utf8').digest('hex').slice(0, 8), 16) % t.placement.buckets;
  const index = readFileSync(join(src, t.index.path), 'utf8');
  return JSON.parse(index.slice(bucket * t.index.record_bytes, (bucket + 1) * t.index.record_bytes)).path;
}

/**
 * A snapshot folder copied under another id: nova-gold/1.2 file indexes name their files' paths,
 * so each index's records are rewritten for the new id (re-padded to the record size) and the
 * manifest's index hashes updated.
 */
function retargetIndexes(snapDir, manifest, from, to) {
  for (const t of Object.values(manifest.tables)) {
    if (!t.index) continue;
    const file = join(snapDir, t.index.path.split('/').slice(2).join('/'));
    const text = readFileSync(file, 'utf8');
    let out = '';
    for (let i = 0; i < text.length; i += t.index.record_bytes) {
      const json = JSON.stringify(JSON.parse(text.slice(i, i + t.index.record_bytes)), (k, v) => (k === 'path' ? v.replace(`snapshots/${from}/`, `snapshots/${to}/`) : v));
      out += `${json.padEnd(t.index.record_bytes - 1, ' ')}\n`;
    }
    writeFileSync(file, out);
    t.index.sha256 = sha(file);
  }
}

function fileEntry(table, file) {
  return table.files.find((f) => f.path === file.path);
}

/** Builds the fault gold roots in a temp folder. */
async function prepareRoots(src) {
  const tmp = mkdtempSync(join(tmpdir(), 'nova-core-faults-'));
  const m = readJson(join(src, 'manifest.json'));
  // truncated: dim_item cut in half (manifest unchanged); agg_daily cut with its size updated (bad footer)
  const trunc = join(tmp, 'truncated');
  cpSync(src, trunc, { recursive: true });
  const tm = readJson(join(trunc, 'manifest.json'));
  const dimItem = tm.tables.dim_item.files[0];
  truncateSync(join(trunc, dimItem.path), Math.floor(dimItem.bytes / 2));
  const daily = tm.tables.agg_daily.files[0];
  truncateSync(join(trunc, daily.path), Math.floor(daily.bytes * 0.6));
  daily.bytes = statSync(join(trunc, daily.path)).size;
  writeJson(join(trunc, 'manifest.json'), tm);
  // wrong contract
  const wrong = join(tmp, 'wrong');
  cpSync(join(src, 'manifest.json'), join(wrong, 'manifest.json'), { recursive: true });
  writeJson(join(wrong, 'manifest.json'), { ...m, contract: 'nova-gold/2' });
  // swap: snapshot A (the demo) and B (dim_item names prefixed with "NOVO ")
  const swap = join(tmp, 'swap');
  cpSync(src, swap, { recursive: true });
  const a = m.snapshot_id;
  const b = `${a}-b`;
  cpSync(join(swap, 'snapshots', a), join(swap, 'snapshots', b), { recursive: true });
  const mb = JSON.parse(JSON.stringify(m).replaceAll(`snapshots/${a}/`, `snapshots/${b}/`));
  mb.snapshot_id = b;
  mb.previous_snapshot_id = a;
  retargetIndexes(join(swap, 'snapshots', b), mb, a, b);
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const di = mb.tables.dim_item.files[0];
  const target = join(swap, di.path);
  await conn.run(`COPY (SELECT * REPLACE ('NOVO ' || name AS name) FROM read_parquet('${join(src, m.tables.dim_item.files[0].path)}') ORDER BY item_id)
    TO '${target}.tmp' (FORMAT parquet, COMPRESSION zstd)`);
  conn.closeSync();
  cpSync(`${target}.tmp`, target);
  rmSync(`${target}.tmp`);
  Object.assign(fileEntry(mb.tables.dim_item, di), { bytes: statSync(target).size, sha256: sha(target) });
  mb.tables.dim_item.bytes = di.bytes;
  mb.tables.dim_item.sha256 = di.sha256;
  writeJson(join(swap, 'manifest.A.json'), m);
  writeJson(join(swap, 'manifest.B.json'), mb);
  const c = `${a}-c`;
  // C: a copy of A under another id, kept aside until swap('C') puts it in place.
  const mc = { ...JSON.parse(JSON.stringify(m).replaceAll(`snapshots/${a}/`, `snapshots/${c}/`)), snapshot_id: c, previous_snapshot_id: a };
  cpSync(join(swap, 'snapshots', a), join(tmp, 'c-stash'), { recursive: true });
  retargetIndexes(join(tmp, 'c-stash'), mc, a, c);
  writeJson(join(swap, 'manifest.C.json'), mc);
  // tampered copies (manifest unchanged): one bit flipped in dim_item; fact_forecast cut short,
  // grown by appended bytes, or swapped for a file of an earlier snapshot (other rows, same name)
  const tamper = (name, fn) => {
    const dir = join(tmp, name);
    cpSync(src, dir, { recursive: true });
    fn(dir);
    return dir;
  };
  const [firstItem] = await reference.sampleItems();
  const ff = firstItemFactFile(src, m, firstItem);
  const flip = tamper('flip', (dir) => flipBit(join(dir, m.tables.dim_item.files[0].path)));
  const cut = tamper('cut', (dir) => truncateSync(join(dir, ff), statSync(join(dir, ff)).size - 64));
  const append = tamper('append', (dir) => appendFileSync(join(dir, ff), Buffer.alloc(512, 0x20)));
  const swapped = tamper('swapped', () => undefined);
  const conn2 = await (await DuckDBInstance.create(':memory:')).connect();
  await conn2.run(`COPY (SELECT * FROM read_parquet('${join(src, ff)}') UNION ALL (SELECT * FROM read_parquet('${join(src, ff)}') LIMIT 5000) ORDER BY item_id, site_id, date)
    TO '${join(swapped, ff)}.tmp' (FORMAT parquet, COMPRESSION zstd)`);
  conn2.closeSync();
  cpSync(`${join(swapped, ff)}.tmp`, join(swapped, ff));
  rmSync(`${join(swapped, ff)}.tmp`);
  // moved: snapshot A (its dim_item tampered) and B (sound); the manifest moves from A to B
  const moved = join(tmp, 'moved');
  cpSync(swap, moved, { recursive: true });
  flipBit(join(moved, m.tables.dim_item.files[0].path));
  cpSync(join(moved, 'manifest.A.json'), join(moved, 'manifest.json'));
  return { tmp, trunc, wrong, swap, a, b, c, flip, cut, append, swapped, moved, factFile: ff };
}

/**
 * Answers a Range request with its headers (Content-Range) for every byte asked for and only the
 * first half of them as the body: what Chromium's HTTP cache gave from a sparse entry another
 * request was still filling (2,455 of 8,430 bytes).
 */
function answerShort(file, range, res) {
  const size = statSync(file).size;
  const [, a, b] = /^bytes=(\d*)-(\d*)$/.exec(range);
  const start = a === '' ? Math.max(0, size - Number(b)) : Number(a);
  const end = a === '' || b === '' ? size - 1 : Math.min(Number(b), size - 1);
  const half = Math.max(1, Math.floor((end - start + 1) / 2));
  res.writeHead(206, {
    'Content-Range': `bytes ${start}-${end}/${size}`,
    'Content-Length': String(half),
    'Access-Control-Expose-Headers': 'Content-Range, Content-Length',
    'Cache-Control': 'no-store',
  }).end(readFileSync(file).subarray(start, start + half));
}

/** Flips one bit in the middle of a file. */
function flipBit(path) {
  const bytes = readFileSync(path);
  bytes[bytes.length >> 1] ^= 0x10;
  writeFileSync(path, bytes);
}

async function startS3(src, tmp) {
  const { default: S3rver } = await import('s3rver');
  const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const corsXml = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader><ExposeHeader>Content-Range</ExposeHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>Content-Length</ExposeHeader></CORSRule></CORSConfiguration>`;
  writeFileSync(join(tmp, 'cors.xml'), corsXml);
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(tmp, 's3'), configureBuckets: [{ name: 'nova', configs: [readFileSync(join(tmp, 'cors.xml'))] }] });
  const addr = await s3.run();
  const endpoint = `http://127.0.0.1:${addr.port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  const files = walk(src).filter((f) => !f.endsWith('manifest.json') || relative(src, f) === 'manifest.json');
  for (const f of files.sort((x, y) => (x.endsWith('manifest.json') ? 1 : y.endsWith('manifest.json') ? -1 : 0))) {
    await client.send(new PutObjectCommand({ Bucket: 'nova', Key: `gold/${relative(src, f)}`, Body: readFileSync(f) }));
  }
  client.destroy();
  return { url: `${endpoint}/nova/gold/`, close: () => s3.close() };
}

/** Starts every fault server; returns their URLs, `swap(to)` and `close()`. */
export async function startFaultServers() {
  const src = goldDir();
  const roots = await prepareRoots(src);
  // A and B stay; C is a copy of A that 'gone' prunes while pointing the manifest back at A.
  const swapTo = (which) => {
    if (which === 'movedB') return cpSync(join(roots.moved, 'manifest.B.json'), join(roots.moved, 'manifest.json'));
    if (which === 'movedA') return cpSync(join(roots.moved, 'manifest.A.json'), join(roots.moved, 'manifest.json'));
    const cDir = join(roots.swap, 'snapshots', roots.c);
    if (which === 'C') cpSync(join(roots.tmp, 'c-stash'), cDir, { recursive: true });
    if (which === 'gone') rmSync(cDir, { recursive: true, force: true });
    cpSync(join(roots.swap, `manifest.${which === 'gone' ? 'A' : which}.json`), join(roots.swap, 'manifest.json'));
  };
  swapTo('A');
  const mounts = [
    { prefix: '/ok/', dir: src },
    { prefix: '/truncated/', dir: roots.trunc },
    { prefix: '/wrong/', dir: roots.wrong },
    { prefix: '/swap/', dir: roots.swap },
    { prefix: '/flip/', dir: roots.flip },
    { prefix: '/cut/', dir: roots.cut },
    { prefix: '/append/', dir: roots.append },
    { prefix: '/swapped/', dir: roots.swapped },
    { prefix: '/moved/', dir: roots.moved },
  ];
  // Roots whose requests are logged (URL, Range, Cache-Control) for the retry tests to count:
  // the sound gold whose first item's fact file answers one Range short when armed, and the cut
  // and bit-flipped copies under URLs no other test reads (no other test's requests, no browser
  // cache entries of theirs).
  mounts.push({ prefix: '/short/', dir: src }, { prefix: '/cut-counted/', dir: roots.cut }, { prefix: '/flip-counted/', dir: roots.flip });
  const counted = ['/short/', '/cut-counted/', '/flip-counted/'];
  const log = [];
  let armed; // 'suffix' | 'range': the next such Range request for the fact file is answered short
  const stat = createStaticHandler({ mounts, cors: true });
  const main = await listen((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range, If-None-Match, Authorization, X-Nova-Test');
    if (req.url.startsWith('/missing/')) return void res.writeHead(404).end('not found');
    if (req.url.startsWith('/error/')) return void res.writeHead(500).end('boom');
    if (req.url.startsWith('/hang/')) return; // never answers
    if (req.url.startsWith('/control/')) return control(req, res);
    // `/short-<run>/…` is `/short/…`: each test run reads its own URLs, never a browser cache
    // entry of an earlier run in the same browser.
    const url = req.url;
    req.url = url.replace(/^\/(short|cut-counted|flip-counted)-[A-Za-z0-9]+\//, '/$1/');
    if (!counted.some((p) => req.url.startsWith(p))) return stat(req, res);
    const range = req.headers.range;
    const entry = { url, range, cacheControl: req.headers['cache-control'] ?? null, short: false };
    if (req.method === 'GET') log.push(entry);
    if (armed && req.url === `/short/${roots.factFile}` && range && (armed === 'suffix') === range.startsWith('bytes=-')) {
      armed = undefined;
      entry.short = true;
      return answerShort(join(src, roots.factFile), range, res);
    }
    stat(req, res);
  });
  /** `/control/log?prefix=/short/` (the logged requests under a root, oldest first), `/control/arm?kind=suffix|range`. */
  function control(req, res) {
    const u = new URL(req.url, 'http://x');
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    if (u.pathname === '/control/arm') armed = u.searchParams.get('kind');
    const prefix = u.searchParams.get('prefix') ?? '/';
    res.end(JSON.stringify(u.pathname === '/control/log' ? log.filter((e) => e.url.startsWith(prefix)) : { armed }));
  }
  const noCors = await listen(createStaticHandler({ mounts: [{ prefix: '/gold/', dir: src }] }));
  const refused = await listen(() => undefined);
  await refused.close(); // its port now refuses connections
  const s3 = await startS3(src, roots.tmp);
  process.once('exit', () => rmSync(roots.tmp, { recursive: true, force: true })); // when close() is never called (web-test-runner)
  return {
    urls: {
      ok: `${main.url}/ok/`,
      missing: `${main.url}/missing/`,
      error: `${main.url}/error/`,
      hang: `${main.url}/hang/`,
      truncated: `${main.url}/truncated/`,
      wrong: `${main.url}/wrong/`,
      swap: `${main.url}/swap/`,
      flip: `${main.url}/flip/`,
      cut: `${main.url}/cut/`,
      append: `${main.url}/append/`,
      swapped: `${main.url}/swapped/`,
      moved: `${main.url}/moved/`,
      short: `${main.url}/short/`,
      cutCounted: `${main.url}/cut-counted/`,
      flipCounted: `${main.url}/flip-counted/`,
      control: `${main.url}/control/`,
      noCors: `${noCors.url}/gold/`,
      refused: `${refused.url}/gold/`,
      s3: s3.url,
    },
    snapshots: { a: roots.a, b: roots.b, c: roots.c },
    swap: swapTo,
    close: async () => {
      await Promise.all([main.close(), noCors.close(), s3.close()]);
      rmSync(roots.tmp, { recursive: true, force: true });
    },
  };
}
