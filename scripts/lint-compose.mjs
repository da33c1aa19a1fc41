// Checks a Docker Compose file the way deploy/ promises: parsed and validated by Debian's
// `docker-compose config` (no engine needed), then linted — every image pinned to a tag that is not
// `latest`, a healthcheck on every long-running service (one-shot jobs say `restart: "no"`), no GPU.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `docker-compose config` of `file` with `env` (and no .env file), parsed to an object with the
 * YAML parser docker-compose itself depends on (python3-yaml). Throws with compose's own message.
 * @param {string} file
 * @param {Record<string,string>} env
 */
export function composeConfig(file, env) {
  // An empty env file: a local deploy/.env never leaks into the check.
  const dir = mkdtempSync(join(tmpdir(), 'nova-compose-env-'));
  const envFile = join(dir, 'empty.env');
  writeFileSync(envFile, '');
  let r;
  try {
    r = spawnSync('docker-compose', ['--env-file', envFile, '-f', file, 'config'], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (r.status !== 0) throw new Error(`docker-compose config refused ${file}: ${r.stderr.trim()}`);
  const j = spawnSync('/usr/bin/python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: r.stdout, encoding: 'utf8' });
  if (j.status !== 0) throw new Error(`could not parse docker-compose's output: ${j.stderr}`);
  return JSON.parse(j.stdout);
}

/** `image` split into name and tag (`undefined` when there is none; digests count as pinned). */
export function imageTag(image) {
  if (image.includes('@sha256:')) return { name: image.split('@')[0], tag: image.split('@')[1] };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? { name: image.slice(0, colon), tag: image.slice(colon + 1) } : { name: image, tag: undefined };
}

/**
 * Problems of a parsed compose configuration, one string each naming the service.
 * @param {{ services: Record<string, any> }} config
 */
export function lintCompose(config) {
  const problems = [];
  for (const [name, s] of Object.entries(config.services ?? {})) {
    if (!s.image) problems.push(`${name}: no image name (a build needs an image: name:tag to be pinned)`);
    else {
      const { tag } = imageTag(s.image);
      if (!tag) problems.push(`${name}: image ${s.image} has no tag (means latest): pin a version`);
      else if (tag === 'latest' || /^(stable|mainline|current|lts)$/.test(tag)) problems.push(`${name}: image ${s.image} uses a moving tag: pin a version`);
    }
    const oneShot = s.restart === 'no';
    const hc = s.healthcheck;
    if (!oneShot && (!hc || hc.disable || !Array.isArray(hc.test) || hc.test[0] === 'NONE')) {
      problems.push(`${name}: long-running service without a healthcheck (add one, or mark a one-shot job restart: "no")`);
    }
    if (s.runtime === 'nvidia' || s.deploy?.resources?.reservations?.devices || s.gpus) problems.push(`${name}: asks for a GPU; the stack is CPU only`);
  }
  return problems;
}
