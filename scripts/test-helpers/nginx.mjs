// Debian's real nginx (/usr/sbin/nginx) on 127.0.0.1 with the repository's deploy/nginx/nova.conf,
// its ${NOVA_*} placeholders substituted the way envsubst (or the official image's templates)
// would, and pid, logs and temp folders in a fresh temporary folder. For tests.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const NGINX = '/usr/sbin/nginx';
export const NOVA_CONF = join(root, 'deploy/nginx/nova.conf');

/** The placeholders nova.conf declares, in its own words: every `${NOVA_…}`. */
export function placeholders(text = readFileSync(NOVA_CONF, 'utf8')) {
  return [...new Set([...text.matchAll(/\$\{(NOVA_[A-Z_]+)\}/g)].map((m) => m[1]))].sort();
}

/** Substitutes `${NAME}` for the given names only (envsubst with a variable list); throws on a missing one. */
export function substitute(text, vars) {
  for (const name of placeholders(text)) if (!(name in vars)) throw new Error(`nova.conf needs ${name}`);
  return text.replace(/\$\{(NOVA_[A-Z_]+)\}/g, (_, n) => vars[n]);
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    }).on('error', fail);
  });
}

/**
 * Starts nginx. `vars` fills nova.conf's placeholders except NOVA_PORT (a free loopback port).
 * `port`: when `confText` is already rendered (it listens on that port).
 * @param {{ vars: Record<string,string>, confText?: string, port?: number }} opts
 * @returns {Promise<{ url: string, port: number, prefix: string, log: () => string, close: () => Promise<void> }>}
 */
export async function startNginx({ vars, confText = readFileSync(NOVA_CONF, 'utf8'), port: fixedPort }) {
  const prefix = mkdtempSync(join(tmpdir(), 'nova-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, d));
  const port = fixedPort ?? (await freePort());
  writeFileSync(join(prefix, 'nova.conf'), substitute(confText, { ...vars, NOVA_PORT: `127.0.0.1:${port}` }));
  const asRoot = process.getuid?.() === 0;
  writeFileSync(join(prefix, 'nginx.conf'), `
${asRoot ? 'user root;' : ''}
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 128; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${prefix}/access.log;
  sendfile on;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include ${prefix}/nova.conf;
}
`);
  const conf = join(prefix, 'nginx.conf');
  const check = spawnSync(NGINX, ['-t', '-p', prefix, '-c', conf], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}`);
  const child = spawn(NGINX, ['-p', prefix, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}`);
    try {
      await fetch(`${url}/`, { method: 'HEAD' });
      break;
    } catch {
      if (i > 200) throw new Error(`nginx did not answer on ${url}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    port,
    prefix,
    log: () => { try { return readFileSync(join(prefix, 'error.log'), 'utf8'); } catch { return ''; } },
    close: async () => {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await done;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** The repository's folders for nova.conf's placeholders (what `npm start` serves). */
export function repoVars({ goldDir, corsOrigin = 'none', goldAuth = 'none' }) {
  return {
    NOVA_SITE_DIR: join(root, 'examples/static-host'),
    NOVA_PORTAL_DIR: join(root, 'examples/intranet-portal'),
    NOVA_DIST_DIR: join(root, 'packages/components/cdn'),
    NOVA_DUCKDB_DIR: join(root, 'node_modules/@duckdb/duckdb-wasm/dist'),
    NOVA_GOLD_DIR: goldDir,
    NOVA_CORS_ORIGIN: corsOrigin,
    NOVA_GOLD_AUTH: goldAuth,
  };
}
