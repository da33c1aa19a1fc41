// Bench page entry (bundled by scripts/bench-core.mjs with esbuild): the SDK as integrators load
// it, plus the "whole file in DuckDB-WASM" way other static dashboards answer the same question.
import { createClient } from '../../packages/core/dist/index.js';
import * as duckdb from '@duckdb/duckdb-wasm';
import { parquetMetadataAsync, parquetRead } from 'hyparquet';
import { decompress } from 'fzstd';
import { Table, tableToIPC, vectorFromArray, Utf8, Float64, DateDay } from 'apache-arrow';

const compressors = { ZSTD: (input, n) => decompress(input, new Uint8Array(n)) };

/**
 * fact_forecast's files (with `oneFile`, the one holding the item): from the manifest (gold before
 * nova-gold/1.2, files by item range) or the table's index (1.2, the item's hash bucket; docs/contract.md).
 */
async function factFiles(goldUrl, manifest, itemId, oneFile) {
  const t = manifest.tables.fact_forecast;
  if (t.files) return t.files.filter((f) => !oneFile || (f.min_item_id <= itemId && f.max_item_id >= itemId));
  const records = (await (await fetch(goldUrl + t.index.path)).text()).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  if (!oneFile) return records;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(itemId)));
  const first4 = ((digest[0] << 24) >>> 0) + (digest[1] << 16) + (digest[2] << 8) + digest[3];
  return [records[first4 % t.placement.buckets]];
}

/**
 * Downloads fact_forecast whole (every file, or with `oneFile` only the file holding the item),
 * loads the columns into DuckDB-WASM (1.32 has no Parquet reader offline), runs the query.
 */
async function wholeFile(goldUrl, itemId, start, end, oneFile = false) {
  const t0 = performance.now();
  const manifest = await (await fetch(`${goldUrl}manifest.json`, { cache: 'no-cache' })).json();
  const worker = new Worker('./duckdb/duckdb-browser-eh.worker.js');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  const files = await factFiles(goldUrl, manifest, itemId, oneFile);
  const [conn, buffers] = await Promise.all([
    db.instantiate(new URL('./duckdb/duckdb-eh.wasm', location.href).href).then(() => db.connect()),
    Promise.all(files.map((f) => fetch(goldUrl + f.path).then((r) => r.arrayBuffer()))),
  ]);
  for (const s of ['SET autoinstall_known_extensions=false', 'SET autoload_known_extensions=false', 'SET enable_external_access=false']) await conn.query(s);
  const cols = ['item_id', 'site_id', 'source', 'date', 'forecast', 'actual'];
  const types = { item_id: new Utf8(), site_id: new Utf8(), source: new Utf8(), date: new DateDay(), forecast: new Float64(), actual: new Float64() };
  let first = true;
  for (const buf of buffers) {
    const metadata = await parquetMetadataAsync(buf);
    const data = Object.fromEntries(cols.map((c) => [c, []]));
    await parquetRead({ file: buf, metadata, columns: cols, compressors, onChunk: (ch) => data[ch.columnName].push(ch.columnData) });
    const vectors = {};
    for (const c of cols) {
      const flat = data[c].length === 1 ? data[c][0] : data[c].flatMap((a) => Array.from(a));
      vectors[c] = vectorFromArray(Array.from(flat), types[c]);
    }
    await conn.insertArrowFromIPCStream(tableToIPC(new Table(vectors), 'stream'), { name: 'fact_forecast', create: first });
    first = false;
  }
  const stmt = await conn.prepare('SELECT date, forecast, actual FROM fact_forecast WHERE item_id = ? AND date BETWEEN ?::DATE AND ?::DATE ORDER BY date');
  const res = await stmt.query(itemId, start, end);
  const ms = performance.now() - t0;
  const rows = res.numRows;
  await db.terminate();
  return { ms, rows, bytes: buffers.reduce((s, b) => s + b.byteLength, 0) };
}

/** Every request the SDK makes through the client's `fetch` option: its URL, Range header and when it left. */
const sent = [];
const loggedFetch = (input, init) => {
  sent.push({ url: String(input instanceof Request ? input.url : input), range: new Headers(init?.headers).get('Range'), start: performance.now() });
  return fetch(input, init);
};

/**
 * The gold requests made since `since` (performance.now()), in rounds: a request that left before
 * any answer of the current round came back belongs to it (Resource Timing's network times; the
 * Range headers from the client's fetch, matched by URL and order).
 */
function goldRounds(since) {
  const seen = new Map();
  const timing = performance.getEntriesByType('resource').filter((e) => e.startTime >= since && e.name.includes('/gold/'));
  const reqs = sent.filter((r) => r.start >= since - 1 && r.url.includes('/gold/')).map((r) => {
    const n = seen.get(r.url) ?? 0;
    seen.set(r.url, n + 1);
    const t = timing.filter((e) => e.name === r.url)[n];
    return { path: r.url.slice(r.url.indexOf('/gold/') + '/gold/'.length), range: r.range, start: t?.startTime ?? r.start, end: t?.responseEnd ?? r.start };
  }).sort((a, b) => a.start - b.start);
  const rounds = [];
  for (const r of reqs) {
    const last = rounds.at(-1);
    if (last && r.start < last.firstAnswer) {
      last.reqs.push(r);
      last.firstAnswer = Math.min(last.firstAnswer, r.end);
    } else rounds.push({ reqs: [r], firstAnswer: r.end });
  }
  return rounds.map((x) => x.reqs.map(({ path, range }) => ({ path, range })));
}

/**
 * The floor of a read: the same requests in the same rounds, on a connection the manifest's fetch
 * opened (as `createClient` does), each body read whole; no SDK, no Parquet decoding.
 */
async function replay(goldUrl, rounds) {
  await (await fetch(`${goldUrl}manifest.json`)).arrayBuffer();
  const t0 = performance.now();
  let bytes = 0;
  for (const round of rounds) {
    const bodies = await Promise.all(round.map(async (r) => (await fetch(goldUrl + r.path, r.range ? { headers: { Range: r.range } } : {})).arrayBuffer()));
    bytes += bodies.reduce((n, b) => n + b.byteLength, 0);
  }
  return { ms: performance.now() - t0, bytes };
}

window.bench = { createClient: (opts) => createClient({ ...opts, fetch: loggedFetch }), goldRounds, replay, wholeFile };
