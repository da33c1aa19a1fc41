// bench:ui's floor pages' script (see index.html): the least any page charting an item from the gold
// must do: the manifest, one round of ranged reads, the page's first Intl objects, SVG in a shadow root.
const DAY = 86400000;

/** The gold's manifest (preloaded by the page) and, in one round, `bytes` of each file named. */
export async function readGold(paths, bytes = 65536) {
  const m = await (await fetch('/gold/manifest.json')).json();
  const bodies = await Promise.all(paths(m).map(async (p) => new Uint8Array(await (await fetch(`/gold/${p}`, { headers: { Range: `bytes=0-${bytes - 1}` } })).arrayBuffer())));
  return { m, bodies };
}

/** A table's first file (or its file index, when the table is split in buckets). */
export const firstFile = (m, table) => m.tables[table].index?.path ?? m.tables[table].files[0].path;

/** An SVG line chart of one value per day of the gold's dates, taken from `bytes` (so the read is used). */
export function chartSvg(m, bytes, seed = 7) {
  const from = Date.parse(`${m.date_range.min}T00:00:00Z`);
  const n = Math.round((Date.parse(`${m.date_range.max}T00:00:00Z`) - from) / DAY) + 1;
  const ys = Array.from({ length: n }, (_, i) => bytes[(i * seed) % bytes.length] % 50);
  const W = 640, H = 280, L = 48, B = 24;
  const max = Math.max(1, ...ys);
  const x = (i) => (L + (i / (n - 1)) * (W - L - 8)).toFixed(1);
  const y = (v) => (H - B - (v / max) * (H - B - 8)).toFixed(1);
  const cut = Math.min(n, Math.max(0, Math.round((Date.parse(`${m.as_of}T00:00:00Z`) - from) / DAY) + 1));
  const path = (a, b) => ys.slice(a, b).map((v, i) => `${i ? 'L' : 'M'}${x(a + i)},${y(v)}`).join('');
  const num = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 1 });
  const month = new Intl.DateTimeFormat('pt-BR', { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${L - 6}" y="${y(f * max)}" text-anchor="end" font-size="11">${num.format(f * max)}</text>`);
  for (let d = new Date(from); d.getTime() <= from + (n - 1) * DAY; d.setUTCMonth(d.getUTCMonth() + 2, 1)) {
    ticks.push(`<text x="${x(Math.round((d.getTime() - from) / DAY))}" y="${H - 6}" text-anchor="middle" font-size="11">${month.format(d)}</text>`);
  }
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">${ticks.join('')}
    <path d="${path(0, cut)}" fill="none" stroke="#333" stroke-width="1.5"/>
    <path d="${path(Math.max(0, cut - 1), n)}" fill="none" stroke="#0b6" stroke-width="2"/></svg>`;
}

/** Tells bench:ui, which listens for the product's `nova-load`, how `el`'s load ended ('ready' or 'error'). */
const report = (el, status) => el.dispatchEvent(new CustomEvent('nova-load', { detail: { status }, bubbles: true, composed: true }));

/** A floor element: a loading text in its shadow root, then `load()` draws it and reports `nova-load`. */
export class FloorElement extends HTMLElement {
  connectedCallback() {
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = '<p>Carregando…</p>';
    this.load().then(() => report(this, 'ready'), (err) => {
      this.root.textContent = `floor page failed: ${err.message}`;
      report(this, 'error');
    });
  }
}

customElements.define('floor-chart', class extends FloorElement {
  async load() {
    const { m, bodies: [bytes] } = await readGold((m) => [firstFile(m, 'fact_forecast')]);
    this.root.innerHTML = `<h3></h3>${chartSvg(m, bytes)}`;
    this.root.querySelector('h3').textContent = `${this.getAttribute('item-id')} — demanda diária`;
  }
});
