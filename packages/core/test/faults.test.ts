import { after, before, test } from 'node:test';
import type { TestEnv } from './shared/env.js';
import { faultTests } from './shared/faults.js';
import { nodeEnv } from './support/node-env.js';

let env: TestEnv & { close(): Promise<void> };
before(async () => {
  env = await nodeEnv({ faults: true });
});
after(() => env?.close());
faultTests((name, fn) => test(name, fn), () => env, 'node');
