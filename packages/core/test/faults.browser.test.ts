import type { TestEnv } from './shared/env.js';
import { faultTests } from './shared/faults.js';
import { browserEnv } from './support/browser-env.js';

let env: TestEnv & { close(): Promise<void> };
before(async () => {
  env = await browserEnv();
});
after(() => env.close());
faultTests((name, fn) => it(name, fn), () => env, 'chromium');
