import { hostileTests } from './shared/hostile.js';
import { overHttpAndFolder } from './support/node-env.js';

await overHttpAndFolder(hostileTests);
