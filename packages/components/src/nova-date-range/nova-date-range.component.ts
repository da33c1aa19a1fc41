import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { controlStyles, themeStyles } from '../internal/theme.js';
import { emit } from '../internal/events.js';
import type { RangeChangeDetail } from '../internal/events.js';
import { addDays, dateOrder, formatTypedDate, isIsoDate, parseTypedDate, rangeProblem } from '../internal/dates.js';
import { formatter, resolveLocale } from '../i18n/index.js';
import { LocaleController } from '../internal/locale.js';
import { dateRangeStyles } from './nova-date-range.styles.js';

const PRESETS = [30, 90, 180, 365];

/**
 * Two date fields and presets. The fields show and take dates in the element's locale
 * (`dd/mm/aaaa` under pt-BR, `mm/dd/yyyy` under en, ISO `YYYY-MM-DD` accepted in both), not the
 * browser's: native date inputs follow the browser locale. A range applies as soon as both fields
 * hold complete valid dates; Enter or leaving a field explains what is wrong otherwise. Arrow Up /
 * Down move a field's date by a day. Emits `nova-range-change` only for a valid range inside
 * `min`–`max`; an invalid one shows a message next to the fields.
 *
 * @tagname nova-date-range
 * @summary Date range picker.
 *
 * @fires nova-range-change - The range changed; `detail` is `{ start, end }` (ISO dates).
 *
 * @csspart start - The start field.
 * @csspart end - The end field.
 * @csspart presets - The presets select.
 * @csspart error - The validation message.
 */
export class NovaDateRange extends LitElement {
  static override styles = [themeStyles, controlStyles, dateRangeStyles];

  /** First date, `YYYY-MM-DD`. */
  @property({ reflect: true }) start?: string;
  /** Last date, `YYYY-MM-DD`. */
  @property({ reflect: true }) end?: string;
  /** Earliest date a typed range may start on, `YYYY-MM-DD`. */
  @property({ reflect: true }) min?: string;
  /** Latest date a typed range may end on, `YYYY-MM-DD`. */
  @property({ reflect: true }) max?: string;
  /** Date the "last N days" presets end on (default `max`, else `end`). */
  @property({ reflect: true }) anchor?: string;
  /** `pt-BR` (default) or `en`. */
  @property({ reflect: true }) locale?: string;
  /** `light` or `dark`. */
  @property({ reflect: true }) theme?: string;

  @state() private error = '';

  /** The strings of `locale` (English ones are loaded on demand). */
  private readonly strings = new LocaleController(this);

  /** Also waits for the strings of the element's locale, so an awaited update is in its language. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.strings.settle(() => super.getUpdateComplete());
  }

  private get fmt() {
    return formatter(resolveLocale(this.locale));
  }

  private get order() {
    return dateOrder(this.fmt.locale);
  }

  /** Sets the range from ISO strings; returns the error message or '' and emits when valid. */
  apply(start: string, end: string): string {
    const t = this.fmt.t;
    const o = this.order;
    // Both dates are required here: an empty one is a bad date, not an open bound.
    let error = (!start && t.badDate('start', start)) || (!end && t.badDate('end', end)) || rangeProblem(t, start, end) || '';
    // A reversed range is stated in the dates as the fields show them.
    if (error && isIsoDate(start) && isIsoDate(end) && start > end) error = t.badRange(formatTypedDate(start, o), formatTypedDate(end, o));
    this.error = error;
    if (!error) {
      this.start = start;
      this.end = end;
      emit<RangeChangeDetail>(this, 'nova-range-change', { start, end });
    }
    return error;
  }

  private field(id: 'start' | 'end'): HTMLInputElement {
    return this.renderRoot.querySelector(`#${id}`) as HTMLInputElement;
  }

  /** Reads both fields; a date that is not one, or outside min–max, is a message, not an event. */
  private onInput(): void {
    const t = this.fmt.t;
    const o = this.order;
    const dates: string[] = [];
    for (const id of ['start', 'end'] as const) {
      const text = this.field(id).value;
      const iso = parseTypedDate(text, o);
      if (!iso) {
        this.error = t.badTypedDate(text.trim(), t.datePattern);
        return;
      }
      if ((this.min && iso < this.min) || (this.max && iso > this.max)) {
        this.error = t.outOfBounds(formatTypedDate(iso, o), formatTypedDate(this.min ?? '', o) || '…', formatTypedDate(this.max ?? '', o) || '…');
        return;
      }
      dates.push(iso);
    }
    // Already applied while typing (or unchanged): nothing new to announce.
    if (dates[0] === this.start && dates[1] === this.end && !this.error) return;
    this.apply(dates[0], dates[1]);
  }

  /**
   * While typing: once both fields hold complete dates that form a valid range inside min–max the
   * range applies at once; anything else waits for the field's change (blur or Enter) to explain.
   */
  private onTyping(): void {
    const o = this.order;
    const [s, e] = (['start', 'end'] as const).map((id) => parseTypedDate(this.field(id).value, o));
    const inside = (d: string) => (!this.min || d >= this.min) && (!this.max || d <= this.max);
    if (s && e && s <= e && inside(s) && inside(e) && (s !== this.start || e !== this.end)) this.apply(s, e);
  }

  /** Enter commits the field; Arrow Up / Down move its date one day later / earlier (within min–max). */
  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      this.onInput();
      return;
    }
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const input = e.target as HTMLInputElement;
    const iso = parseTypedDate(input.value, this.order);
    if (!iso) return;
    e.preventDefault();
    const next = addDays(iso, e.key === 'ArrowUp' ? 1 : -1);
    if ((this.min && next < this.min) || (this.max && next > this.max)) return;
    input.value = formatTypedDate(next, this.order);
    this.onInput();
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
    const t = this.fmt.t;
    const o = this.order;
    const invalid = this.error ? 'true' : 'false';
    const input = (id: 'start' | 'end', value: string | undefined) =>
      html`<input id=${id} part=${id} type="text" inputmode="numeric" autocomplete="off" spellcheck="false" size="10"
        placeholder=${t.datePattern} .value=${formatTypedDate(value, o)} aria-invalid=${invalid} aria-describedby="error"
        @input=${this.onTyping} @change=${this.onInput} @keydown=${this.onKey} />`;
    return html`<fieldset>
      <legend>${t.dateRange}</legend>
      <label for="start"><span>${t.from} <span class="pattern">(${t.datePattern})</span></span>${input('start', this.start)}</label>
      <label for="end"><span>${t.to} <span class="pattern">(${t.datePattern})</span></span>${input('end', this.end)}</label>
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
