import { LitElement, css, html, nothing, svg, unsafeCSS } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { api, apiUrl, type StoredFrame, type TimelineData, type VideoRecord } from './api.js';
import { withShotGaps } from './shot-gaps.js';
import { angleLabel, clock, fmtDeg } from './format.js';

const SERIES = [['L1L5', '#60a5fa'], ['L1S1', '#c084fc'], ['SS', '#f9a8d4']] as const;

/**
 * Replay of a recorded case: the angle timeline (uPlot) with a scrubber;
 * moving it shows the recorded fluoroscopy (the shot's MP4 seeked to the
 * frame recorded at that time) with the stored corners and angles in step.
 */
@customElement('sagitta-case-replay')
export class CaseReplay extends LitElement {
  @property() caseId = '';
  @property({ attribute: false }) videos: Omit<VideoRecord, 'times'>[] = [];
  @state() private data: TimelineData | null = null;
  @state() private timeMs = 0;
  @state() private frame: StoredFrame | null = null;
  @state() private error = '';
  @query('.plot') private plotEl!: HTMLDivElement;
  @query('video') private video!: HTMLVideoElement | null;
  private chart: uPlot | null = null;
  private times = new Map<number, number[]>();
  private pending = 0;

  static override styles = [unsafeCSS(uplotCss), css`
    :host { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 12px; }
    .view { position: relative; background: #000; border-radius: 8px; min-height: 200px; aspect-ratio: 1; }
    .view video, .view svg { position: absolute; inset: 0; width: 100%; height: 100%; }
    polygon { fill: none; stroke: #22d3ee; stroke-width: 2; vector-effect: non-scaling-stroke; }
    input[type=range] { width: 100%; }
    .angles td { padding: 2px 8px; font-variant-numeric: tabular-nums; }
    .error { color: #fca5a5; } .novideo { position: absolute; inset: 0; display: grid; place-items: center; color: #b9c5cf; }
    .u-legend { color: var(--text, #f2f5f8); }
  `];

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('caseId') && this.caseId) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy(); this.chart = null;
  }

  private async load(): Promise<void> {
    try {
      this.data = await api<TimelineData>(`/api/cases/${this.caseId}/timeline?max=4000`);
      this.times.clear();
      await this.updateComplete;
      this.drawChart();
      if (this.data.t.length) void this.seek(this.data.t[0]!);
    } catch (e) { this.error = (e as Error).message; }
  }

  private drawChart(): void {
    const d = this.data!;
    this.chart?.destroy();
    const { xs, ys } = withShotGaps(d, SERIES.map(([n]) => n));
    this.chart = new uPlot({
      width: Math.max(300, this.plotEl.clientWidth), height: 220,
      series: [{}, ...SERIES.map(([n, c]) => ({ label: angleLabel(n), stroke: c, width: 2 }))],
      axes: [{ stroke: '#b9c5cf' }, { stroke: '#b9c5cf', values: (_u: uPlot, v: number[]) => v.map((x) => `${x}°`) }],
      hooks: { setCursor: [(u: uPlot) => { if (u.cursor.left !== undefined && u.cursor.left >= 0 && this.dragging) void this.seek(u.posToVal(u.cursor.left, 'x') * 1000); }] },
    }, [xs, ...ys] as uPlot.AlignedData, this.plotEl);
  }

  private dragging = false;

  /** Moves the replay to `t` (ms since the epoch): stored frame + video frame. */
  async seek(t: number): Promise<void> {
    this.timeMs = t;
    const ticket = ++this.pending;
    try {
      const r = await api<{ frame: StoredFrame | null }>(`/api/cases/${this.caseId}/frame?t=${Math.round(t)}`);
      if (ticket !== this.pending) return;
      this.frame = r.frame;
      await this.seekVideo(t);
    } catch (e) { this.error = (e as Error).message; }
  }

  private videoAt(t: number): Omit<VideoRecord, 'times'> | undefined {
    return this.videos.find((v) => v.endMs !== null && v.keyframes !== null && t >= v.startMs - 50 && t <= v.endMs + 50);
  }

  private async seekVideo(t: number): Promise<void> {
    const v = this.videoAt(t);
    await this.updateComplete;
    const el = this.video;
    if (!v || !el) return;
    let times = this.times.get(v.id);
    if (!times) { times = (await api<VideoRecord>(`/api/cases/${this.caseId}/videos/${v.id}/index.json`)).times; this.times.set(v.id, times); }
    let i = 0;
    while (i + 1 < times.length && times[i + 1]! <= t) i++;
    const src = apiUrl(`/api/cases/${this.caseId}/videos/${v.id}.mp4`);
    if (!el.src.endsWith(src)) el.src = src;
    el.currentTime = (i + 0.5) / v.fps;
  }

  private overlay() {
    const f = this.frame;
    if (!f) return nothing;
    return svg`<svg viewBox="-0.5 -0.5 ${f.width} ${f.height}">${f.vertebrae.map((v) => svg`<polygon points=${v.corners.filter((c) => c).map((c) => c!.join(',')).join(' ')}></polygon>`)}</svg>`;
  }

  override render() {
    const d = this.data;
    const t0 = d?.t[0] ?? 0, t1 = d?.t[d.t.length - 1] ?? 0;
    const video = this.videoAt(this.timeMs);
    return html`
      <div>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        <div class="plot" @pointerdown=${() => { this.dragging = true; }} @pointerup=${() => { this.dragging = false; }}></div>
        <input class="scrubber" type="range" min=${t0} max=${t1} step="1" .value=${String(this.timeMs)} aria-label="replay time"
          @input=${(e: Event) => void this.seek(Number((e.target as HTMLInputElement).value))}>
        <div>${d?.t.length ? `${clock(this.timeMs)} · frame ${this.frame?.frame ?? '–'} · shot ${this.frame?.shot ?? '–'}` : 'No frames recorded.'}</div>
      </div>
      <aside>
        <div class="view">${video ? html`<video muted playsinline preload="auto"></video>` : html`<div class="novideo">no live image at this time</div>`}${this.overlay()}</div>
        <table class="angles">${this.frame ? Object.entries(this.frame.angles).map(([n, a]) => html`<tr data-angle=${n}><td>${angleLabel(n)}</td><td>${fmtDeg(a.value)}</td></tr>`) : nothing}</table>
      </aside>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'sagitta-case-replay': CaseReplay } }
