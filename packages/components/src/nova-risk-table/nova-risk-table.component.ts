import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ItemPosition, NovaClient, RiskRowBase } from '@nova-corrente/core';
import { NovaDataElement } from '../internal/nova-element.js';
import { themeStyles } from '../internal/theme.js';
import { emit } from '../internal/events.js';
import type { ItemSelectDetail } from '../internal/events.js';
import { sortRows } from '../draw/sort.js';
import { csvFile, exportCsv } from '../internal/export.js';
import type { CsvTable } from '../internal/export.js';
import { riskTableStyles } from './nova-risk-table.styles.js';

import { RISK_TABLE_FIELDS, RISK_TABLE_KINDS, riskTableQuery } from '../internal/risk-kinds.js';
import type { RiskTableKind } from '../internal/risk-kinds.js';
import { itemName } from '../internal/name.js';

/** A row as the table reads it. */
export type RiskTableRow = RiskRowBase & Pick<ItemPosition, (typeof RISK_TABLE_FIELDS)[number]>;

type SortKey = 'risk_rank' | 'name' | 'category' | 'on_hand' | 'on_order' | 'reorder_point' | 'days_of_cover' | 'projected_stockout_date' | 'suggested_order_qty' | 'forecast_next_30d' | 'stock_value';

/**
 * Items at risk of stockout, below their reorder point, or overstocked, most urgent first (the
 * contract's ranking: criticality, projected stockout date, value of demand at risk; overstock by
 * stock value), each with the reason for its rank. Sortable by every column;
 * selecting an item (a click on its row, or Enter / Space on its name) fires `nova-item-select`.
 *
 * @tagname nova-risk-table
 * @summary Sortable table of items at risk.
 *
 * @fires nova-item-select - An item was chosen; `detail` is `{ itemId, siteId }`.
 * @fires nova-load - When a load ends.
 * @fires nova-export - The CSV button was pressed; `detail` is `{ filename, csv }`: the rows as
 *   displayed (sorted), with suggested orders, item code and site. Cancel the event
 *   (`preventDefault()`) to handle the file yourself instead of the browser download.
 *
 * @csspart table - The table.
 * @csspart row - One item row.
 * @csspart state - Loading, empty and error messages.
 * @csspart export - The CSV download button.
 *
 * @cssproperty --nova-row-hover - Background of a hovered row.
 * @cssproperty --nova-row-selected - Background of the selected row.
 */
export class NovaRiskTable extends NovaDataElement<RiskTableRow[]> {
  static override styles = [themeStyles, riskTableStyles];

  /** `stockout`, `below_reorder` or `overstock`. */
  @property({ reflect: true }) kind: string = 'stockout';
  /** Maximum rows (1–1000). */
  @property({ type: Number, reflect: true }) limit = 20;
  /** Site filter. */
  @property({ attribute: 'site-id', reflect: true }) siteId?: string;
  /** Highlighted item (set by the dashboard). */
  @property({ attribute: 'selected-item', reflect: true }) selectedItem?: string;
  /** Sort column. */
  @property({ attribute: 'sort-by', reflect: true }) sortBy?: SortKey;
  /** Sort direction. */
  @property({ attribute: 'sort-dir', reflect: true }) sortDir: 'asc' | 'desc' = 'asc';

  /** The rows as currently displayed (sorted). */
  get rows(): RiskTableRow[] {
    const rows = this.data ?? [];
    return this.sortBy ? sortRows(rows, this.sortBy, this.sortDir) : rows;
  }

  protected queryKey(): string {
    return JSON.stringify([this.kind, this.limit, this.siteId]);
  }

  protected override validate(): string | null {
    const t = this.fmt.t;
    if (!(RISK_TABLE_KINDS as readonly string[]).includes(this.kind)) return t.badAttr('kind', String(this.kind), RISK_TABLE_KINDS.join(', '));
    if (!Number.isInteger(this.limit) || this.limit < 1 || this.limit > 1000) return t.badAttr('limit', String(this.limit), '1–1000');
    return null;
  }

  protected async fetchData(client: NovaClient, signal: AbortSignal): Promise<RiskTableRow[] | null> {
    const rows = await client.risk({ ...riskTableQuery(this.kind as RiskTableKind, this.limit, this.siteId), signal });
    return rows.length > 0 ? rows : null;
  }

  /** The rows as displayed (sorted), with item code and site, as a CSV file's text in the element's locale. */
  async csv(): Promise<string> {
    return (await csvFile(this.csvTable(), this.fmt.locale)).csv;
  }

  private csvTable(): CsvTable {
    const t = this.fmt.t;
    return {
      file: ['risk', this.kind],
      header: [t.itemId, t.item, t.category, t.site, t.onHand, t.onOrder, t.reorderPoint, t.daysOfCover, t.projectedStockout, t.forecast30d, t.suggestedOrder, t.stockValue],
      rows: this.rows.map((r) => [
        r.item_id, r.name, r.category, r.site_id, r.on_hand, r.on_order, r.reorder_point, r.days_of_cover,
        r.projected_stockout_date, r.forecast_next_30d, r.suggested_order_qty, r.stock_value,
      ]),
    };
  }

