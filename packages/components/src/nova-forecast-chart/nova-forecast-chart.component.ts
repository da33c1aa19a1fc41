import { html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Grain, NovaClient, TimeseriesResult } from '@nova-corrente/core';
import { NovaItemChart } from '../internal/nova-item-chart.js';
import { InvalidInput, type ItemLabel } from '../internal/lookup.js';
import { themeStyles, chartStyles } from '../internal/theme.js';
import { emit } from '../internal/events.js';
import { drawForecast } from '../draw/forecast.js';
import type { ForecastDrawing } from '../draw/forecast.js';
import { csvFile, exportCsv } from '../internal/export.js';
import type { CsvTable } from '../internal/export.js';
import { forecastChartStyles } from './nova-forecast-chart.styles.js';
import { withItemName } from '../internal/name.js';
import type { PointFocusDetail } from '../internal/events.js';

interface ForecastData {
  ts: TimeseriesResult;
  item: ItemLabel;
  grain: Grain;
}

/**
 * Actual demand against the precomputed forecast of one item, with the forecast interval band and
 * the boundary between history and future.
 *
 * @tagname nova-forecast-chart
 * @summary Forecast vs actual chart of one item.
 *
 * @fires nova-load - When a load ends; `detail.status` is `ready`, `empty`, `error` or `invalid`.
 * @fires nova-point-focus - When the highlighted point changes (keyboard or pointer); `detail` is the point.
 * @fires nova-export - The CSV button was pressed; `detail` is `{ filename, csv }` (the file's text,
 *   with its byte-order mark). Cancel the event (`preventDefault()`) to handle the file yourself
 *   instead of the browser download.
 *
 * @csspart figure - The whole chart.
 * @csspart title - The heading with the item name.
 * @csspart plot - The focusable drawing area.
 * @csspart forecast-line - The forecast line.
 * @csspart actual-line - The actual line.
 * @csspart band - The forecast interval band.
 * @csspart tooltip - The tooltip of the highlighted point.
 * @csspart provenance - The model / generated-at line.
 * @csspart stale - The stale-data flag.
 * @csspart state - Loading, empty and error messages.
 * @csspart data-table - The data-table alternative.
 * @csspart export - The CSV download button (the data table as a file).
 *
 * @cssproperty --nova-series-forecast - Forecast line colour (default `--nova-color-primary`).
 * @cssproperty --nova-series-actual - Actual line colour (default `--nova-color-text`).
 * @cssproperty --nova-series-band - Interval band colour (default `--nova-color-primary`).
 * @cssproperty --nova-band-opacity - Interval band opacity.
 * @cssproperty --nova-future-fill - Background of the future part.
 * @cssproperty --nova-chart-height - Height of the drawing in px (default 280).
 */
export class NovaForecastChart extends NovaItemChart<ForecastData, ForecastDrawing> {
  static override styles = [themeStyles, chartStyles, forecastChartStyles];

  /** Forecast source (e.g. `ensemble`); default: the item's selected source. */
  @property({ reflect: true }) source?: string;
  /** Drawing height in px. */
  @property({ type: Number, reflect: true }) height = 280;

  /** The last loaded series. */
  get series(): TimeseriesResult | undefined {
    return this.data?.ts;
  }

  protected queryKey(): string {
    return JSON.stringify([this.itemId, this.start, this.end, this.source, this.siteId]);
  }

  protected async fetchData(client: NovaClient, signal: AbortSignal): Promise<ForecastData | null> {
    const t = this.fmt.t;
    if (this.source && !client.manifest.ml.some((m) => m.source === this.source)) {
      throw new InvalidInput(t.badAttr('source', this.source, client.manifest.ml.map((m) => m.source).join(', ')));
    }
    const { item, value: ts } = await this.loadWithItem(client, signal, (itemId) =>
      client.timeseries({ itemId, start: this.start, end: this.end, source: this.source, siteId: this.siteId, signal }),
    );
    return ts.points.length > 0 ? { ts, item, grain: client.manifest.grain } : null;
  }

  /** The data table as a CSV file's text in the element's locale (Excel-ready; see the README). */
  async csv(): Promise<string> {
    return (await csvFile(this.csvTable(), this.fmt.locale)).csv;
  }

  private csvTable(): CsvTable {
    const t = this.fmt.t;
    return {
      file: ['forecast', this.itemId ?? 'item'],
      header: [t.date, t.forecast, t.intervalLow, t.intervalHigh, t.actual],
      rows: (this.data?.ts.points ?? []).map((p) => [p.date, p.forecast, p.forecast_lo, p.forecast_hi, p.actual]),
    };
  }

