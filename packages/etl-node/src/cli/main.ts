import { readFileSync } from 'node:fs';
import { BusyError, DataError, UsageError } from '../errors.js';
import { COMMANDS, type Io } from './commands.js';
import { HELP } from './help.js';

/** The version in this package's package.json (read at run time, so it never drifts from the release). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs `nova-etl` with the given arguments; returns the exit code (0 ok, 1 data, 2 usage). */
export async function main(argv: string[], io: Io = { out: (s) => console.log(s), err: (s) => console.error(s) }): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    io.out(HELP);
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.out(packageVersion());
    return 0;
  }
  // doctor's modules are loaded when it runs (as the other commands' own modules: cli/commands.ts).
  const run = cmd === 'doctor' ? (a: string[], o: Io) => import('../doctor/command.js').then((d) => d.doctorCommand(a, o)) : COMMANDS[cmd];
  if (!run) {
    io.err(`nova-etl: unknown command ${JSON.stringify(cmd)}\n\n${HELP}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(HELP);
    return 0;
  }
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`nova-etl ${cmd}: ${err.message}\nRun "nova-etl --help" for usage.`);
      return 2;
    }
    if (err instanceof BusyError) {
      io.err(`nova-etl ${cmd}: ${err.message}`);
      return 2;
    }
    if (err instanceof DataError) {
      io.err(`nova-etl ${cmd}: ${err.message}`);
      return 1;
    }
    io.err(`nova-etl ${cmd}: ${(err as Error).message ?? String(err)}`);
    if (process.env.NOVA_DEBUG) io.err((err as Error).stack ?? '');
    return 1;
  }
}
