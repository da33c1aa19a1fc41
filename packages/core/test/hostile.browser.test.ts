import type { TestEnv } from './shared/env.js';
import { hostileTests } from './shared/hostile.js';
import { browserEnv } from './support/browser-env.js';

let env: TestEnv & { close(): Promise<void> };
before(async () => {
  env = await browserEnv();
});
after(() => env.close());
hostileTests((name, fn) => it(name, fn), () => env, 'chromium');
