/**
 * Fault-injection point for crash tests: when `NOVA_PAUSE_AT` names this point, the process
 * announces it on stderr (`paused at <name>`) and waits to be killed (kill -9), so a test can
 * crash a build or publish at an exact step. Without the variable it does nothing.
 */
export async function checkpoint(name: string): Promise<void> {
  if (process.env.NOVA_PAUSE_AT !== name) return;
  process.stderr.write(`paused at ${name}\n`);
  await new Promise<void>(() => {
    setInterval(() => {}, 1 << 30);
  });
}
