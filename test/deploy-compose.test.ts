// deploy/: the compose stack parsed and validated by Debian's `docker-compose config` (no Docker
// engine here) and linted (pinned tags, no latest, a healthcheck on every long-running service, CPU
// only); the lint itself caught on broken files; the nginx service wired to nova.conf with every
// placeholder; the ETL image's production install measured against the 600 MB budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- plain ESM script without types
import { composeConfig, lintCompose } from '../scripts/lint-compose.mjs';
// @ts-expect-error -- plain ESM script without types
import { placeholders } from '../scripts/test-helpers/nginx.mjs';
// @ts-expect-error -- plain ESM script without types
import { measureEtlInstall } from '../scripts/measure-etl-install.mjs';

const root = join(import.meta.dirname, '..');
const COMPOSE = join(root, 'deploy/docker-compose.yml');
const SECRETS = { MINIO_ROOT_USER: 'nova-admin', MINIO_ROOT_PASSWORD: 'a-long-test-secret' };

test('deploy/ holds the compose file, the Dockerfile, the nginx configuration and a README', () => {
  for (const f of ['docker-compose.yml', 'Dockerfile', 'nginx/nova.conf', 'README.md', '.env.example']) assert.ok(existsSync(join(root, 'deploy', f)), f);
});

test('docker-compose config accepts the stack; the lint finds nothing', () => {
  const c = composeConfig(COMPOSE, SECRETS);
  assert.deepEqual(Object.keys(c.services).sort(), ['etl', 'minio', 'minio-setup', 'nginx']);
  assert.deepEqual(lintCompose(c), []);
  // Secrets reach the services from the environment only.
  assert.equal(c.services.minio.environment.MINIO_ROOT_PASSWORD, SECRETS.MINIO_ROOT_PASSWORD);
  assert.equal(c.services.etl.environment.AWS_SECRET_ACCESS_KEY, SECRETS.MINIO_ROOT_PASSWORD);
  assert.ok(!readFileSync(COMPOSE, 'utf8').includes(SECRETS.MINIO_ROOT_PASSWORD));
});

test('without the MinIO secrets compose refuses to start, naming the variable', () => {
  assert.throws(() => composeConfig(COMPOSE, {}), /MINIO_ROOT_(USER|PASSWORD)/);
});

test('the wiring: one-shot jobs ordered after a healthy MinIO, ports on loopback, read-only mounts where served', () => {
  const c = composeConfig(COMPOSE, SECRETS);
  assert.equal(c.services['minio-setup'].depends_on.minio.condition, 'service_healthy');
  assert.equal(c.services.etl.depends_on['minio-setup'].condition, 'service_completed_successfully');
  for (const [name, s] of Object.entries<{ ports?: string[] }>(c.services)) for (const p of s.ports ?? []) assert.match(String(p), /^127\.0\.0\.1:/, `${name} ${p}`);
  const nginxVolumes: string[] = c.services.nginx.volumes;
  assert.ok(nginxVolumes.every((v) => v.endsWith(':ro')), 'nginx mounts everything read-only');
  assert.ok(nginxVolumes.some((v) => v === `${join(root, 'deploy/nginx/nova.conf')}:/etc/nginx/templates/nova.conf.template:ro`), 'nova.conf is the template nginx renders');
  assert.ok(c.services.etl.volumes.includes(`${join(root, 'deploy/exports')}:/exports:ro`), 'exports read-only');
  // Every placeholder of nova.conf is given to the nginx service (the image's envsubst replaces only set names).
  const env = c.services.nginx.environment;
  for (const name of placeholders()) assert.ok(typeof env[name] === 'string' && env[name] !== '', `nginx environment sets ${name}`);
  // The nginx service's folders are the ones nova.conf serves, mounted from the repository's built files.
  for (const [name, host] of [['NOVA_SITE_DIR', 'examples/static-host'], ['NOVA_PORTAL_DIR', 'examples/intranet-portal'], ['NOVA_DIST_DIR', 'packages/components/cdn'], ['NOVA_DUCKDB_DIR', 'node_modules/@duckdb/duckdb-wasm/dist']]) {
    assert.ok(nginxVolumes.includes(`${join(root, host)}:${env[name]}:ro`), `${host} at ${env[name]}`);
    assert.ok(existsSync(join(root, host)), `${host} exists after npm ci && npm run build`);
  }
});

