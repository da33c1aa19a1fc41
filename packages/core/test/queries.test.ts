import { queryTests } from './shared/queries.js';
import { overHttpAndFolder } from './support/node-env.js';

await overHttpAndFolder(queryTests);
