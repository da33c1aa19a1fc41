import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type DirectCsv, directCsvScan } from './csv-direct.js';
import { decodeText, looksBinary } from './decode.js';
import { csvDelimiter, SEP_LINE } from './dialect.js';

/**
 * What the byte pass of a text input found, when DuckDB may read the file as it is (see
 * `directCsvScan`): the file's byte length, delimiter, its first line (the header, if the
 * header search ends on line 1) and the scan made with that line's field count.
 */
export interface EarlyScan {
  bytes: number;
  delimiter: string;
  /** The decoded text's first line. */
  head: string;
  /** Fields of `head` split on `delimiter`: the width `scan` was made for. */
  width: number;
  scan: DirectCsv;
}

/**
 * The byte pass of one CSV exactly as `ingestText` (ingest/index.ts) makes it — read, binary check,
 * decode, the `sep=` line, the delimiter, then `directCsvScan` for the first line's width — or null
 * when that pass would not give a direct read (not UTF-8, a `sep=` line, binary, a quote, a CR, a
 * ragged or blank line…) or the file cannot be read: the build then reads the file again the usual
 * way, which finds the same thing and reports it as before.
 */
export async function earlyScan(path: string, file: string): Promise<EarlyScan | null> {
  const buf = await readFile(path);
  if (looksBinary(buf)) return null;
  const decoded = decodeText(buf);
  if (decoded.encoding !== 'utf-8' || SEP_LINE.test(decoded.text)) return null;
  const delimiter = csvDelimiter(decoded.text, file);
  const nl = decoded.text.indexOf('\n');
  const head = nl < 0 ? decoded.text : decoded.text.slice(0, nl);
  const width = head.split(delimiter).length;
  const scan = directCsvScan(buf, decoded.text, delimiter, width);
  return scan === null ? null : { bytes: buf.length, delimiter, head, width, scan };
}

/** One file for the scan worker: its path and its name relative to the raw folder. */
export interface ScanRequest {
  path: string;
  file: string;
}

/** What the scan worker is given: the files, and one claim per file shared with the main thread. */
export interface ScanWork {
  requests: ScanRequest[];
  claims: Int32Array;
}

/** The scan worker's answer for `requests[i]`. */
export interface ScanReply {
  i: number;
  scan: EarlyScan | null;
}

/** Scans on the worker, by file name; `stop()` ends the worker (answers not given become null). */
export interface EarlyScans {
  /**
   * Claims `file` for the calling thread: null if the worker has not started on it (it will
   * skip it now: the caller reads the file itself rather than wait), else the worker's answer
   * to await (null too when the worker fails). Null for a file not requested.
   */
  claim(file: string): Promise<EarlyScan | null> | null;
  /** Resolves once the worker has ended (every file it took answered) or could not start. */
  finished: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the byte pass of the given files on a worker thread, one after the other in the given
 * order, while the main thread reads the other inputs (the catalogue's record pass, the Parquet
 * files): reading the raw inputs ran on one core with the other idle (ADR 0006, session 14). A
 * file the main thread reaches before the worker has started on it is the main thread's (see
 * {@link EarlyScans.claim}). Any failure of the worker (it cannot start, a file cannot be read, it
 * dies) makes the scans it did not answer null: those files are read on the main thread as before.
 */
export function startEarlyScans(requests: ScanRequest[]): EarlyScans {
  const waiting = requests.map(() => {
    let resolve!: (s: EarlyScan | null) => void;
    const promise = new Promise<EarlyScan | null>((r) => (resolve = r));
    return { promise, resolve };
  });
  const byFile = new Map(requests.map((r, i) => [r.file, i]));
  // Who takes each file: 0 none yet, 1 the worker, 2 the main thread (whoever swaps 0 first).
  const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, requests.length)));
  const giveUp = () => {
    for (const w of waiting) w.resolve(null);
  };
  let worker: Worker | null = null;
  let ended!: () => void;
  const finished = new Promise<void>((r) => (ended = r));
  if (!requests.length) ended();
  else {
    try {
      worker = extname(fileURLToPath(import.meta.url)) === '.ts'
        // Run from TypeScript by tsx (the tests): Node 20's workers do not inherit its loader, so
        // the worker registers it before loading its .ts module.
        ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => t.register())
            .then(() => import(${JSON.stringify(new URL('./early-scan-worker.ts', import.meta.url).href)}))`, { eval: true, workerData: { requests, claims } })
        : new Worker(new URL('./early-scan-worker.js', import.meta.url), { workerData: { requests, claims } });
      worker.on('message', (m: ScanReply) => waiting[m.i]?.resolve(m.scan));
      worker.on('error', giveUp);
      worker.on('exit', () => {
        giveUp();
        ended();
      });
    } catch {
      giveUp();
      ended();
    }
  }
  return {
    claim(file) {
      const i = byFile.get(file);
      if (i === undefined) return null;
      const owner = Atomics.compareExchange(claims, i, 0, 2);
      return owner === 1 ? waiting[i].promise : null;
    },
    finished,
    async stop() {
      giveUp();
      await worker?.terminate();
    },
  };
}
