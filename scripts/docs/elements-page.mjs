// The element reference of the docs site, generated from custom-elements.json (never written by
// hand): per element its summary, attributes, properties, events with their detail types, parts,
// custom properties and slots, and a live example drawn from the demo gold under `npm start`.
import { esc, page } from './html.mjs';

/** A live example per tag: markup a person can copy, shown running on the demo gold. */
const EXAMPLES = {
  'nova-provider': '<nova-provider src="/gold/">\n  <nova-kpis></nova-kpis>\n</nova-provider>',
  'nova-dashboard': '<nova-dashboard src="/gold/" locale="en" no-hash></nova-dashboard>',
  'nova-forecast-chart': '<nova-forecast-chart src="/gold/" item-id="MAT-000001" locale="en"></nova-forecast-chart>',
  'nova-inventory-chart': '<nova-inventory-chart src="/gold/" item-id="MAT-000001" locale="en"></nova-inventory-chart>',
  'nova-risk-table': '<nova-risk-table src="/gold/" kind="below_reorder" limit="5" locale="en"></nova-risk-table>',
  'nova-kpis': '<nova-kpis src="/gold/" locale="en"></nova-kpis>',
  'nova-model-accuracy': '<nova-model-accuracy src="/gold/" locale="en"></nova-model-accuracy>',
  'nova-date-range': '<nova-date-range start="2026-01-01" end="2026-03-31" locale="en"></nova-date-range>',
  'nova-item-picker': '<nova-provider src="/gold/">\n  <nova-item-picker locale="en"></nova-item-picker>\n</nova-provider>',
  'nova-last-updated': '<nova-last-updated src="/gold/" locale="en"></nova-last-updated>',
};

const code = (s) => (s ? `<code>${esc(s)}</code>` : '');
/** Markdown-ish inline code in manifest descriptions (`x` → <code>x</code>), escaped. */
const text = (s = '') => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\{@link (\w+)\}/g, '<code>$1</code>');

function table(head, rows) {
  if (!rows.length) return '<p class="none">None.</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** The public members of a declaration: fields, not private/protected/static. */
const publicFields = (d) => (d.members ?? []).filter((m) => m.kind === 'field' && !m.privacy && !m.static);

/** Returns { html, tags } for the manifest. `assets` is the URL prefix of the served build. */
export function elementsPage(manifest, { buildUrl, apiUrl }) {
  const decls = manifest.modules.flatMap((m) => (m.declarations ?? []).map((d) => ({ ...d, module: m.path }))).filter((d) => d.tagName);
  decls.sort((a, b) => a.tagName.localeCompare(b.tagName));
  const defs = new Map(manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => [e.name, m.path])));
  const missing = decls.map((d) => d.tagName).filter((t) => !EXAMPLES[t]);
  if (missing.length) throw new Error(`no live example for ${missing.join(', ')}: add one to scripts/docs/elements-page.mjs`);
  const sections = decls.map((d) => {
    const entry = `@nova-corrente/components/${d.tagName.replace(/^nova-/, '')}`;
    return `<section id="${d.tagName}">
<h2><code>&lt;${d.tagName}&gt;</code></h2>
<p class="summary">${text(d.summary)}</p>
<p>${text(d.description)}</p>
<p>Class ${code(d.name)} (${code(d.module)}); registered by ${code(`import '${entry}'`)} (${code(defs.get(d.tagName))}).</p>
<h3>Live example</h3>
<pre><code>${esc(EXAMPLES[d.tagName])}</code></pre>
<div class="example">${EXAMPLES[d.tagName]}</div>
<h3>Attributes</h3>
${table(['attribute', 'property', 'type', 'default', 'description'], (d.attributes ?? []).map((a) => [code(a.name), code(a.fieldName), code(a.type?.text), code(a.default), text(a.description)]))}
<h3>Properties</h3>
${table(['property', 'type', 'description'], publicFields(d).map((m) => [code(m.name), code(m.type?.text), text(m.description)]))}
<h3>Events</h3>
${table(['event', 'type', 'description'], (d.events ?? []).map((e) => [code(e.name), code(e.type?.text), text(e.description)]))}
<h3>CSS parts</h3>
${table(['part', 'description'], (d.cssParts ?? []).map((p) => [code(`::part(${p.name})`), text(p.description)]))}
<h3>CSS custom properties</h3>
${table(['property', 'description'], (d.cssProperties ?? []).map((p) => [code(p.name), text(p.description)]))}
${(d.slots ?? []).length ? `<h3>Slots</h3>${table(['slot', 'description'], d.slots.map((s) => [code(s.name || '(default)'), text(s.description)]))}` : ''}
</section>`;
  });
  const nav = decls.map((d) => `<li><a href="#${d.tagName}"><code>${d.tagName}</code></a></li>`).join('');
  const body = `<h1>Element reference</h1>
<p>Generated from <code>custom-elements.json</code>. Event detail types are in the
<a href="${apiUrl}">components API</a>. The examples run on the demo gold served by <code>npm start</code>.</p>
<ul class="toc">${nav}</ul>
${sections.join('\n')}
<script type="module" src="${buildUrl}"></script>`;
  return { html: page('Element reference', body, { depth: 1 }), tags: decls.map((d) => d.tagName) };
}
