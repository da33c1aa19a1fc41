import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Absolute path of the real CLI entry (after `npm run build`). */
export const BIN = new URL('../bin/nova-etl.js', import.meta.url).pathname;

/** Result of a CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `nova-etl` binary in a child process. */
export function runCli(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A CLI run stopped at a `NOVA_PAUSE_AT` point (src/checkpoint.ts). */
export interface PausedCli {
  child: ChildProcess;
  /** Resolves when the process ends: its exit code or signal and all it wrote to stderr. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Runs the real `nova-etl` with `NOVA_PAUSE_AT=point`; resolves once it says `paused at <point>`
 * (then kill it with SIGKILL, or let it go on with SIGUSR2), rejects when it ends before.
 */
export function pausedCli(args: string[], point: string, env: Record<string, string> = {}): Promise<PausedCli> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, NOVA_PAUSE_AT: point }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((r) => child.on('close', (code, signal) => r({ code, signal, stderr })));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes(`paused at ${point}`)) resolve({ child, closed });
    });
    void closed.then((c) => reject(new Error(`nova-etl ${args[0]} ended (exit ${c.code}, signal ${c.signal}) before pausing at ${point}: ${c.stderr}`)));
  });
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'nova-etl-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs SQL on a fresh native DuckDB and returns JSON-friendly rows (for independent checks). */
export async function query<T = Record<string, unknown>>(sql: string, params?: (string | number)[]): Promise<T[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    const r = await con.runAndReadAll(sql, params);
    return r.getRowObjectsJson() as T[];
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

/**
 * The shared demo gold for tests: `NOVA_TEST_GOLD` when set (scripts/test-all.mjs builds
 * `.nova/test-demo` once), else a demo built now into a temporary folder with the real CLI.
 */
export async function demoGold(): Promise<string> {
  const { existsSync } = await import('node:fs');
  const env = process.env.NOVA_TEST_GOLD;
  if (env && existsSync(join(env, 'manifest.json'))) return env;
  const dir = tempDir('nova-demo-');
  const r = await runCli(['demo', '--out', dir, '--items', '40', '--days', '400', '--seed', '7', '--as-of', '2026-06-30', '--quiet']);
  if (r.code !== 0) throw new Error(`demo failed: ${r.stderr}`);
  return join(dir, 'gold');
}

/**
 * A table's files ({ path, bytes }, paths relative to the gold root): listed in the manifest, or
 * (nova-gold/1.2 item-partitioned tables) one JSON record per line of the table's file index.
 */
export function tableFiles(gold: string, m: { tables: Record<string, any> }, table: string): { path: string; bytes: number }[] {
  const t = m.tables[table];
  if (t.files) return t.files;
  return readFileSync(join(gold, t.index.path), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}
