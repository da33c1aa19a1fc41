import type { TestEnv } from './shared/env.js';
import { limitsTests } from './shared/limits.js';
import { browserEnv } from './support/browser-env.js';

let env: TestEnv & { close(): Promise<void> };
before(async () => {
  env = await browserEnv();
});
after(() => env.close());
limitsTests((name, fn) => it(name, fn), () => env, 'chromium');
