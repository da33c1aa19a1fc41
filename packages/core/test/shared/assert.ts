// Tiny assertions that run unchanged in Node and in the browser.
import { NovaError } from '../../src/errors.js';

export function ok(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

export function eq<T>(actual: T, expected: T, msg: string): void {
  if (actual !== expected) throw new Error(`${msg}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Deep comparison with a relative tolerance for numbers. */
export function same(actual: unknown, expected: unknown, msg: string, tol = 1e-9, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const d = Math.abs(actual - expected);
    if (d > tol * Math.max(1, Math.abs(expected))) throw new Error(`${msg}${path}: expected ${expected}, got ${actual}`);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    if (actual !== expected) throw new Error(`${msg}${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (typeof actual !== 'object' || actual === null) throw new Error(`${msg}${path}: expected an object, got ${JSON.stringify(actual)}`);
  if (Array.isArray(expected)) {
    ok(Array.isArray(actual), `${msg}${path}: expected an array`);
    eq((actual as unknown[]).length, expected.length, `${msg}${path}.length`);
  }
  for (const k of Object.keys(expected)) same((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], msg, tol, `${path}.${k}`);
}

/** Awaits a rejection with a NovaError of `code`; returns it. */
export async function rejects(p: Promise<unknown>, code: string, msg: string): Promise<NovaError> {
  try {
    await p;
  } catch (err) {
    ok(err instanceof NovaError, `${msg}: expected a NovaError, got ${String(err)}`);
    eq(err.code, code, `${msg}: code (message: ${err.message})`);
    ok(err.message.length > 20, `${msg}: message says what to do`);
    return err;
  }
  throw new Error(`${msg}: expected a rejection with code ${code}`);
}
