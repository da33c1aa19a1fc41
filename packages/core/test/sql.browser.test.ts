import type { TestEnv } from './shared/env.js';
import { sqlTests } from './shared/sql.js';
import { browserEnv } from './support/browser-env.js';

let env: TestEnv & { close(): Promise<void> };
before(async () => {
  env = await browserEnv();
});
after(() => env.close());
sqlTests((name, fn) => it(name, fn), () => env, 'chromium');
