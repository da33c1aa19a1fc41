import { guardTests } from './shared/guard.js';
import './support/browser-env.js';

guardTests((name, fn) => it(name, fn), 'chromium');