  private onExport(): void {
    void exportCsv(this, this.csvTable(), this.fmt.locale);
  }

  private sort(key: SortKey): void {
    if (this.sortBy === key) this.sortDir = this.sortDir === 'asc' ? 'desc' : 'asc';
    else {
      this.sortBy = key;
      this.sortDir = key === 'name' || key === 'category' || key === 'projected_stockout_date' ? 'asc' : 'desc';
    }
  }

  /** The rank's reason, from the keys of the contract's ranking for this kind. */
  private reason(r: RiskTableRow): string {
    const f = this.fmt;
    if (r.risk === 'overstock') return f.t.overstockReason(f.currency(r.stock_value));
    return f.t.urgencyReason(r.criticality, r.projected_stockout_date ? f.date(r.projected_stockout_date) : null, f.currency(r.demand_value_30d));
  }

  private select(row: RiskTableRow): void {
    this.selectedItem = row.item_id;
    emit<ItemSelectDetail>(this, 'nova-item-select', { itemId: row.item_id, siteId: row.site_id });
  }

  override render() {
    const f = this.fmt;
    const t = f.t;
    const kindLabel = t.riskKinds[this.kind as RiskTableKind] ?? this.kind;
    const state = this.renderState();
    if (state !== nothing) return html`<h2 id="caption">${t.riskTableName(kindLabel)}</h2>${state}`;
    const cols: Array<{ key: SortKey; label: string; cls?: string }> = [
      { key: 'risk_rank', label: t.rank },
      { key: 'name', label: t.item, cls: 'text' },
      { key: 'category', label: t.category, cls: 'text wide' },
      { key: 'on_hand', label: t.onHand },
      { key: 'on_order', label: t.onOrder, cls: 'wide' },
      { key: 'reorder_point', label: t.reorderPoint, cls: 'wide' },
      { key: 'days_of_cover', label: t.daysOfCover },
      { key: 'projected_stockout_date', label: t.projectedStockout, cls: 'wide' },
      { key: 'forecast_next_30d', label: t.forecast30d, cls: 'wide' },
      { key: 'suggested_order_qty', label: t.suggestedOrder },
      { key: 'stock_value', label: t.stockValue, cls: 'wide' },
    ];
    const rows = this.rows;
    const ariaSort = (key: SortKey) => (this.sortBy === key ? (this.sortDir === 'asc' ? 'ascending' : 'descending') : 'none');
    return html`<h2 id="caption">${t.riskTableName(kindLabel)}</h2>
      <div class="scroll">
        <table part="table" aria-labelledby="caption">
          <thead>
            <tr>
              ${cols.map(
                (c) => html`<th scope="col" class=${c.cls ?? ''} aria-sort=${ariaSort(c.key)} data-key=${c.key}>
                  <button type="button" title=${t.sortBy(c.label)} @click=${() => this.sort(c.key)}>${c.label}${this.sortBy === c.key ? (this.sortDir === 'asc' ? ' ▲' : ' ▼') : ''}</button>
                </th>`,
              )}
              <th scope="col" class="text wide">${t.rankReason}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) => html`<tr part="row" @click=${() => this.select(r)} data-item-id=${r.item_id} data-selected=${r.item_id === this.selectedItem ? 'true' : 'false'} aria-current=${r.item_id === this.selectedItem ? 'true' : 'false'}>
                <td data-field="risk_rank">${r.risk_rank ?? ''}</td>
                <td class="name"><button type="button" class="item">${itemName(r.name)}</button><span class="id">${r.item_id}</span></td>
                <td class="text wide">${r.category}</td>
                <td data-field="on_hand">${f.number(r.on_hand, 1)}</td>
                <td class="wide" data-field="on_order">${f.number(r.on_order, 1)}</td>
                <td class="wide" data-field="reorder_point">${f.number(r.reorder_point, 1)}</td>
                <td data-field="days_of_cover">${f.number(r.days_of_cover, 0)}</td>
                <td class="wide" data-field="projected_stockout_date">${r.projected_stockout_date ? f.date(r.projected_stockout_date) : t.noStockout}</td>
                <td class="wide" data-field="forecast_next_30d">${f.number(r.forecast_next_30d, 1)}</td>
                <td data-field="suggested_order_qty">${f.number(r.suggested_order_qty, 0)}</td>
                <td class="wide" data-field="stock_value">${f.currency(r.stock_value)}</td>
                <td class="text wide" data-field="reason">${this.reason(r)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="count" role="status">${t.rows(rows.length)}</p>
      <button type="button" class="action export" part="export" aria-label=${t.exportCsvLabel(t.riskTableName(kindLabel))} @click=${this.onExport}>${t.exportCsv}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-risk-table': NovaRiskTable;
  }
  interface HTMLElementEventMap {
    'nova-item-select': CustomEvent<ItemSelectDetail>;
  }
}