test('the lint catches what it is for: latest, untagged, moving tags, a missing healthcheck, a GPU', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nova-compose-'));
  try {
    writeFileSync(join(dir, 'docker-compose.yml'), `services:
  a:
    image: nginx:latest
    healthcheck: { test: ["CMD", "true"] }
  b:
    image: minio/minio
    healthcheck: { test: ["CMD", "true"] }
  c:
    image: nginx:1.28.0-alpine
  d:
    image: node:lts
    restart: "no"
  e:
    image: busybox:1.36
    healthcheck: { disable: true }
  f:
    image: cuda:12.4
    restart: "no"
    deploy: { resources: { reservations: { devices: [{ capabilities: [gpu] }] } } }
`);
    const problems: string[] = lintCompose(composeConfig(join(dir, 'docker-compose.yml'), {}));
    const by = (s: string) => problems.filter((p) => p.startsWith(`${s}:`));
    assert.match(by('a').join(), /moving tag/);
    assert.match(by('b').join(), /no tag/);
    assert.match(by('c').join(), /without a healthcheck/);
    assert.match(by('d').join(), /moving tag/);
    assert.deepEqual(by('d').filter((p) => /healthcheck/.test(p)), [], 'a one-shot job needs no healthcheck');
    assert.match(by('e').join(), /without a healthcheck/);
    assert.match(by('f').join(), /GPU/);
    assert.equal(problems.length, 6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Dockerfile: a pinned slim Node 20 base and a production install only', () => {
  const df = readFileSync(join(root, 'deploy/Dockerfile'), 'utf8');
  const from = df.split('\n').filter((l) => /^FROM\s/i.test(l));
  assert.deepEqual(from.length, 1);
  assert.match(from[0], /^FROM node:20\.\d+\.\d+-[a-z]+-slim$/);
  assert.match(df, /npm ci --omit=dev -w packages\/etl-node/);
  assert.doesNotMatch(df, /npm (install|i) (?!.*--omit=dev)/);
  assert.match(df, /^USER node$/m, 'does not run as root');
  // Everything the Dockerfile copies is let through its .dockerignore.
  const ignore = readFileSync(join(root, 'deploy/Dockerfile.dockerignore'), 'utf8');
  for (const m of df.matchAll(/^COPY (.+) \S+$/gm)) for (const src of m[1].split(/\s+/)) assert.ok(ignore.includes(`!${src}`), `${src} reaches the build context`);
});

test('the ETL image\'s production install (npm ci --omit=dev, offline) fits the 600 MB image budget', (t) => {
  const r = measureEtlInstall();
  // node:20 bookworm-slim is about 200 MB unpacked (the one figure not measurable without Docker).
  const BASE = 200e6;
  const dist = 5e6;
  t.diagnostic(`nova-etl production install: ${(r.bytes / 1e6).toFixed(1)} MB, ${r.packages} packages; largest ${r.biggest.map((b: { name: string; bytes: number }) => `${b.name} ${(b.bytes / 1e6).toFixed(0)} MB`).join(', ')}`);
  assert.ok(r.bytes > 10e6, 'the install really happened');
  assert.ok(r.biggest.some((b: { name: string }) => b.name === '@duckdb/node-bindings-linux-x64'), 'native DuckDB for Linux is in');
  assert.ok(!r.biggest.some((b: { name: string }) => /typescript|rollup|playwright|esbuild/.test(b.name)), 'no dev tool');
  assert.ok(BASE + dist + r.bytes < 600e6, `estimated image ${((BASE + dist + r.bytes) / 1e6).toFixed(0)} MB`);
});
