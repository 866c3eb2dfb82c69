import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { Target } from '../../../server/protocol/messages.js';
import { drawMarkers, drawTargetBands } from '../chart/markers.js';
import { seriesColour, timelineOptions } from '../chart/timeline-options.js';
import { yRangeDeg } from '../chart/y-range.js';
import type { TimelineEvent } from '../state/live-state.js';
import { shortName } from '../state/names.js';
import type { TimelineStore } from '../state/timeline-store.js';
import { ResizeController } from './resize-controller.js';
import { SERIES_COLOURS, theme } from './theme.js';

/** Follow-live window limits, seconds. */
const MIN_WINDOW_S = 10, MAX_WINDOW_S = 4 * 3600;

/**
 * The case timeline: one uPlot instance over the columnar `TimelineStore`
 * (updated with `setData`, resized through a ResizeController), with target
 * bands, shot markers and events. Zoom: drag a range, the wheel, or `zoom()`;
 * pan: `pan()`; follow-live keeps the last `windowS` seconds in view and is
 * switched off by any manual zoom or pan.
 */
@customElement('sagitta-timeline')
export class TimelineChart extends LitElement {
  @property({ attribute: false }) store: TimelineStore | null = null;
  /** The store's version; a change redraws the chart with the new points. */
  @property({ attribute: false }) version = -1;
  @property({ attribute: false }) targets: readonly Target[] = [];
  @property({ attribute: false }) events: readonly TimelineEvent[] = [];
  /** Keeps the newest points in view. */
  @state() follow = true;
  /** Width of the follow-live window, seconds. */
  @state() windowS = 300;

  @query('.plot') private plotEl!: HTMLDivElement;
  private chart: uPlot | null = null;
  /** The x range set by us (uPlot's own zoom reports through the setScale hook). */
  private settingX = false;
  /** Hidden (the case view is shown): keep the last size. */
  private readonly resize = new ResizeController(this, (w, h) => { if (w > 20 && h > 20) this.chart?.setSize({ width: w, height: h }); });

  static override styles = [theme, unsafeCSS(uplotCss), css`
    :host { display: grid; grid-template-rows: auto minmax(0, 1fr); min-height: 0; min-width: 0; background: var(--panel); border: 2px solid var(--border); border-radius: 10px; padding: 4px 8px; }
    .bar { display: flex; gap: 8px; align-items: center; font-size: 16px; }
    .bar .title { font-weight: 700; margin-right: 8px; }
    .bar .spacer { margin-right: auto; }
    .key { display: inline-flex; align-items: center; gap: 6px; font-weight: 700; }
    .key::before { content: ''; width: 22px; height: 4px; border-radius: 2px; background: var(--c); }
    button { font: inherit; font-size: 16px; color: var(--text); background: var(--panel-2); border: 1px solid var(--border); border-radius: 6px; padding: 4px 12px; min-height: 34px; cursor: pointer; }
    button[aria-pressed='true'] { background: #14532d; border-color: var(--within); }
    .plot { min-height: 0; min-width: 0; overflow: hidden; }
    .uplot { font-family: 'DejaVu Sans', sans-serif; }
    .u-legend { font-size: 14px; color: var(--text); margin: 0; }
    .u-legend .u-marker { width: 14px; height: 4px; }
    .u-select { background: rgba(125, 211, 252, 0.2); }
  `];

  override render() {
    return html`
      <div class="bar">
        <span class="title">Timeline</span>
        ${(this.store?.series ?? []).map((n, i) => html`<span class="key" style="--c: ${SERIES_COLOURS[i % SERIES_COLOURS.length]}">${shortName(n)}</span>`)}
        <span class="spacer"></span>
        <button data-cmd="follow" aria-pressed=${String(this.follow)} @click=${() => this.setFollow(!this.follow)} title="Follow live [F]">Follow live [F]</button>
        <button data-cmd="zoom-out" @click=${() => this.zoom(1.5)} title="Zoom out [-]">− [-]</button>
        <button data-cmd="zoom-in" @click=${() => this.zoom(1 / 1.5)} title="Zoom in [+]">+ [+]</button>
        <button data-cmd="pan-left" @click=${() => this.pan(-0.25)} title="Pan back [←]">◀ [←]</button>
        <button data-cmd="pan-right" @click=${() => this.pan(0.25)} title="Pan forward [→]">▶ [→]</button>
        <button data-cmd="whole" @click=${() => this.showWholeCase()} title="Whole case [W]">Whole case [W]</button>
      </div>
      <div class="plot"></div>`;
  }

