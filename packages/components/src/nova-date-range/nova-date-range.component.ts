import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { controlStyles, themeStyles } from '../internal/theme.js';
import { emit } from '../internal/events.js';
import type { RangeChangeDetail } from '../internal/events.js';
import { addDays, rangeProblem } from '../internal/dates.js';
import { formatter, resolveLocale } from '../i18n/index.js';
import { dateRangeStyles } from './nova-date-range.styles.js';

const PRESETS = [30, 90, 180, 365];

/**
 * Two date inputs and presets. Emits `nova-range-change` only for a valid range; an invalid one
 * shows a message next to the inputs.
 *
 * @tagname nova-date-range
 * @summary Date range picker.
 *
 * @fires nova-range-change - The range changed; `detail` is `{ start, end }` (ISO dates).
 *
 * @csspart start - The start input.
 * @csspart end - The end input.
 * @csspart presets - The presets select.
 * @csspart error - The validation message.
 */
export class NovaDateRange extends LitElement {
  static override styles = [themeStyles, controlStyles, dateRangeStyles];

  /** First date, `YYYY-MM-DD`. */
  @property({ reflect: true }) start?: string;
  /** Last date, `YYYY-MM-DD`. */
  @property({ reflect: true }) end?: string;
  /** Earliest selectable date. */
  @property({ reflect: true }) min?: string;
  /** Latest selectable date. */
  @property({ reflect: true }) max?: string;
  /** Date the "last N days" presets end on (default `max`, else `end`). */
  @property({ reflect: true }) anchor?: string;
  /** `pt-BR` (default) or `en`. */
  @property({ reflect: true }) locale?: string;
  /** `light` or `dark`. */
  @property({ reflect: true }) theme?: string;

  @state() private error = '';

  private get t() {
    return formatter(resolveLocale(this.locale)).t;
  }

  /** Sets the range from ISO strings; returns the error message or '' and emits when valid. */
  apply(start: string, end: string): string {
    const t = this.t;
    // Both dates are required here: an empty one is a bad date, not an open bound.
    const error = (!start && t.badDate('start', start)) || (!end && t.badDate('end', end)) || rangeProblem(t, start, end) || '';
    this.error = error;
    if (!error) {
      this.start = start;
      this.end = end;
      emit<RangeChangeDetail>(this, 'nova-range-change', { start, end });
    }
    return error;
  }

  private onInput(): void {
    const root = this.renderRoot;
    const s = (root.querySelector('#start') as HTMLInputElement).value;
    const e = (root.querySelector('#end') as HTMLInputElement).value;
    this.apply(s, e);
  }

  private onPreset(e: Event): void {
    const sel = e.target as HTMLSelectElement;
    const v = sel.value;
    sel.value = '';
    const anchor = this.anchor ?? this.max ?? this.end;
    if (!v || !anchor) return;
    if (v === 'all') this.apply(this.min ?? addDays(anchor, -365), this.max ?? anchor);
    else this.apply(addDays(anchor, -Number(v) + 1), anchor);
  }

  override render() {
    const t = this.t;
    const invalid = this.error ? 'true' : 'false';
    return html`<fieldset>
      <legend>${t.dateRange}</legend>
      <label for="start">${t.from}
        <input id="start" part="start" type="date" .value=${this.start ?? ''} min=${this.min ?? nothing} max=${this.max ?? nothing}
          aria-invalid=${invalid} aria-describedby="error" @change=${this.onInput} /></label>
      <label for="end">${t.to}
        <input id="end" part="end" type="date" .value=${this.end ?? ''} min=${this.min ?? nothing} max=${this.max ?? nothing}
          aria-invalid=${invalid} aria-describedby="error" @change=${this.onInput} /></label>
      <label for="presets">${t.presets}
        <select id="presets" part="presets" @change=${this.onPreset}>
          <option value="">—</option>
          ${PRESETS.map((n) => html`<option value=${n}>${t.presetDays(n)}</option>`)}
          <option value="all">${t.presetAll}</option>
        </select></label>
      <p id="error" class="error" part="error" role="alert">${this.error}</p>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nova-date-range': NovaDateRange;
  }
  interface HTMLElementEventMap {
    'nova-range-change': CustomEvent<RangeChangeDetail>;
  }
}
