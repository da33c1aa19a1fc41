import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Grain, InventoryPositionBase, InventoryResult, ItemPosition, NovaClient } from '@nova-corrente/core';
import type { Provenance } from '../internal/nova-element.js';
import { NovaItemChart } from '../internal/nova-item-chart.js';
import type { ItemLabel } from '../internal/lookup.js';
import { themeStyles, chartStyles } from '../internal/theme.js';
import { drawInventory } from '../draw/inventory.js';
import type { InventoryDrawing } from '../draw/inventory.js';
import { csvFile, exportCsv } from '../internal/export.js';
import type { CsvTable } from '../internal/export.js';
import { inventoryChartStyles } from './nova-inventory-chart.styles.js';
import { withItemName } from '../internal/name.js';

/**
 * The `agg_item` columns the chart shows beyond those every `inventory()` position carries (on
 * hand, suggested order, source): about half of the table's bytes, so only these are read.
 */
const POSITION_FIELDS = ['days_of_cover', 'reorder_point', 'safety_stock', 'projected_stockout_date', 'model_version'] as const;

/** The position as the chart reads it. */
export type InventoryChartPosition = Pick<ItemPosition, (typeof POSITION_FIELDS)[number] | InventoryPositionBase>;

interface InventoryData {
  inv: InventoryResult<InventoryChartPosition>;
  item: ItemLabel;
  provenance?: Provenance;
  grain: Grain;
}

/**
 * On-hand stock of one item against its reorder point and safety stock. From the last count on it
 * draws the projected stock (the count minus the cumulative plan forecast, dashed) up to the
 * projected stockout, with the reorder point and safety stock over that span and the suggested
 * order's arrival after the lead time; one count is enough. Without `site-id` the item's sites are
 * summed. The data table lists the counts and the projected periods; both download as CSV.
 *
 * @tagname nova-inventory-chart
 * @summary Inventory position chart of one item.
 *
 * @fires nova-load - When a load ends; `detail.status` is `ready`, `empty`, `error` or `invalid`.
 * @fires nova-export - The CSV button was pressed; `detail` is `{ filename, csv }` (the file's text,
 *   with its byte-order mark). Cancel the event (`preventDefault()`) to handle the file yourself
 *   instead of the browser download.
 *
 * @csspart figure - The whole chart.
 * @csspart title - The heading with the item name.
 * @csspart plot - The focusable drawing area.
 * @csspart on-hand-line - The on-hand line.
 * @csspart reorder-line - The reorder point line.
 * @csspart safety-line - The safety stock line.
 * @csspart projected-line - The projected stock line (dashed, from the last count forward).
 * @csspart order-marker - The suggested order's arrival marker and its quantity label.
 * @csspart stockout-marker - The projected stockout marker.
 * @csspart tooltip - The tooltip of the highlighted point.
 * @csspart export - The CSV download button.
 * @csspart figures - The key figures under the chart.
 * @csspart provenance - The model / generated-at line.
 * @csspart stale - The stale-data flag.
 * @csspart state - Loading, empty and error messages.
 * @csspart data-table - The data-table alternative.
 *
 * @cssproperty --nova-series-on-hand - On-hand line colour (default `--nova-color-primary`).
 * @cssproperty --nova-series-reorder - Reorder point colour (default `--nova-color-accent`).
 * @cssproperty --nova-series-safety - Safety stock colour (default `--nova-color-danger`).
 * @cssproperty --nova-series-projected - Projected stock colour (default: the on-hand colour).
 * @cssproperty --nova-series-order - Order arrival marker colour (default `--nova-color-text`).
 * @cssproperty --nova-chart-height - Height of the drawing in px (default 240).
 */
export class NovaInventoryChart extends NovaItemChart<InventoryData, InventoryDrawing> {
  static override styles = [themeStyles, chartStyles, inventoryChartStyles];

  /** Drawing height in px. */
  @property({ type: Number, reflect: true }) height = 240;

  /** The last loaded inventory result. */
  get inventory(): InventoryResult<InventoryChartPosition> | undefined {
    return this.data?.inv;
  }

  protected queryKey(): string {
    return JSON.stringify([this.itemId, this.siteId, this.start, this.end]);
  }

