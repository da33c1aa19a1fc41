import { test } from 'node:test';
import { guardTests } from './shared/guard.js';

guardTests((name, fn) => test(name, fn), 'node');
