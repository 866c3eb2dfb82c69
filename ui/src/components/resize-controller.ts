/**
 * Observes the size of an element while the host is connected and calls
 * back with its content box (CSS px), as `@lit-labs/observers`'
 * ResizeController does: observe in `hostConnected`, disconnect in
 * `hostDisconnected`. The timeline uses it to drive `uplot.setSize`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ResizeController implements ReactiveController {
  private readonly observer: ResizeObserver;
  private target: Element | null = null;
  private connected = false;

  constructor(host: ReactiveControllerHost, callback: (width: number, height: number) => void) {
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]!.contentRect;
      callback(Math.floor(box.width), Math.floor(box.height));
    });
    host.addController(this);
  }

  /** Starts observing `el` (replacing any previous target). */
  observe(el: Element): void {
    if (this.target) this.observer.unobserve(this.target);
    this.target = el;
    if (this.connected) this.observer.observe(el);
  }

  hostConnected(): void {
    this.connected = true;
    if (this.target) this.observer.observe(this.target);
  }

  hostDisconnected(): void {
    this.connected = false;
    this.observer.disconnect();
  }
}