  protected async fetchData(client: NovaClient, signal: AbortSignal): Promise<InventoryData | null> {
    const { item, value: inv } = await this.loadWithItem(client, signal, (itemId) =>
      client.inventory({ itemId, siteId: this.siteId, start: this.start, end: this.end, fields: [...POSITION_FIELDS], signal }),
    );
    const ml = client.manifest.ml.find((m) => m.source === inv.position.source);
    const provenance = ml
      ? { source: ml.source, model_version: inv.position.model_version || ml.model_version, generated_at: ml.generated_at }
      : undefined;
    return inv.series.length > 0 || inv.projection.length > 0 ? { inv, item, provenance, grain: client.manifest.grain } : null;
  }

  /** The last count (the as-of position), else the first point. */
  protected override defaultIndex(): number {
    const pts = this.drawing?.points ?? [];
    let idx = 0;
    pts.forEach((p, i) => {
      if (!p.projected) idx = i;
    });
    return idx;
  }

  /** The data table (counts, then projected periods) as a CSV file's text in the element's locale. */
  async csv(): Promise<string> {
    return (await csvFile(this.csvTable(), this.fmt.locale)).csv;
  }

  private csvTable(): CsvTable {
    const t = this.fmt.t;
    const inv = this.data?.inv;
    const pos = inv?.position;
    return {
      file: ['inventory', this.itemId ?? 'item', ...(this.siteId ? [this.siteId] : [])],
      header: [t.date, t.rowBasis, t.onHand, t.onOrder, t.reorderPoint, t.safetyStock],
      rows: [
        ...(inv?.series ?? []).map((p) => [p.date, t.rowCount, p.on_hand, p.on_order, p.reorder_point, p.safety_stock]),
        ...(inv?.projection ?? []).map((p) => [p.date, t.rowProjected, p.on_hand, null, pos?.reorder_point, pos?.safety_stock]),
      ],
    };
  }

  private onExport(): void {
    void exportCsv(this, this.csvTable(), this.fmt.locale);
  }

