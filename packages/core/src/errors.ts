import type { NovaErrorCode } from './types.js';

/**
 * The only error type the SDK throws. `code` says what kind of failure it is; `message` says what
 * to do about it (which URL, which argument, which snapshot).
 */
export class NovaError extends Error {
  /** What kind of failure this is. */
  readonly code: NovaErrorCode;

  /** Creates an error; `cause` keeps the underlying error for debugging. */
  constructor(code: NovaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NovaError';
    this.code = code;
  }
}

/** True when `err` comes from an aborted signal (user abort, not a timeout of ours). */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && ((err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError');
}

/** Throws a `NovaError('aborted')` when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'the call'): void {
  if (signal?.aborted) throw abortedError(signal, what);
}

/** The error an aborted call rejects with. */
export function abortedError(signal: AbortSignal | undefined, what = 'the call'): NovaError {
  const reason = signal?.reason as { name?: string } | undefined;
  const timeout = reason?.name === 'TimeoutError';
  return new NovaError('aborted', timeout ? `${what} was aborted: its AbortSignal timed out` : `${what} was aborted by its AbortSignal`, {
    cause: signal?.reason,
  });
}

/** Wraps any error as a `NovaError`, keeping NovaErrors as they are. */
export function toNovaError(err: unknown, code: NovaErrorCode, context: string, signal?: AbortSignal): NovaError {
  if (err instanceof NovaError) return err;
  if (signal?.aborted || isAbortError(err)) return abortedError(signal, context);
  const msg = err instanceof Error ? err.message : String(err);
  return new NovaError(code, `${context}: ${msg}`, { cause: err });
}

const gone = new WeakSet<object>();

/** Marks an error as "a file of the pinned snapshot is gone" (the client then refreshes and retries once). */
export function snapshotGone(err: NovaError): NovaError {
  gone.add(err);
  return err;
}

/** True for errors made by {@link snapshotGone}. */
export function isSnapshotGone(err: unknown): boolean {
  return typeof err === 'object' && err !== null && gone.has(err);
}

/** Races a promise against a signal, rejecting with `aborted` when the signal fires first. */
export function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortedError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
