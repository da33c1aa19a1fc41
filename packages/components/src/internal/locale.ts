import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadLocale, localeReady, resolveLocale } from '../i18n/index.js';

type Host = ReactiveControllerHost & HTMLElement & { locale?: string };

/**
 * Loads the strings of its host's locale when they are not built in (`en`), then renders the host
 * again. `ready()` resolves once they are there; the elements' `updateComplete` waits for it, so a
 * host page (or a test) that awaits an update sees the element in its own language.
 */
export class LocaleController implements ReactiveController {
  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostUpdate(): void {
    const locale = resolveLocale(this.host.locale);
    if (!localeReady(locale)) void loadLocale(locale).then(() => this.host.requestUpdate(), () => undefined);
  }

  /** Resolves when the strings of the host's current locale are loaded. */
  ready(): Promise<void> {
    return loadLocale(resolveLocale(this.host.locale));
  }

  /** `updateComplete` of a host that also waits for its strings: `update` is the host's own. */
  async settle(update: () => Promise<boolean>): Promise<boolean> {
    let done = await update();
    if (!this.isReady) {
      await this.ready().catch(() => undefined);
      done = await update();
    }
    return done;
  }

  /** True when they are loaded already (no wait needed). */
  get isReady(): boolean {
    return localeReady(resolveLocale(this.host.locale));
  }
}