  override render() {
    // While a new item loads, keep the previous drawing (dimmed, aria-busy): no layout shift.
    const { busy, state } = this.chartState();
    if (state !== nothing || !this.data) return html`<figure part="figure">${state}</figure>`;
    const f = this.fmt;
    const t = f.t;
    const { inv, item, provenance, grain } = this.data;
    const pos = inv.position;
    const arrival = inv.orderArrival;
    const width = this.width();
    const height = this.chartHeight(this.height, 200);
    const { d, svg } = this.draw([this.data, width, height, this.activeIndex, f.locale], () => drawInventory(inv.series, {
      width,
      height,
      projection: inv.projection,
      position: { reorder_point: pos.reorder_point, safety_stock: pos.safety_stock },
      stockoutDate: pos.projected_stockout_date,
      orderArrival: arrival,
      grain,
      activeIndex: this.activeIndex,
      formatDate: (dt, step) => f.shortDate(dt, step),
      formatValue: (v) => f.compact(v),
      labels: { stockout: t.projectedStockout, order: arrival ? t.orderMarker(f.number(arrival.qty, 0)) : '' },
    }));
    const active = d.points[this.activeIndex];
    const stockout = pos.projected_stockout_date ? f.date(pos.projected_stockout_date) : t.noStockout;
    const order = `${f.number(pos.suggested_order_qty, 0)} ${item.unit}`;
    const activeLabel = !active
      ? ''
      : active.projected
        ? t.projectedPointLabel({ date: f.date(active.date), onHand: f.number(active.on_hand, 1) })
        : `${f.date(active.date)}: ${t.onHand} ${f.number(active.on_hand, 1)}, ${t.reorderPoint} ${f.number(active.reorder_point, 1)}, ${t.safetyStock} ${f.number(active.safety_stock, 1)}`;
    return html`<figure part="figure" style="margin:0" class=${busy ? 'busy' : ''} aria-busy=${busy ? 'true' : 'false'}>
      <h2 class="title" id="title" part="title">${withItemName(t.inventoryChartName, item.name)} <span class="item-id">${item.item_id}</span></h2>
      <ul class="legend" aria-hidden="true">
        <li><span class="swatch on-hand"></span>${t.onHand}</li>
        <li><span class="swatch reorder"></span>${t.reorderPoint}</li>
        <li><span class="swatch safety"></span>${t.safetyStock}</li>
        ${inv.projection.length > 0 ? html`<li><span class="swatch projected"></span>${t.projectedStock}</li>` : nothing}
        ${arrival ? html`<li><span class="swatch order"></span>${t.orderArrival}</li>` : nothing}
      </ul>
      <div class="plot">
        <div class="focus-target" part="plot" tabindex="0" role="img" aria-labelledby="title" aria-describedby="summary"
          @keydown=${this.onKey} @pointermove=${this.onPointer} @pointerleave=${() => (this.activeIndex = -1)} @blur=${() => (this.activeIndex = -1)}>
          ${unsafeHTML(svg)}
        </div>
        ${active
          ? html`<div class="tooltip" part="tooltip" style="left:${Math.min(Math.max(active.x - 90, 0), Math.max(0, width - 200))}px">${activeLabel}</div>`
          : nothing}
      </div>
      <p id="summary" class="visually-hidden">
        ${t.inventorySummary({
          onHand: f.number(pos.on_hand, 1),
          reorderPoint: f.number(pos.reorder_point, 1),
          safetyStock: f.number(pos.safety_stock, 1),
          stockout,
          order: arrival ? `${order} (${t.orderArrival}: ${f.date(arrival.date)})` : order,
        })}
      </p>
      <div class="visually-hidden live" aria-live="polite">${activeLabel}</div>
      <dl class="figures" part="figures">
        <div><dt>${t.onHand}</dt><dd data-field="on_hand">${f.number(pos.on_hand, 1)}</dd></div>
        <div><dt>${t.reorderPoint}</dt><dd data-field="reorder_point">${f.number(pos.reorder_point, 1)}</dd></div>
        <div><dt>${t.safetyStock}</dt><dd data-field="safety_stock">${f.number(pos.safety_stock, 1)}</dd></div>
        <div><dt>${t.daysOfCover}</dt><dd data-field="days_of_cover">${f.number(pos.days_of_cover, 0)}</dd></div>
        <div><dt>${t.projectedStockout}</dt><dd data-field="projected_stockout_date">${stockout}</dd></div>
        <div><dt>${t.suggestedOrder}</dt><dd data-field="suggested_order_qty">${order}</dd></div>
        ${arrival ? html`<div><dt>${t.orderArrival}</dt><dd data-field="order_arrival">${f.date(arrival.date)}</dd></div>` : nothing}
      </dl>
      ${this.renderProvenance(provenance)}
      <details class="table-alt" part="data-table" @toggle=${(e: Event) => (this.tableOpen = (e.target as HTMLDetailsElement).open)}>
        <summary>${t.dataTable}</summary>
        ${this.tableOpen
          ? html`<div class="scroll" tabindex="0" role="region" aria-label=${t.dataTable}>
              <table class="data">
                <thead><tr><th scope="col">${t.date}</th><th scope="col">${t.rowBasis}</th><th scope="col">${t.onHand}</th><th scope="col">${t.onOrder}</th><th scope="col">${t.reorderPoint}</th><th scope="col">${t.safetyStock}</th></tr></thead>
                <tbody>
                  ${inv.series.map(
                    (p) => html`<tr data-basis="count"><th scope="row">${f.date(p.date)}</th><td>${t.rowCount}</td><td>${f.number(p.on_hand, 1)}</td><td>${f.number(p.on_order, 1)}</td><td>${f.number(p.reorder_point, 1)}</td><td>${f.number(p.safety_stock, 1)}</td></tr>`,
                  )}
                  ${inv.projection.map(
                    (p) => html`<tr data-basis="projected" class="projected"><th scope="row">${f.date(p.date)}</th><td>${t.rowProjected}</td><td>${f.number(p.on_hand, 1)}</td><td></td><td>${f.number(pos.reorder_point, 1)}</td><td>${f.number(pos.safety_stock, 1)}</td></tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing}
      </details>
      <button type="button" class="action export" part="export" aria-label=${t.exportCsvLabel(t.inventoryChartName(item.name))} @click=${this.onExport}>${t.exportCsv}</button>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-inventory-chart': NovaInventoryChart;
  }
}
