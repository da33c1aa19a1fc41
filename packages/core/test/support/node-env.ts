// The Node side of the shared test bodies: gold over HTTP (static server) or as a local folder,
// references computed in-process, fault servers on demand.
import { createClient } from '../../src/node/index.js';
import type { Define, TestEnv } from '../shared/env.js';
// @ts-expect-error -- plain ESM helper without types
import { startStaticServer } from '../../../../scripts/static-server.mjs';
// @ts-expect-error -- plain ESM helper without types
import { goldDir, reference } from './reference.mjs';
// @ts-expect-error -- plain ESM helper without types
import { startFaultServers } from './fault-servers.mjs';

let unhandled = 0;
process.on('unhandledRejection', () => unhandled++);

const noFaults = new Proxy({}, { get: () => { throw new Error('fault servers not started'); } }) as TestEnv['faults'];

/** Builds the Node env: `folder` reads the gold root from disk, else over HTTP. */
export async function nodeEnv(opts: { folder?: boolean; faults?: boolean } = {}): Promise<TestEnv & { close(): Promise<void> }> {
  const clients: { close(): Promise<void> }[] = [];
  const closers: (() => Promise<void>)[] = [];
  let goldUrl = goldDir();
  if (!opts.folder) {
    const srv = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: goldDir() }], cors: true });
    closers.push(() => srv.close());
    goldUrl = `${srv.url}/gold/`;
  }
  const faults = opts.faults ? await startFaultServers() : undefined;
  if (faults) closers.push(() => faults.close());
  return {
    runtime: 'node',
    goldUrl,
    async createClient(o) {
      const c = await createClient(o);
      clients.push(c);
      return c;
    },
    async ref(name, args) {
      return JSON.parse(JSON.stringify(await reference[name](args ?? {})));
    },
    faults: faults?.urls ?? noFaults,
    snapshots: faults?.snapshots ?? { a: '', b: '', c: '' },
    async swap(which) {
      faults.swap(which);
    },
    unhandled: () => unhandled,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await Promise.all(closers.map((c) => c()));
    },
  };
}

/**
 * Registers a shared test body twice under node:test: against the gold over HTTP and as a local
 * folder (labels `node/http`, `node/folder`), with both environments opened once and closed after.
 */
export async function overHttpAndFolder(suite: (def: Define, env: () => TestEnv, label: string) => void): Promise<void> {
  const { after, before, test } = await import('node:test');
  let http: (TestEnv & { close(): Promise<void> }) | undefined;
  let folder: (TestEnv & { close(): Promise<void> }) | undefined;
  before(async () => {
    [http, folder] = await Promise.all([nodeEnv(), nodeEnv({ folder: true })]);
  });
  after(() => Promise.all([http?.close(), folder?.close()]));
  const define: Define = (name, fn) => test(name, fn);
  suite(define, () => http as TestEnv, 'node/http');
  suite(define, () => folder as TestEnv, 'node/folder');
}
