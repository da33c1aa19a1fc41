import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { NovaClient } from '@nova-corrente/core';
import { formatter, resolveLocale } from '../i18n/index.js';
import type { Formatter } from '../i18n/index.js';
import { LocaleController } from './locale.js';

/**
 * The properties every Nova element that reads data shares (data elements and the dashboard):
 * where the gold is (or the client to use), locale, theme and the stale threshold.
 */
export abstract class NovaElement extends LitElement {
  /** Gold root URL; makes the element work without a `<nova-provider>`. */
  @property({ reflect: true }) src?: string;
  /** `pt-BR` (default) or `en`. */
  @property({ reflect: true }) locale?: string;
  /** `light` or `dark`; follows the OS preference when unset. */
  @property({ reflect: true }) theme?: string;
  /** Data generated more than this many days ago is flagged as stale. */
  @property({ attribute: 'stale-after-days', type: Number, reflect: true }) staleAfterDays = 30;
  /** Where DuckDB-WASM files are served from (only used by `sql()`, never by the elements). */
  @property({ attribute: 'duckdb-url' }) duckdbUrl?: string;
  /** A client to use instead of `src` or the provider's. */
  @property({ attribute: false }) client?: NovaClient;

  /** The strings of `locale` (English ones are loaded on demand). */
  protected readonly strings = new LocaleController(this);

  protected get fmt(): Formatter {
    return formatter(resolveLocale(this.locale));
  }

  /** Also waits for the strings of the element's locale, so an awaited update is in its language. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.strings.settle(() => super.getUpdateComplete());
  }
}