  override firstUpdated(): void { this.createChart(); }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.chart) this.createChart(); // re-attached after a disconnect destroyed it
  }

  private createChart(): void {
    const rect = this.plotEl.getBoundingClientRect();
    const names = this.store?.series ?? [];
    const opts = timelineOptions(Math.max(100, Math.floor(rect.width)), Math.max(60, Math.floor(rect.height)), names, {
      drawClear: [(u) => drawTargetBands(u, this.targets, (angle) => seriesColour(names, angle))],
      draw: [(u) => drawMarkers(u, this.store?.shotStartsS ?? [], this.events)],
      setSelect: [(u) => this.zoomToSelection(u)],
      setScale: [(u, key) => { if (key === 'x' && !this.settingX && !this.follow) this.fitY(u); }],
    });
    this.chart = new uPlot(opts, (this.store?.data() ?? [[]]) as uPlot.AlignedData, this.plotEl);
    this.chart.over.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.chart.over.addEventListener('dblclick', () => { this.follow = false; });
    this.resize.observe(this.plotEl);
    this.refresh();
  }

  override updated(changed: PropertyValues<this>): void {
    // Turning follow off keeps the view as it is (a zoom or pan has just set it).
    const followOn = changed.has('follow') && this.follow;
    if (changed.has('version') || changed.has('targets') || changed.has('events') || followOn || changed.has('windowS')) this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = null;
  }

  /** The uPlot instance (for tests and the benchmark). */
  get plot(): uPlot | null { return this.chart; }

  /** Hands the newest data to uPlot and sets the x (and y) range; synchronous up to uPlot's queued redraw. */
  refresh(): void {
    const u = this.chart, store = this.store;
    if (!u || !store) return;
    const data = store.data();
    u.setData(data as uPlot.AlignedData, false);
    const span = store.span();
    let x0: number, x1: number;
    if (this.follow || u.scales.x!.min == null) {
      // the window, or the whole case while it is shorter than the window
      const last = span ? span[1] : Date.now() / 1000;
      const first = span ? span[0] : last;
      const w = Math.max(MIN_WINDOW_S, Math.min(this.windowS, last - first));
      x0 = last - w; x1 = last + w * 0.02;
    } else {
      x0 = u.scales.x!.min!; x1 = u.scales.x!.max!;
    }
    this.setX(x0, x1);
  }

  setFollow(on: boolean): void { this.follow = on; }

  /** Multiplies the visible span by `factor` (< 1 zooms in) around `centreS`, or the view's centre. */
  zoom(factor: number, centreS?: number): void {
    const u = this.chart;
    if (!u) return;
    if (this.follow && centreS === undefined) {
      this.windowS = Math.min(MAX_WINDOW_S, Math.max(MIN_WINDOW_S, this.windowS * factor));
      return;
    }
    const x0 = u.scales.x!.min!, x1 = u.scales.x!.max!;
    const c = centreS ?? (x0 + x1) / 2;
    const span = Math.min(MAX_WINDOW_S * 3, Math.max(MIN_WINDOW_S, (x1 - x0) * factor));
    const k = (c - x0) / (x1 - x0 || 1);
    this.follow = false;
    this.setX(c - k * span, c + (1 - k) * span);
  }

  /** Moves the view by `fraction` of its span (negative: back in time). */
  pan(fraction: number): void {
    const u = this.chart;
    if (!u) return;
    const x0 = u.scales.x!.min!, x1 = u.scales.x!.max!, d = (x1 - x0) * fraction;
    this.follow = false;
    this.setX(x0 + d, x1 + d);
  }

  /** Shows the whole case from its first point to now; stops following. */
  showWholeCase(): void {
    const span = this.store?.span();
    if (!span) return;
    this.follow = false;
    const pad = Math.max(1, (span[1] - span[0]) * 0.02);
    this.setX(span[0] - pad, span[1] + pad);
  }

  private setX(x0: number, x1: number): void {
    const u = this.chart!;
    const y = yRangeDeg(u.data as unknown as ArrayLike<number>[], x0, x1, this.targets.filter((t) => this.store?.series.includes(t.angle)));
    this.settingX = true;
    u.batch(() => {
      u.setScale('x', { min: x0, max: x1 });
      u.setScale('y', { min: y[0], max: y[1] });
    });
    this.settingX = false;
  }

  /** A range dragged with the mouse: zoom to it, stop following, clear the selection. */
  private zoomToSelection(u: uPlot): void {
    if (u.select.width < 3) return;
    const x0 = u.posToVal(u.select.left, 'x'), x1 = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.follow = false;
    this.setX(x0, x1);
  }

  /** After a drag-zoom or double-click reset by uPlot itself: fit y to the new x range. */
  private fitY(u: uPlot): void {
    const x0 = u.scales.x!.min, x1 = u.scales.x!.max;
    if (x0 == null || x1 == null) return;
    queueMicrotask(() => this.setX(x0, x1));
  }

  private onWheel(e: WheelEvent): void {
    const u = this.chart;
    if (!u) return;
    e.preventDefault();
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) { this.pan(Math.sign(e.deltaX || e.deltaY) * 0.1); return; }
    const centre = u.posToVal(e.offsetX, 'x');
    this.zoom(e.deltaY > 0 ? 1.25 : 0.8, centre);
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-timeline': TimelineChart }
}
