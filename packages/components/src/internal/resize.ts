import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Tracks the content width of its host with a ResizeObserver and requests an update on change. */
export class ResizeController implements ReactiveController {
  width = 0;
  private observer?: ResizeObserver;
  private frame = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof ResizeObserver === 'undefined') return;
    this.observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[entries.length - 1].contentRect.width);
      if (w > 0 && Math.abs(w - this.width) >= 1) {
        cancelAnimationFrame(this.frame);
        // Coalesce bursts of resizes into one render per frame.
        this.frame = requestAnimationFrame(() => {
          this.width = w;
          this.host.requestUpdate();
        });
      }
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    cancelAnimationFrame(this.frame);
  }

  /** The observed width, else the host's current width, else `fallback`. */
  current(fallback = 640): number {
    if (this.width > 0) return this.width;
    const w = Math.floor(this.host.clientWidth);
    if (w > 0) this.width = w;
    return w > 0 ? w : fallback;
  }
}
