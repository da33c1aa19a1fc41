// Shared by the relayout-*.mjs scripts: a copy of a gold root made of hard links (nothing of the
// source is ever written: every file rewritten in the copy is unlinked first), and its manifest
// written back, at the root and in the snapshot.
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Copies `src` to `out` (replaced) as hard links; returns the copy's manifest, snapshot path `rel` and folder `dir`. */
export async function linkCopy(src, out) {
  await rm(out, { recursive: true, force: true });
  execFileSync('cp', ['-al', '--', src, out]);
  const m = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
  const rel = `snapshots/${m.snapshot_id}`;
  return { m, rel, dir: join(out, rel) };
}

/** Unlinks every file of a folder of the copy (the source keeps its bytes). */
export async function unlinkAll(folder) {
  for (const f of await readdir(folder)) await unlink(join(folder, f));
}

/** Writes `m` as the copy's manifest (root and snapshot), unlinking the shared ones first. */
export async function writeManifests(out, dir, m) {
  for (const p of [join(out, 'manifest.json'), join(dir, 'manifest.json')]) {
    await unlink(p).catch(() => {});
    await writeFile(p, `${JSON.stringify(m)}\n`);
  }
}
