// Runs a command as a child process and measures it from outside: wall time, CPU time (user +
// system of the whole process tree, from GNU time), peak RSS (the largest of GNU time's maximum
// resident set size and /proc polled every 100 ms: each process's VmHWM and VmRSS summed over the
// tree), and the load average before and after. Shared by bench-etl.mjs and bench-scale.mjs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** kB value of a /proc/<pid>/status field, or 0. */
function statusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and all its descendants (scans /proc for parent links). */
function tree(rootPid) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of parent) if (ppid === pids[i]) pids.push(pid);
  return pids;
}

/**
 * Runs `node args…` (cwd `cwd`, extra `env`), echoing its output when `echo`.
 * Folders in `watch` are sized every 500 ms; `watched` holds each one's peak bytes (DuckDB's spill folder).
 * @returns {Promise<{ code: number, seconds: number, cpuSeconds: number | null, peakBytes: number, load: [number, number], log: string, stdout: string, watched: number[] }>}
 */
export async function measureNode(args, { cwd, env = {}, echo = true, watch = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nova-measure-'));
  const timeFile = join(dir, 'time.txt');
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', 'user %U\nsys %S\nmaxrss %M', '-o', timeFile, process.execPath, ...args]] : [process.execPath, args];
  const load0 = loadavg()[0];
  const t0 = performance.now();
  const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let stdout = '';
  child.stdout.on('data', (d) => { log += d; stdout += d; if (echo) process.stdout.write(d); });
  child.stderr.on('data', (d) => { log += d; if (echo) process.stderr.write(d); });
  let hwm = 0;
  let treePeak = 0;
  const poll = setInterval(() => {
    let sum = 0;
    for (const pid of tree(child.pid)) {
      if (GNU_TIME && pid === child.pid) continue; // the `time` wrapper itself
      hwm = Math.max(hwm, statusKb(pid, 'VmHWM'));
      sum += statusKb(pid, 'VmRSS');
    }
    treePeak = Math.max(treePeak, sum);
  }, 100);
  const watched = watch.map(() => 0);
  const sizes = setInterval(() => watch.forEach((d, i) => { watched[i] = Math.max(watched[i], folderBytes(d)); }), 500);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(poll);
  clearInterval(sizes);
  const seconds = (performance.now() - t0) / 1000;
  let cpuSeconds = null;
  let timeKb = 0;
  if (GNU_TIME && existsSync(timeFile)) {
    const t = readFileSync(timeFile, 'utf8');
    const num = (k) => Number(new RegExp(`^${k} ([\\d.]+)`, 'm').exec(t)?.[1] ?? NaN);
    cpuSeconds = num('user') + num('sys');
    timeKb = num('maxrss') || 0;
  }
  rmSync(dir, { recursive: true, force: true });
  return { code, seconds, cpuSeconds, peakBytes: Math.max(hwm, treePeak, timeKb) * 1024, load: [load0, loadavg()[0]], log, stdout, watched };
}

/** Bytes under a folder (files only; 0 when it does not exist). */
export function folderBytes(dir) {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      try {
        n += statSync(join(e.parentPath ?? e.path, e.name)).size;
      } catch {
        /* gone */
      }
    }
  }
  return n;
}

/** The median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Parses the `[stage] name  W s  cpu C s` lines a `NOVA_PROFILE=1` build prints. */
export function parseStages(log) {
  const out = [];
  for (const m of log.matchAll(/^\[stage\] (.+?)\s+([\d.]+) s\s+cpu\s+([\d.]+) s$/gm)) out.push({ stage: m[1], seconds: Number(m[2]), cpu: Number(m[3]) });
  return out;
}

export const gb = (b) => (b / 1024 ** 3).toFixed(2);
export const mb = (b) => (b / 1024 ** 2).toFixed(1);
