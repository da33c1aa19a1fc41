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
  /** Local folder of the gold root when there is one (lets Node's DuckDB read files directly). */
  readonly localRoot?: string;
}
