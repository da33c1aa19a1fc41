// The guides of the docs site: the repository's Markdown (README, docs/, package READMEs, examples)
// rendered to HTML with markdown-it. Links between Markdown files become links between pages;
// links to other repository files copy those files into the site, so every link resolves.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import MarkdownIt from 'markdown-it';
import { page } from './html.mjs';

/** Links to these site-root paths point at generated pages (checked by the site's link check). */
export const SITE_PAGES = /^(elements|api)\//;

/** Where a repository Markdown file lands in the site (`docs/x.md` → `guide/docs/x.html`). */
export const mdOut = (rel) => (rel === 'docs/getting-started.md' ? 'index.html' : `guide/${rel.replace(/\.md$/i, '.html')}`);

/**
 * Renders `files` (repository-relative .md paths) into `site`. Returns the site files written.
 * Throws on a relative link to something that does not exist in the repository.
 */
export function renderMarkdown(root, site, files) {
  const md = new MarkdownIt({ html: true, linkify: false });
  const known = new Set(files);
  const written = [];
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = tokens[idx].attrGet('href');
    if (href && !/^[a-z]+:|^#|^\//i.test(href)) tokens[idx].attrSet('href', rewrite(env.rel, href));
    return self.renderToken(tokens, idx, options);
  };
  const rewrite = (from, href) => {
    const [path, hash = ''] = href.split('#');
    const target = posix.normalize(posix.join(posix.dirname(from), path));
    const abs = join(root, target);
    // Pages the site generates (element reference, API): no repository file behind them.
    if (SITE_PAGES.test(target)) return `${posix.relative(posix.dirname(mdOut(from)), target)}${hash ? `#${hash}` : ''}`;
    if (!existsSync(abs)) throw new Error(`${from}: link to ${href}, which does not exist`);
    let dest;
    if (statSync(abs).isDirectory()) {
      const readme = posix.join(target, 'README.md');
      if (!known.has(readme)) throw new Error(`${from}: link to folder ${href} without a rendered README.md`);
      dest = mdOut(readme);
    } else if (known.has(target)) {
      dest = mdOut(target);
    } else {
      // Any other file (a compose file, a config): ship it beside the guides.
      dest = `guide/${target}`;
      mkdirSync(dirname(join(site, dest)), { recursive: true });
      copyFileSync(abs, join(site, dest));
      written.push(dest);
    }
    return `${posix.relative(posix.dirname(mdOut(from)), dest) || posix.basename(dest)}${hash ? `#${hash}` : ''}`;
  };
  for (const rel of files) {
    const out = mdOut(rel);
    const env = { rel };
    const src = readFileSync(join(root, rel), 'utf8');
    const title = /^#\s+(.+)$/m.exec(src)?.[1]?.replace(/`/g, '') ?? rel;
    const html = md.render(src, env);
    const depth = out.split('/').length - 1;
    mkdirSync(dirname(join(site, out)), { recursive: true });
    writeFileSync(join(site, out), page(title, `${html}\n<p class="source">Source: <code>${rel}</code></p>`, { depth }));
    written.push(out);
  }
  return written;
}
