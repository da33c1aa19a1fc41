import { html, type TemplateResult } from 'lit';
import { stripInvisible } from '@nova-corrente/core';

/**
 * An item name as text: invisible characters (bidi overrides, zero-width) removed and its
 * direction isolated (`<bdi dir="auto">`), so a right-to-left or spoofed name cannot reorder the
 * text around it.
 */
export function itemName(name: string): TemplateResult {
  return html`<bdi dir="auto">${stripInvisible(name)}</bdi>`;
}

/** A message that embeds an item name (e.g. a chart title), the name isolated as in {@link itemName}. */
export function withItemName(message: (item: string) => string, name: string): TemplateResult {
  const [before, after = ''] = message('\u0000').split('\u0000');
  return html`${before}${itemName(name)}${after}`;
}
