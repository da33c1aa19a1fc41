/** Bad command-line usage or configuration: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Input data rejected or a gold root failing validation: exit code 1. */
export class DataError extends Error {
  override name = 'DataError';
}

/** Another run holds the output's lock: exit code 2, with a message naming it (pid, since). */
export class BusyError extends Error {
  override name = 'BusyError';
}
