import { sqlTests } from './shared/sql.js';
import { overHttpAndFolder } from './support/node-env.js';

await overHttpAndFolder(sqlTests);
