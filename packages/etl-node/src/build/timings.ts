/** Wall and CPU time of one build stage (CPU: this process, DuckDB's threads included). */
export interface StageTiming {
  stage: string;
  seconds: number;
  cpu_seconds: number;
}

/**
 * Times the stages of a build: `mark(name)` closes the running stage and opens `name`;
 * `done()` closes the last one and returns them all, in order.
 */
export function stageTimer(): { mark(stage: string): void; done(): StageTiming[] } {
  const out: StageTiming[] = [];
  let current: { stage: string; t0: number; c0: NodeJS.CpuUsage } | null = null;
  const close = () => {
    if (!current) return;
    const c = process.cpuUsage(current.c0);
    out.push({ stage: current.stage, seconds: (performance.now() - current.t0) / 1000, cpu_seconds: (c.user + c.system) / 1e6 });
    current = null;
  };
  return {
    mark(stage) {
      close();
      current = { stage, t0: performance.now(), c0: process.cpuUsage() };
    },
    done() {
      close();
      return out;
    },
  };
}

/** The timings as a small table (stderr of `NOVA_PROFILE=1` builds, parsed by the benches). */
export function formatTimings(timings: StageTiming[]): string {
  const total = timings.reduce((s, t) => ({ w: s.w + t.seconds, c: s.c + t.cpu_seconds }), { w: 0, c: 0 });
  const line = (name: string, w: number, c: number) => `[stage] ${name.padEnd(28)} ${w.toFixed(2).padStart(8)} s  cpu ${c.toFixed(2).padStart(8)} s`;
  return [...timings.map((t) => line(t.stage, t.seconds, t.cpu_seconds)), line('total', total.w, total.c)].join('\n');
}

/**
 * Wall times of the steps of lanes that run side by side (their CPU cannot be told apart: the
 * process's CPU is in the enclosing stage): `mark(lane)(step)` closes the lane's running step and
 * opens `step` ('' closes only); `format()` lists them as `[lane] …` lines for `NOVA_PROFILE`.
 */
export function laneLog(): { mark(lane: string): (step: string) => void; format(): string } {
  const t0 = performance.now();
  const out: { step: string; start: number; seconds: number }[] = [];
  const open = new Map<string, { step: string; start: number }>();
  return {
    mark: (lane) => (step) => {
      const now = performance.now();
      const cur = open.get(lane);
      if (cur) out.push({ step: cur.step, start: (cur.start - t0) / 1000, seconds: (now - cur.start) / 1000 });
      if (step) open.set(lane, { step, start: now });
      else open.delete(lane);
    },
    format: () => out.map((s) => `[lane] ${s.step.padEnd(28)} ${s.seconds.toFixed(2).padStart(8)} s  from ${s.start.toFixed(2)} s`).join('\n'),
  };
}
