/**
 * A tiny SVG description: what the draw functions return. Serialised to a string (escaped) for
 * rendering and for snapshot tests, so drawing never touches the DOM.
 */
export interface SvgNode {
  tag: 'svg' | 'g' | 'path' | 'line' | 'rect' | 'circle' | 'text' | 'title';
  attrs?: Record<string, string | number | undefined>;
  children?: SvgNode[];
  /** Text content (escaped on output). */
  text?: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

/** Rounds to 2 decimals for compact, stable path data. */
export function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Serialises a node tree to SVG markup; attribute values and text are escaped. */
export function serializeSvg(node: SvgNode): string {
  const attrs = Object.entries(node.attrs ?? {})
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${escapeXml(String(typeof v === 'number' ? r2(v) : v))}"`)
    .join('');
  const inner = (node.text !== undefined ? escapeXml(node.text) : '') + (node.children ?? []).map(serializeSvg).join('');
  return inner ? `<${node.tag}${attrs}>${inner}</${node.tag}>` : `<${node.tag}${attrs}/>`;
}

/** Builds an SVG path `d` from points, breaking the line on null values. */
export function linePath(points: Array<[number, number] | null>): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${r2(p[0])},${r2(p[1])}`;
    pen = true;
  }
  return d;
}
