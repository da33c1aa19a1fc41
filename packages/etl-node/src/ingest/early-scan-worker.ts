// The scan worker of ingest/early-scan.ts: the byte pass of each requested file in order, each
// answer posted as soon as it is made. A file it cannot read is answered null (the main thread
// then reads it and reports the error as it always did).
import { parentPort, workerData } from 'node:worker_threads';
import { earlyScan, type ScanReply, type ScanRequest } from './early-scan.js';

const requests = workerData as ScanRequest[];
for (const [i, r] of requests.entries()) {
  const scan = await earlyScan(r.path, r.file).catch(() => null);
  parentPort!.postMessage({ i, scan } satisfies ScanReply);
}
