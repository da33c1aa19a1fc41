import { UsageError } from '../errors.js';
import { int, parse } from '../cli/args.js';
import type { Io } from '../cli/commands.js';
import { doctor } from './doctor.js';

/**
 * `nova-etl doctor GOLD_URL [--origin ORIGIN] [--max-age DAYS] [--json]`: exit 0 when the deployment
 * is healthy, 1 with one line per problem and its fix, 2 on a usage error. `NOVA_GOLD_AUTH` in the
 * environment (as in deploy/nginx/nova.conf) is sent as the `Authorization` header of a private gold.
 */
export async function doctorCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { origin: { type: 'string' }, 'max-age': { type: 'string' } }, 1);
  const url = positionals[0];
  if (!url) throw new UsageError('usage: nova-etl doctor GOLD_URL [--origin PAGE_ORIGIN] [--max-age DAYS] [--json]');
  const origin = values.origin as string | undefined;
  if (origin !== undefined) {
    let o: URL;
    try {
      o = new URL(origin);
    } catch {
      throw new UsageError(`--origin must be a page origin such as https://intranet.example.com (got ${JSON.stringify(origin)})`);
    }
    if (o.origin !== origin) throw new UsageError(`--origin must be an origin only, scheme://host[:port] without a path (got ${JSON.stringify(origin)}, did you mean ${o.origin}?)`);
  }
  const maxAgeDays = values['max-age'] === undefined ? undefined : int(values, 'max-age', 0, 0);
  let report;
  try {
    // A private gold's Authorization value comes from the environment, never the command line (ps).
    const auth = process.env.NOVA_GOLD_AUTH;
    report = await doctor(url, { origin, maxAgeDays, authorization: auth && auth !== 'none' ? auth : undefined });
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(`${(err as Error).message.startsWith(url) ? '' : `${url}: `}${(err as Error).message}`);
    throw err;
  }
  if (values.json) {
    io.out(JSON.stringify(report, null, 2));
  } else if (report.ok) {
    io.out(`ok ${report.url}: snapshot ${report.snapshot_id} (${report.contract}, as of ${report.as_of}, ${report.age_days.as_of} days ago), ${report.files_checked} files checked`);
  } else {
    for (const p of report.problems) io.out(`✗ [${p.code}] ${p.message}${p.count > 1 ? ` (and ${p.count - 1} more)` : ''} — fix: ${p.fix}`);
    io.out(`${report.problems.length} problem(s) at ${report.url}`);
  }
  return report.ok ? 0 : 1;
}
