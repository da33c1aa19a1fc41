/** Where gold bytes come from: HTTP(S) (browser and Node) or a local folder (Node only). */
export interface ByteSource {
  /** Human-readable location of a path, for error messages (a URL or a file path). */
  describe(path: string): string;
  /** Reads a small text file (the manifest). `revalidate` bypasses HTTP caches. Resolves null on 404. */
  text(path: string, opts: { signal?: AbortSignal; revalidate?: boolean }): Promise<string | null>;
  /**
   * Reads bytes [start, end) of an immutable file. With `size`, the file must be exactly that many
   * bytes (checked from the response's `Content-Range` or the file's length, at no extra request);
   * otherwise it rejects with `corrupt_snapshot`.
   */
  range(path: string, start: number, end: number, signal?: AbortSignal, size?: number): Promise<ArrayBuffer>;
  /**
   * Reads the last `length` bytes of an immutable file whose size the caller does not know yet (a
   * suffix Range, `bytes=-length`), with the file's size when the answer tells it (`Content-Range`,
   * or a whole file). The whole file when it is shorter. The caller checks the size it learns later.
   * Null when the server does not answer suffix Ranges as RFC 9110 says: the caller then reads
   * the file's end once it knows the size.
   */
  suffix(path: string, length: number, signal?: AbortSignal): Promise<{ bytes: ArrayBuffer; size?: number } | null>;
  /**
   * The same source with every read asking the server itself, past any HTTP cache
   * (`cache: 'no-store'`): what the client's one retry after a corrupt read uses.
   */
  fresh(): ByteSource;
  /** Local folder of the gold root when there is one (lets Node's DuckDB read files directly). */
  readonly localRoot?: string;
}
