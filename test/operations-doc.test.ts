// docs/operations.md, run: every `sh` block in order (one shell state carried from block to block)
// on a scratch NOVA_HOME, from this checkout, with Debian's nginx serving the rendered nova.conf and
// s3rver as the bucket. `docker` blocks are not run. `system` blocks need root on a real host; the
// test does their equivalent: starts nginx on the configuration the runbook rendered, checks the
// systemd units with `systemd-analyze verify`, and runs the cron line's command.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- plain ESM script without types
import { startNginx } from '../scripts/test-helpers/nginx.mjs';
import { startS3rver } from '../scripts/test-helpers/s3rver.mjs';

const root = join(import.meta.dirname, '..');
const DOC = readFileSync(join(root, 'docs/operations.md'), 'utf8');

interface Block { lang: string; info: string; body: string; line: number }

/** The fenced blocks of the runbook, with their info strings and line numbers. */
function blocks(md: string): Block[] {
  const out: Block[] = [];
  const re = /^```(\S*)([^\n]*)\n([\s\S]*?)^```\s*$/gm;
  for (let m; (m = re.exec(md)); ) out.push({ lang: m[1], info: m[2].trim(), body: m[3], line: md.slice(0, m.index).split('\n').length });
  return out;
}

let work: string;
let home: string;
let state: string;
let s3: Awaited<ReturnType<typeof startS3rver>>;
let nginx: { url: string; close(): Promise<void> } | undefined;
let port = 0;

function freePort() {
  return new Promise<number>((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => ok(p)); }); });
}

/** Runs `cmd` without blocking this process (s3rver answers from it). */
function sh(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((ok) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => ok({ status, stdout, stderr }));
  });
}

/** Runs one block in bash with the state the previous blocks left (exported variables). */
function run(b: Block) {
  const script = `set -euo pipefail\n. ${JSON.stringify(state)}\n${b.body}\nexport -p > ${JSON.stringify(state)}\n`;
  return sh('bash', ['-c', script], { cwd: root });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nova-ops-'));
  home = join(work, 'srv-nova');
  mkdirSync(join(work, 'conf.d'));
  s3 = await startS3rver({ bucket: 'nova' });
  port = await freePort();
  state = join(work, 'state.sh');
  // What an operator's environment would hold: where things go, and the S3 credentials.
  const env: Record<string, string> = {
    NOVA_HOME: home, NOVA_PORT: `127.0.0.1:${port}`, NOVA_URL: `http://127.0.0.1:${port}`,
    NGINX_CONF_DIR: join(work, 'conf.d'), NOVA_BUCKET: 'nova', NOVA_S3_ENDPOINT: s3.endpoint,
    AWS_ACCESS_KEY_ID: s3.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: s3.env.AWS_SECRET_ACCESS_KEY, AWS_REGION: s3.env.AWS_REGION,
  };
  writeFileSync(state, Object.entries(env).map(([k, v]) => `export ${k}=${JSON.stringify(v)}`).join('\n') + '\n');
});
after(async () => {
  await nginx?.close();
  await s3?.close();
  rmSync(work, { recursive: true, force: true });
});

test('the runbook covers what the issue asks for', () => {
  for (const h of ['air-gapped', 'Deploy', 'Nightly refresh', 'Monitoring with `doctor`', 'Rollback', 'Backup and restore', 'quality gate fails', 'gold contract']) {
    assert.ok(DOC.includes(h), h);
  }
  const bs = blocks(DOC);
  assert.ok(bs.some((b) => b.lang === 'cron'));
  assert.ok(bs.some((b) => b.info === 'file=nova-nightly.timer'));
  assert.ok(bs.filter((b) => b.lang === 'sh' && !b.info).length >= 10);
  // Every shell block is either run, or marked docker/system (and those are only what they say).
  for (const b of bs.filter((x) => x.lang === 'sh')) {
    assert.match(b.info, /^(|docker|system|expect=\d+)$/, `line ${b.line}: ${b.info}`);
    if (b.info === 'docker') assert.ok(b.body.trim().split('\n').every((l) => /^docker /.test(l)), `line ${b.line}: only docker commands`);
    if (b.info === 'system') assert.ok(b.body.trim().split('\n').every((l) => /^(nginx -t|systemctl) /.test(l)), `line ${b.line}: only service commands`);
  }
});

