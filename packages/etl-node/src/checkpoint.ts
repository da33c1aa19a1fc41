/**
 * Fault-injection point for crash tests: when `NOVA_PAUSE_AT` names this point, the process
 * announces it on stderr (`paused at <name>`) and waits to be killed (kill -9), or resumed with
 * SIGUSR2 (a test changes something the run depends on meanwhile, then lets it go on); when
 * `NOVA_FAIL_AT` names it, the step fails with an error (`injected failure at <name>`), so a test
 * can check what a failing run cleans up. Without either variable it does nothing.
 */
export async function checkpoint(name: string): Promise<void> {
  if (process.env.NOVA_FAIL_AT === name) throw new Error(`injected failure at ${name} (NOVA_FAIL_AT)`);
  if (process.env.NOVA_PAUSE_AT !== name) return;
  await new Promise<void>((resume) => {
    const keepAlive = setInterval(() => {}, 1 << 30);
    process.once('SIGUSR2', () => {
      clearInterval(keepAlive);
      resume();
    });
    process.stderr.write(`paused at ${name}\n`);
  });
}
