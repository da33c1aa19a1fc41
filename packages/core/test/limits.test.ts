import { limitsTests } from './shared/limits.js';
import { overHttpAndFolder } from './support/node-env.js';

await overHttpAndFolder(limitsTests);
