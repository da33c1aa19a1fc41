// The code samples of the docs, as the consumer test checks them: every fenced `js`, `ts` or `tsx`
// block (a block whose info string has more words, e.g. "js config", is not app code and is left
// out) becomes a module of its own; the test type-checks them against the installed packages and
// runs the Node ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** [{ doc, line, lang, code }] for every sample block of `docs` (repository-relative paths). */
export function extractSamples(root, docs) {
  const out = [];
  for (const doc of docs) {
    const lines = readFileSync(join(root, doc), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^```(js|ts|tsx)\s*$/.exec(lines[i]);
      if (!m) continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end].startsWith('```')) end++;
      out.push({ doc, line: start + 1, lang: m[1], code: lines.slice(start, end).join('\n') });
      i = end;
    }
  }
  return out;
}

/** A file name for a sample: doc path and line, with the extension its language needs. */
export function sampleFile(s) {
  const ext = s.lang === 'js' ? 'mjs' : s.lang === 'tsx' ? 'tsx' : 'mts';
  return `${s.doc.replace(/[^\w]+/g, '_')}_L${s.line}.${ext}`;
}

/** True for a sample that runs in Node as it is: it imports only Node entries of our packages. */
export const runsInNode = (s) => /from '@nova-corrente\/(core\/node|etl-node)'/.test(s.code) && !/from '@nova-corrente\/(core|components)'/.test(s.code);
