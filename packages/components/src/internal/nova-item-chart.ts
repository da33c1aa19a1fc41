import { nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { NovaClient } from '@nova-corrente/core';
import { nearestIndex } from '../draw/forecast.js';
import type { Frame } from '../draw/axes.js';
import { serializeSvg } from '../draw/svg.js';
import type { SvgNode } from '../draw/svg.js';
import { rangeProblem } from './dates.js';
import { InvalidInput, findItem, isNotFound, type ItemLabel } from './lookup.js';
import { NovaDataElement } from './nova-element.js';
import { ResizeController } from '@lit-labs/observers/resize-controller.js';

/** What a chart's drawing gives the element: screen points (for pointer and keys) and its frame. */
export interface ChartDrawing {
  points: { x: number }[];
  frame: Frame;
  svg: SvgNode;
}

/**
 * Shared wiring of the one-item charts (forecast, inventory): item, site and date attributes,
 * loading the item's label with the chart's data, container-sized height, and the highlighted point
 * driven by pointer and keyboard.
 */
export abstract class NovaItemChart<T, D extends ChartDrawing> extends NovaDataElement<T> {
  /** Item to draw (`dim_item.item_id`). */
  @property({ attribute: 'item-id', reflect: true }) itemId?: string;
  /** Site (warehouse); default: the item's first site. */
  @property({ attribute: 'site-id', reflect: true }) siteId?: string;
  /** First date, `YYYY-MM-DD` (default: the whole series). */
  @property({ reflect: true }) start?: string;
  /** Last date, `YYYY-MM-DD`. */
  @property({ reflect: true }) end?: string;

  /** Index of the highlighted point, or -1. */
  @state() activeIndex = -1;
  @state() protected tableOpen = false;

  /** Width the chart is drawn at (0 until measured). */
  private chartWidth = 0;
  private resizeFrame = 0;
  /**
   * Observes the element's size. A new width is applied on the next animation frame (one render per
   * frame in a burst of resizes, and never inside the observer's own delivery, where a render that
   * changes the layout would raise "ResizeObserver loop completed with undelivered notifications").
   */
  protected readonly size = new ResizeController(this, {
    callback: (entries) => {
      const last = entries[entries.length - 1];
      const w = last ? Math.floor(last.contentRect.width) : 0;
      if (w <= 0 || w === this.chartWidth) return;
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => {
        this.chartWidth = w;
        this.requestUpdate();
      });
    },
  });

  protected drawing?: D;
  private drawn?: { key: unknown[]; svg: string };

  /** The points as last drawn (screen coordinates included), for host pages and tests. */
  get drawnPoints(): D['points'] {
    return this.drawing?.points ?? [];
  }

  protected override validate(): string | null {
    const t = this.fmt.t;
    if (!this.itemId) return t.unknownItem('');
    return rangeProblem(t, this.start, this.end);
  }

  /**
   * Loads the item's name/unit and the chart's data in parallel. An unknown item, or data the SDK
   * reports as not found, becomes a message (`InvalidInput`) rather than an error with a retry.
   */
  protected async loadWithItem<R>(client: NovaClient, signal: AbortSignal, load: (itemId: string) => Promise<R>): Promise<{ item: ItemLabel; value: R }> {
    const t = this.fmt.t;
    const itemId = this.itemId as string;
    const [item, value] = await Promise.all([findItem(client, itemId, signal), load(itemId).catch((e: unknown) => e as Error)]);
    if (!item) throw new InvalidInput(t.unknownItem(itemId));
    if (value instanceof Error) {
      if (isNotFound(value)) throw new InvalidInput(`${t.unknownItem(itemId)} ${value.message}`);
      throw value;
    }
    this.activeIndex = -1;
    return { item, value };
  }

  /** The state to show instead of the chart (while a new item loads the previous drawing stays, dimmed). */
  protected chartState(): { busy: boolean; state: TemplateResult | typeof nothing } {
    const busy = this.status === 'loading' && this.data !== undefined;
    return { busy, state: busy ? nothing : this.renderState() };
  }

  /** Drawing height: `--nova-chart-height` when set, else `height`, capped at `narrow` below 480 px. */
  protected chartHeight(height: number, narrow: number): number {
    const css = parseFloat(getComputedStyle(this).getPropertyValue('--nova-chart-height'));
    if (Number.isFinite(css) && css > 0) return css;
    return this.width() < 480 ? Math.min(height, narrow) : height;
  }

  /**
   * The drawing and its SVG text. A render with the same inputs (`key`: data, size, highlighted
   * point, locale) reuses the last ones, so a resize notice or a state change elsewhere does not
   * draw again.
   */
  protected draw(key: unknown[], make: () => D): { d: D; svg: string } {
    const last = this.drawn;
    if (this.drawing && last && last.key.length === key.length && last.key.every((v, i) => Object.is(v, key[i]))) {
      return { d: this.drawing, svg: last.svg };
    }
    const d = (this.drawing = make());
    this.drawn = { key, svg: serializeSvg(d.svg) };
    return { d, svg: this.drawn.svg };
  }

  /** The drawing width: as observed, else the element's width when first drawn, else 640. */
  protected width(): number {
    if (this.chartWidth <= 0) this.chartWidth = Math.floor(this.clientWidth);
    return this.chartWidth > 0 ? this.chartWidth : 640;
  }

  /** The point the first arrow key highlights: the last one unless a chart says otherwise. */
  protected defaultIndex(): number {
    return (this.drawing?.points.length ?? 0) - 1;
  }

  /** Arrows, Page Up/Down, Home/End move the highlighted point; Escape clears it. */
  protected onKey(e: KeyboardEvent): void {
    const n = this.drawing?.points.length ?? 0;
    if (n === 0) return;
    const page = Math.max(1, Math.round(n / 10));
    const cur = this.activeIndex < 0 ? this.defaultIndex() : this.activeIndex;
    const next: Record<string, number> = {
      ArrowRight: cur + 1, ArrowDown: cur + 1, ArrowLeft: cur - 1, ArrowUp: cur - 1,
      PageDown: cur + page, PageUp: cur - page, Home: 0, End: n - 1,
    };
    if (e.key === 'Escape') {
      this.activeIndex = -1;
      return;
    }
    if (!(e.key in next)) return;
    e.preventDefault();
    this.activeIndex = this.activeIndex < 0 && e.key.startsWith('Arrow') ? cur : Math.max(0, Math.min(n - 1, next[e.key]));
  }

  /** Highlights the point nearest the pointer. */
  protected onPointer(e: PointerEvent): void {
    const d = this.drawing;
    if (!d) return;
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    this.activeIndex = nearestIndex(d.points, ((e.clientX - rect.left) * d.frame.width) / (rect.width || d.frame.width));
  }
}
