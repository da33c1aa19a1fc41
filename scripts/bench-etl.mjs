#!/usr/bin/env node
// ETL benchmark (a script, not a timed test): runs the real CLI in a child process,
//   node packages/etl-node/bin/nova-etl.js demo --out <tmp> --items 5000 --days 1095 --seed 42 --as-of 2026-10-31
// and prints wall time, fact_forecast rows/s (from the gold manifest) and the child's peak RSS
// against the targets (≤ 60 s, ≤ 2 GB on 2 cores). Peak RSS comes from GNU time (`/usr/bin/time -v`)
// when installed, and from polling /proc (VmHWM of each process, VmRSS summed over the tree) always.
// Options: --items N --days D --seed S --as-of YYYY-MM-DD (smaller runs), --keep (keep the output).
// Exit code: 0 when the run succeeded (targets missed are reported, not fatal), 1 when the CLI failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const TARGET_SECONDS = 60;
const TARGET_BYTES = 2 * 1024 ** 3;
const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '5000' }, days: { type: 'string', default: '1095' }, seed: { type: 'string', default: '42' },
    'as-of': { type: 'string', default: '2026-10-31' }, keep: { type: 'boolean', default: false },
  },
});

const out = mkdtempSync(join(tmpdir(), 'nova-bench-'));
const cliArgs = ['packages/etl-node/bin/nova-etl.js', 'demo', '--out', out, '--items', values.items, '--days', values.days, '--seed', values.seed, '--as-of', values['as-of']];
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const timeFile = join(out, 'time.txt');
const [cmd, args] = gnuTime ? [gnuTime, ['-v', '-o', timeFile, process.execPath, ...cliArgs]] : [process.execPath, cliArgs];

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

console.log(`bench: node ${cliArgs.join(' ')}`);
const t0 = performance.now();
const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
for (const s of [child.stdout, child.stderr]) s.on('data', (d) => { log += d; process.stdout.write(d); });
let hwm = 0;
let treePeak = 0;
const poll = setInterval(() => {
  let sum = 0;
  for (const pid of tree(child.pid)) {
    if (gnuTime && pid === child.pid) continue; // the `time` wrapper itself
    hwm = Math.max(hwm, statusKb(pid, 'VmHWM'));
    sum += statusKb(pid, 'VmRSS');
  }
  treePeak = Math.max(treePeak, sum);
}, 100);
const code = await new Promise((resolve) => child.on('close', resolve));
clearInterval(poll);
const seconds = (performance.now() - t0) / 1000;

let timeKb = 0;
if (gnuTime && existsSync(timeFile)) timeKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))?.[1] ?? 0);
const peakBytes = Math.max(hwm, treePeak, timeKb) * 1024;
const manifestPath = join(out, 'gold', 'manifest.json');
const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
const rows = manifest?.tables?.fact_forecast?.rows ?? 0;
const gen = /\[(\d+(?:\.\d+)?)s\] demo: wrote/.exec(log)?.[1];

const gb = (b) => (b / 1024 ** 3).toFixed(2);
const mark = (ok) => (ok ? 'ok' : 'MISSED');
console.log('\n── nova-etl demo benchmark ─────────────────────────────');
console.log(`items × days        ${values.items} × ${values.days} (seed ${values.seed}, as of ${values['as-of']})`);
console.log(`exit code           ${code}`);
if (gen) console.log(`demo generation     ${Number(gen).toFixed(1)} s (from the CLI progress)`);
console.log(`wall time           ${seconds.toFixed(1)} s    target ≤ ${TARGET_SECONDS} s   ${mark(seconds <= TARGET_SECONDS)}`);
console.log(`fact_forecast rows  ${rows.toLocaleString('en-US')}`);
console.log(`throughput          ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`);
console.log(`peak RSS            ${gb(peakBytes)} GB   target ≤ ${gb(TARGET_BYTES)} GB   ${mark(peakBytes <= TARGET_BYTES)}` +
  `   (${gnuTime ? `GNU time ${gb(timeKb * 1024)} GB, ` : ''}/proc VmHWM ${gb(hwm * 1024)} GB, tree VmRSS ${gb(treePeak * 1024)} GB)`);
if (values.keep) console.log(`output kept in      ${out}`);
else rmSync(out, { recursive: true, force: true });
process.exitCode = code === 0 && manifest ? 0 : 1;
