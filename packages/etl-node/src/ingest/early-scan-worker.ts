// The scan worker of ingest/early-scan.ts: the byte pass of each requested file in order that the
// main thread has not taken yet, each answer posted as soon as it is made. A file it cannot read
// is answered null (the main thread then reads it and reports the error as it always did).
import { parentPort, workerData } from 'node:worker_threads';
import { earlyScan, type ScanReply, type ScanWork } from './early-scan.js';

const { requests, claims } = workerData as ScanWork;
for (const [i, r] of requests.entries()) {
  if (Atomics.compareExchange(claims, i, 0, 1) !== 0) continue; // the main thread read it itself
  const scan = await earlyScan(r.path, r.file).catch(() => null);
  parentPort!.postMessage({ i, scan } satisfies ScanReply);
}
