import type { TestEnv } from './shared/env.js';
import { tamperTests } from './shared/tamper.js';
import { browserEnv } from './support/browser-env.js';

let env: TestEnv & { close(): Promise<void> };
before(async () => {
  env = await browserEnv();
});
after(() => env.close());
tamperTests((name, fn) => it(name, fn), () => env, 'chromium');
