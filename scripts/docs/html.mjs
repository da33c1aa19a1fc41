// The docs site's page frame: one stylesheet inline, the same navigation on every page, links
// relative to the page so the site works under any path (npm start serves it at /docs/).
export const esc = (s = '') => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NAV = [
  ['index.html', 'Getting started'],
  ['guide/docs/bundlers.html', 'Bundlers'],
  ['elements/index.html', 'Elements'],
  ['api/core/index.html', 'Core API'],
  ['api/components/index.html', 'Components API'],
  ['api/etl-node/index.html', 'ETL API'],
  ['guide/docs/cli.html', 'CLI'],
  ['guide/docs/contract.html', 'Gold contract'],
];

const CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2430}
header{background:#12324a;color:#fff;padding:.5rem 1rem}header a{color:#fff;margin-right:1rem}
main{max-width:60rem;margin:0 auto;padding:1rem}code{background:#f1f3f6;padding:0 .2em;border-radius:3px}
pre{background:#f1f3f6;padding:.75rem;overflow:auto}pre code{background:none;padding:0}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #d5dae1;padding:.25rem .5rem;text-align:left;vertical-align:top}
.example{border:1px dashed #9aa5b1;padding:.75rem;margin-bottom:1rem}section{border-top:2px solid #d5dae1;margin-top:2rem}`;

/** A full page; `depth` is how many folders below the site root it lives. */
export function page(title, body, { depth = 0 } = {}) {
  const up = '../'.repeat(depth);
  const nav = NAV.map(([href, label]) => `<a href="${up}${href}">${label}</a>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${esc(title)} — Nova Analytics</title><style>${CSS}</style></head>
<body><header><nav>${nav}</nav></header><main>
${body}
</main></body></html>
`;
}
