import { after, before, test } from 'node:test';
import type { TestEnv } from './shared/env.js';
import { queryTests } from './shared/queries.js';
import { nodeEnv } from './support/node-env.js';

let http: TestEnv & { close(): Promise<void> };
let folder: TestEnv & { close(): Promise<void> };
before(async () => {
  [http, folder] = await Promise.all([nodeEnv(), nodeEnv({ folder: true })]);
});
after(() => Promise.all([http?.close(), folder?.close()]));
const define = (name: string, fn: () => Promise<void>) => test(name, fn);
queryTests(define, () => http, 'node/http');
queryTests(define, () => folder, 'node/folder');
