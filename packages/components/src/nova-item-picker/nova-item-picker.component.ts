import { html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ItemsResult, NovaClient } from '@nova-corrente/core';
import { NovaDataElement } from '../internal/nova-element.js';
import { controlStyles, themeStyles } from '../internal/theme.js';
import { emit } from '../internal/events.js';
import type { ItemSelectDetail } from '../internal/events.js';
import { itemPickerStyles } from './nova-item-picker.styles.js';
import { itemName } from '../internal/name.js';
import { stripInvisible } from '@nova-corrente/core';

/**
 * A search box over all items (id, SKU, name; accent-insensitive) through `client.items({search})`,
 * as an ARIA 1.2 combobox: arrows move, Enter picks, Escape closes.
 *
 * @tagname nova-item-picker
 * @summary Item search combobox.
 *
 * @fires nova-item-select - An item was picked; `detail` is `{ itemId }`.
 *
 * @csspart input - The search input.
 * @csspart listbox - The results list.
 * @csspart option - One result.
 */
export class NovaItemPicker extends NovaDataElement<ItemsResult> {
  static override styles = [themeStyles, controlStyles, itemPickerStyles];

  /** Results shown at most. */
  @property({ type: Number, reflect: true }) limit = 20;
  /** Debounce of the search in ms. */
  @property({ type: Number }) debounce = 150;
  /** The picked item id. */
  @property({ reflect: true }) value?: string;

  /** The text typed (debounced into `query`). */
  @state() private text = '';
  @state() private query = '';
  @state() private open = false;
  @state() private activeIndex = -1;
  private timer?: ReturnType<typeof setTimeout>;

  /** The last search result. */
  get results(): ItemsResult | undefined {
    return this.data;
  }

  protected queryKey(): string {
    return JSON.stringify([this.query, this.limit]);
  }

  protected async fetchData(client: NovaClient, signal: AbortSignal): Promise<ItemsResult | null> {
    if (!this.query) return null;
    const r = await client.items({ search: this.query, limit: this.limit, signal });
    this.activeIndex = r.items.length > 0 ? 0 : -1;
    return r;
  }

  /** Sets the search text and searches immediately. */
  search(text: string): Promise<unknown> {
    this.text = text;
    this.query = text.trim();
    this.open = this.query.length > 0;
    return this.updateComplete.then(() => this.loadComplete);
  }

  private onInput(e: Event): void {
    this.text = (e.target as HTMLInputElement).value;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.query = this.text.trim();
      this.open = this.query.length > 0;
    }, this.debounce);
  }

  private pick(index: number): void {
    const item = this.data?.items[index];
    if (!item) return;
    this.value = item.item_id;
    this.text = stripInvisible(item.name); // the input shows the name as listed
    this.open = false;
    emit<ItemSelectDetail>(this, 'nova-item-select', { itemId: item.item_id });
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.data?.items.length ?? 0;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        this.open = true;
        if (n) this.activeIndex = (this.activeIndex + 1) % n;
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (n) this.activeIndex = (this.activeIndex - 1 + n) % n;
        break;
      case 'Enter':
        if (this.open && this.activeIndex >= 0) {
          e.preventDefault();
          this.pick(this.activeIndex);
        }
        break;
      case 'Escape':
        this.open = false;
        break;
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('activeIndex') && this.open) {
      this.renderRoot.querySelector(`#opt-${this.activeIndex}`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  override render() {
    const f = this.fmt;
    const t = f.t;
    const items = this.data?.items ?? [];
    const expanded = this.open && items.length > 0;
    let status = '';
    if (this.status === 'loading' && this.query) status = t.loading;
    else if (this.status === 'ready' && this.data) status = this.data.total > 0 ? t.itemsFound(items.length, this.data.total) : t.noItems;
    else if ((this.status === 'empty' && this.query) || (this.data && this.data.total === 0)) status = t.noItems;
    const isError = this.status === 'error' || this.status === 'no-source';
    return html`<label for="input">${t.itemSearch}</label>
      <input id="input" part="input" type="text" role="combobox" autocomplete="off" spellcheck="false"
        placeholder=${t.itemSearchPlaceholder} .value=${this.text}
        aria-expanded=${expanded ? 'true' : 'false'} aria-controls="listbox" aria-autocomplete="list"
        aria-activedescendant=${expanded && this.activeIndex >= 0 ? `opt-${this.activeIndex}` : nothing}
        aria-describedby="status"
        @input=${this.onInput} @keydown=${this.onKey} @blur=${() => setTimeout(() => (this.open = false), 150)}
        @focus=${() => (this.open = this.query.length > 0)} />
      <ul id="listbox" part="listbox" role="listbox" aria-label=${t.itemSearch} ?hidden=${!expanded}>
        ${items.map(
          (it, i) => html`<li id=${`opt-${i}`} part="option" role="option" aria-selected=${i === this.activeIndex ? 'true' : 'false'}
              data-item-id=${it.item_id} @pointerdown=${(e: Event) => { e.preventDefault(); this.pick(i); }}>
              ${itemName(it.name ?? '')} <span class="sku">${it.item_id} · ${it.category}</span></li>`,
        )}
      </ul>
      <p id="status" class=${isError ? 'status error' : 'status'} role="status" aria-live="polite">${isError ? this.message : status}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-item-picker': NovaItemPicker;
  }
  interface HTMLElementEventMap {
    'nova-item-select': CustomEvent<ItemSelectDetail>;
  }
}
