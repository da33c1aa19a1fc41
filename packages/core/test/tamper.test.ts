import { test, before, after } from 'node:test';
import { tamperTests } from './shared/tamper.js';
import { nodeEnv } from './support/node-env.js';

let env: Awaited<ReturnType<typeof nodeEnv>>;
before(async () => {
  env = await nodeEnv({ faults: true });
});
after(() => env.close());
tamperTests((name, fn) => test(name, fn), () => env, 'node/http');
