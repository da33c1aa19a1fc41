import type { TestEnv } from './shared/env.js';
import { queryTests } from './shared/queries.js';
import { browserEnv } from './support/browser-env.js';

let env: TestEnv & { close(): Promise<void> };
before(async () => {
  env = await browserEnv();
});
after(() => env.close());
queryTests((name, fn) => it(name, fn), () => env, 'chromium');