  private onExport(): void {
    void exportCsv(this, this.csvTable(), this.fmt.locale);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('activeIndex')) {
      const p = this.drawing?.points[this.activeIndex];
      if (p) {
        emit<PointFocusDetail>(this, 'nova-point-focus', {
          itemId: this.itemId,
          index: this.activeIndex,
          date: p.date,
          forecast: p.forecast,
          forecast_lo: p.forecast_lo,
          forecast_hi: p.forecast_hi,
          actual: p.actual,
        });
      }
    }
  }

  /** The last period with an actual (the as-of point), else the first. */
  protected override defaultIndex(): number {
    const pts = this.drawing?.points ?? [];
    const asOf = this.data?.ts.asOf ?? '';
    let idx = 0;
    pts.forEach((p, i) => {
      if (p.date <= asOf) idx = i;
    });
    return idx;
  }

  override render() {
    // While a new item loads, keep the previous drawing (dimmed, aria-busy): no layout shift.
    const { busy, state } = this.chartState();
    if (state !== nothing || !this.data) return html`<figure part="figure">${state}</figure>`;
    const f = this.fmt;
    const t = f.t;
    const { ts, item, grain } = this.data;
    const width = this.width();
    const height = this.chartHeight(this.height, 220);
    const { d, svg } = this.draw([this.data, width, height, this.activeIndex, f.locale], () => drawForecast(ts.points, {
      width,
      height,
      asOf: ts.asOf,
      activeIndex: this.activeIndex,
      grain,
      formatDate: (dt, step) => f.shortDate(dt, step),
      formatValue: (v) => f.compact(v),
      labels: { history: t.history, future: t.future },
    }));
    const pts = ts.points;
    let fTotal = 0;
    let aTotal = 0;
    for (const p of pts) {
      fTotal += p.forecast;
      aTotal += p.actual ?? 0;
    }
    const active = d.points[this.activeIndex];
    const label = (p: (typeof pts)[number]) =>
      t.pointLabel({
        date: f.date(p.date),
        forecast: f.number(p.forecast, 2),
        lo: f.number(p.forecast_lo, 2),
        hi: f.number(p.forecast_hi, 2),
        actual: f.number(p.actual, 2),
      });
    const tipLeft = active ? Math.min(Math.max(active.x - 90, 0), Math.max(0, width - 200)) : 0;
    return html`<figure part="figure" style="margin:0" class=${busy ? 'busy' : ''} aria-busy=${busy ? 'true' : 'false'}>
      <h2 class="title" id="title" part="title">${withItemName(t.forecastChartName, item.name)} <span class="item-id">${item.item_id}</span></h2>
      <ul class="legend" aria-hidden="true">
        <li><span class="swatch forecast"></span>${t.forecast}</li>
        <li><span class="swatch band"></span>${t.interval}</li>
        <li><span class="swatch actual"></span>${t.actual}</li>
      </ul>
      <div class="plot">
        <div
          class="focus-target"
          part="plot"
          tabindex="0"
          role="img"
          aria-labelledby="title"
          aria-describedby="summary hint"
          @keydown=${this.onKey}
          @pointermove=${this.onPointer}
          @pointerleave=${() => (this.activeIndex = -1)}
          @blur=${() => (this.activeIndex = -1)}
        >
          ${unsafeHTML(svg)}
        </div>
        ${active
          ? html`<div class="tooltip" part="tooltip" style="left:${tipLeft}px;top:${Math.max(0, Math.min(active.yForecast, active.yActual ?? Infinity) - 64)}px">
              <strong>${f.date(active.date)}</strong><br />
              ${t.forecast}: ${f.number(active.forecast, 2)} (${f.number(active.forecast_lo, 2)} – ${f.number(active.forecast_hi, 2)})<br />
              ${t.actual}: ${f.number(active.actual, 2)}
            </div>`
          : nothing}
      </div>
      <p id="summary" class="visually-hidden">
        ${t.forecastSummary({
          points: pts.length,
          start: f.date(pts[0].date),
          end: f.date(pts[pts.length - 1].date),
          forecastTotal: f.number(fTotal, 1),
          actualTotal: f.number(aTotal, 1),
          asOf: f.date(ts.asOf),
        })}
      </p>
      <p id="hint" class="visually-hidden">${t.keyboardHint}</p>
      <div class="visually-hidden live" aria-live="polite">${active ? label(active) : ''}</div>
      ${ts.metas.map((m) => this.renderProvenance(m))}
      <details class="table-alt" part="data-table" @toggle=${(e: Event) => (this.tableOpen = (e.target as HTMLDetailsElement).open)}>
        <summary>${t.dataTable}</summary>
        ${this.tableOpen
          ? html`<div class="scroll" tabindex="0" role="region" aria-label=${t.dataTable}>
              <table class="data">
                <caption class="visually-hidden">${withItemName(t.forecastChartName, item.name)}</caption>
                <thead><tr><th scope="col">${t.date}</th><th scope="col">${t.forecast}</th><th scope="col">${t.interval}</th><th scope="col">${t.actual}</th></tr></thead>
                <tbody>
                  ${pts.map(
                    (p) => html`<tr>
                      <th scope="row">${f.date(p.date)}</th><td>${f.number(p.forecast, 2)}</td>
                      <td>${f.number(p.forecast_lo, 2)} – ${f.number(p.forecast_hi, 2)}</td><td>${f.number(p.actual, 2)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing}
      </details>
      <button type="button" class="action export" part="export" aria-label=${t.exportCsvLabel(t.forecastChartName(item.name))} @click=${this.onExport}>${t.exportCsv}</button>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-forecast-chart': NovaForecastChart;
  }
  interface HTMLElementEventMap {
    'nova-point-focus': CustomEvent<PointFocusDetail>;
  }
}
