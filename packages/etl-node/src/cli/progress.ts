/**
 * Progress on stderr: a single rewritten line with elapsed time on a TTY, plain lines otherwise
 * (CI logs), nothing with --quiet or --json.
 */
export function createProgress(opts: { quiet: boolean; stream?: NodeJS.WriteStream }) {
  const stream = opts.stream ?? process.stderr;
  const t0 = performance.now();
  const tty = Boolean(stream.isTTY);
  let last = '';
  let lastPlain = 0;
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)}s`;
  const report = (message: string, done?: number, total?: number) => {
    if (opts.quiet) return;
    const pct = done !== undefined && total ? ` ${Math.floor((done / total) * 100)}% (${done}/${total})` : '';
    const line = `[${elapsed()}] ${message}${pct}`;
    if (tty) {
      const cols = stream.columns ?? 100;
      stream.write(`\r\x1b[2K${line.slice(0, cols - 1)}`);
      last = line;
    } else if (done === undefined || performance.now() - lastPlain > 2000) {
      stream.write(`${line}\n`);
      lastPlain = performance.now();
    }
  };
  report.end = () => {
    if (!opts.quiet && tty && last) stream.write('\r\x1b[2K');
  };
  return report;
}