test('every command of the runbook runs, in order, and does what it says', { timeout: 900_000 }, async () => {
  const ran: number[] = [];
  for (const b of blocks(DOC)) {
    if (b.lang === 'sh' && b.info === 'docker') continue;
    if (b.lang === 'sh' && b.info === 'system') {
      if (b.body.includes('nginx')) {
        // The equivalent of `nginx -t && systemctl reload nginx`: Debian's nginx on the file the runbook rendered.
        const rendered = readFileSync(join(work, 'conf.d/nova.conf'), 'utf8');
        assert.doesNotMatch(rendered, /\$\{NOVA_[A-Z_]+\}/, 'every placeholder filled');
        assert.match(rendered, /\$uri/, "nginx's own variables kept");
        nginx = await startNginx({ vars: {}, confText: rendered, port });
        assert.equal(nginx!.url, `http://127.0.0.1:${port}`);
      } else {
        // The equivalent of enabling the timer: both units verified by systemd itself.
        const units = blocks(DOC).filter((x) => x.info.startsWith('file=nova-nightly.'));
        const dir = join(work, 'units');
        mkdirSync(dir, { recursive: true });
        for (const u of units) writeFileSync(join(dir, u.info.slice(5)), u.body.replaceAll('/srv/nova', home));
        const v = spawnSync('systemd-analyze', ['verify', '--man=no', ...units.map((u) => join(dir, u.info.slice(5)))], { encoding: 'utf8' });
        assert.equal(v.status, 0, `systemd-analyze verify: ${v.stderr}`);
        assert.doesNotMatch(v.stderr, /nova-nightly/, v.stderr);
      }
      continue;
    }
    if (b.lang === 'cron') {
      const line = b.body.trim();
      const m = /^(\S+ \S+ \S+ \S+ \S+) (\S+) (.+)$/.exec(line);
      assert.ok(m, `cron line: ${line}`);
      assert.equal(m[1], '30 2 * * *');
      continue; // its command runs after the deploy section (below), once the job is installed
    }
    if (b.lang !== 'sh') continue;
    const expect = Number(/^expect=(\d+)$/.exec(b.info)?.[1] ?? 0);
    const r = await run(b);
    assert.equal(r.status, expect, `docs/operations.md block at line ${b.line} exited ${r.status}:\n${b.body}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    ran.push(b.line);
    if (expect === 1) assert.match(r.stderr, /quality gate refused the data/);
  }
  const runnable = blocks(DOC).filter((x) => x.lang === 'sh' && /^(|expect=\d+)$/.test(x.info));
  assert.equal(ran.length, runnable.length, 'every runnable block ran');
  assert.ok(ran.length >= 10, `blocks run: ${ran.length}`);

  // What the runbook claims, checked on what it left behind.
  const manifest = JSON.parse(readFileSync(join(home, 'gold/manifest.json'), 'utf8'));
  assert.equal(manifest.contract, 'nova-gold/1.5');
  const onS3 = await (await fetch(`${s3.endpoint}/nova/gold/manifest.json`)).json();
  assert.equal(onS3.snapshot_id, manifest.snapshot_id, 'the bucket was restored to the folder backup\'s snapshot');
  const doctor = JSON.parse(readFileSync(join(home, 'doctor.json'), 'utf8'));
  assert.equal(doctor.ok, true);
  assert.equal(doctor.url, `http://127.0.0.1:${port}/gold/`);

  // The cron line's command, as cron would run it (sh, the installed paths).
  const cron = blocks(DOC).find((x) => x.lang === 'cron')!.body.trim().split(' ').slice(6).join(' ').replaceAll('/srv/nova', home);
  const c = await sh('sh', ['-c', cron], { env: { PATH: '/usr/bin:/bin', HOME: work } });
  assert.equal(c.status, 0, readFileSync(join(home, 'nightly.log'), 'utf8'));
  assert.match(readFileSync(join(home, 'nightly.log'), 'utf8'), /nova-nightly: done/);
  assert.ok(existsSync(join(home, '.nightly.lock')));
});
