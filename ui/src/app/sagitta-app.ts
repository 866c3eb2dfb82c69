import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { Target } from '../../../server/protocol/messages.js';
import { Command, type CommandEvent, type CommandName } from '../components/control-bar.js';
import type { EventDialog, MarkEvent } from '../components/event-dialog.js';
import type { TargetChangeEvent, TargetDialog } from '../components/target-dialog.js';
import type { TimelineChart } from '../components/timeline-chart.js';
import { theme } from '../components/theme.js';
import { LiveFeedController } from '../live/live-feed-controller.js';
import { liveSocketUrl, pageToken } from '../live/ws-url.js';
import { Connection } from '../state/live-state.js';
import { DISC_ROW, MAIN_ANGLES } from '../state/names.js';
import { heldAgeS, levelsUnverified, readoutFor, staleReason } from '../state/readout.js';
import { ChartCommand, commandForKey, type ChartCommandName } from './shortcuts.js';
import { layoutStyles } from './layout.js';
import '../components/angle-readout.js';
import '../components/control-bar.js';
import '../components/disc-row.js';
import '../components/event-dialog.js';
import '../components/frame-view.js';
import '../components/status-bar.js';
import '../components/target-dialog.js';
import '../components/timeline-chart.js';
import '../cases/case-view.js';

/** How often (ms) the clock-driven parts (staleness, held age, retry countdown) refresh. */
const TICK_MS = 500;

/**
 * The dashboard shell: banner, controls, frame with overlay, the three large
 * readouts, the disc row, the timeline and the status bar, fed by one
 * LiveFeedController; keyboard shortcuts for every command.
 */
@customElement('sagitta-app')
export class SagittaApp extends LitElement {
  private readonly feed = new LiveFeedController(this, { url: liveSocketUrl(location), token: pageToken(location.search) });
  @state() private now = Date.now();
  @state() private overlay = true;
  /** Which view fills the middle of the screen. */
  @state() private view: 'live' | 'case' = 'live';
  @state() private toast: { text: string; error: boolean; untilMs: number } | null = null;
  /** Last model seen: the banner stays while disconnected. */
  private syntheticModel: { name: string; notice?: string | undefined } | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  @query('sagitta-timeline') private timeline!: TimelineChart;
  @query('sagitta-target-dialog') private targetDialog!: TargetDialog;
  @query('sagitta-event-dialog') private eventDialog!: EventDialog;
  private readonly onKey = (e: KeyboardEvent) => this.keyDown(e);

  static override styles = [theme, layoutStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    this.tick = setInterval(() => { this.now = Date.now(); }, TICK_MS);
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.tick) clearInterval(this.tick);
    window.removeEventListener('keydown', this.onKey);
  }

  /** The live feed (tests and the case view read it). */
  get live(): LiveFeedController { return this.feed; }

  override render() {
    const st = this.feed.state, now = Math.max(this.now, Date.now()); // the tick only schedules a re-render
    const model = st.status?.model;
    if (model) this.syntheticModel = model.syntheticOnly ? { name: `${model.name} ${model.version}`, notice: model.notice } : null;
    const stale = staleReason(st, now);
    // a source that is down shows why (with ffmpeg's error when there is one), not its last image
    const sourceDown = ['failed', 'restarting', 'ended', 'starting'].includes(st.status?.sourceState ?? '');
    const showImage = st.connection === Connection.CONNECTED && st.preview !== null && !sourceDown;
    const emptyText = `${stale ?? 'no image yet'}${sourceDown && st.status?.sourceError ? `: ${st.status.sourceError}` : ''}`;
    const recording = st.status?.recording.active === true;
    return html`
      ${this.syntheticModel ? html`<div class="banner" role="alert" title=${this.syntheticModel.notice ?? ''}>NOT FOR CLINICAL USE · model ${this.syntheticModel.name} was trained on phantom images only</div>` : nothing}
      <header>
        <span class="brand">Sagitta</span>
        <nav role="tablist">
          <button role="tab" data-view="live" aria-selected=${String(this.view === 'live')} @click=${() => { this.view = 'live'; }}>Live<kbd>1</kbd></button>
          <button role="tab" data-view="case" aria-selected=${String(this.view === 'case')} @click=${() => { this.view = 'case'; }}>Case<kbd>2</kbd></button>
        </nav>
        <sagitta-controls .overlay=${this.overlay} .recording=${recording} ?offline=${st.connection !== Connection.CONNECTED} @command=${(e: CommandEvent) => this.run(e.command)}></sagitta-controls>
      </header>
      ${this.toast && this.toast.untilMs > now ? html`<div class="toast" data-error=${String(this.toast.error)} role="status">${this.toast.text}</div>` : nothing}
      <div class="live" ?hidden=${this.view !== 'live'}>
      <main>
        <sagitta-frame .preview=${showImage ? st.preview : null} .measurement=${st.measurement} .overlay=${this.overlay}
          .heldAgeS=${showImage ? heldAgeS(st, now) : null} .levelsNote=${showImage ? levelsUnverified(st) : null} emptyText=${emptyText}></sagitta-frame>
        <section class="readouts">
          ${MAIN_ANGLES.map((a) => html`<sagitta-readout data-angle=${a} .angle=${a} .view=${readoutFor(st, a, now)}></sagitta-readout>`)}
        </section>
      </main>
      <sagitta-disc-row .views=${DISC_ROW.map((a) => [a, readoutFor(st, a, now)] as const)}></sagitta-disc-row>
      <sagitta-timeline .store=${this.feed.timeline} .version=${this.feed.timeline.version} .targets=${st.targets} .events=${st.events}></sagitta-timeline>
      </div>
      ${this.view === 'case' ? html`<sagitta-case-view class="case"></sagitta-case-view>` : nothing}
      <footer><sagitta-status-bar .state=${st} .nowMs=${now}></sagitta-status-bar></footer>
      <sagitta-target-dialog .targets=${st.targets} @target-change=${(e: TargetChangeEvent) => this.changeTarget(e.angle, e.value)}></sagitta-target-dialog>
      <sagitta-event-dialog @mark=${(e: MarkEvent) => this.request(e.note ? { type: 'mark-event', note: e.note } : { type: 'mark-event' }, 'Event marked')}></sagitta-event-dialog>`;
  }

  private keyDown(e: KeyboardEvent): void {
    const cmd = commandForKey(e);
    if (!cmd) return;
    e.preventDefault();
    if (cmd === ChartCommand.VIEW_LIVE || cmd === ChartCommand.VIEW_CASE) { this.view = cmd === ChartCommand.VIEW_LIVE ? 'live' : 'case'; return; }
    if ((Object.values(ChartCommand) as string[]).includes(cmd)) this.runChart(cmd as ChartCommandName);
    else this.run(cmd as CommandName);
  }

  private runChart(cmd: ChartCommandName): void {
    const t = this.timeline;
    if (cmd === ChartCommand.FOLLOW) t.setFollow(!t.follow);
    else if (cmd === ChartCommand.WHOLE) t.showWholeCase();
    else if (cmd === ChartCommand.PAN_BACK) t.pan(-0.25);
    else if (cmd === ChartCommand.PAN_FORWARD) t.pan(0.25);
    else if (cmd === ChartCommand.ZOOM_IN) t.zoom(1 / 1.5);
    else t.zoom(1.5);
  }

  private run(cmd: CommandName): void {
    const shift = this.feed.state.status?.levelShift ?? 0;
    switch (cmd) {
      case Command.OVERLAY: this.overlay = !this.overlay; return;
      case Command.TARGETS: this.targetDialog.open(); return;
      case Command.MARK: this.eventDialog.open(); return;
      case Command.LEVEL_UP: this.request({ type: 'shift-levels', shift: shift - 1 }, 'Levels shifted one level cranial'); return;
      case Command.LEVEL_DOWN: this.request({ type: 'shift-levels', shift: shift + 1 }, 'Levels shifted one level caudal'); return;
      case Command.CONFIRM_LEVELS: this.request({ type: 'confirm-levels' }, 'Levels confirmed'); return;
      case Command.SNAPSHOT: this.request({ type: 'snapshot' }, 'Snapshot taken'); return;
      case Command.RECORD: {
        const active = !(this.feed.state.status?.recording.active === true);
        this.request({ type: 'recording', active }, active ? 'Recording started' : 'Recording stopped');
      }
    }
  }

  private changeTarget(angle: string, target: Target | null): void {
    if (target) this.request({ type: 'set-target', target }, `Target set: ${angle} ${target.valueDeg} ± ${target.toleranceDeg}°`);
    else this.request({ type: 'clear-target', angle }, `Target cleared: ${angle}`);
  }

  private request(msg: Parameters<LiveFeedController['send']>[0], done: string): void {
    this.feed.send(msg).then(
      () => this.showToast(done, false),
      (err: Error) => this.showToast(err.message, true),
    );
  }

  private showToast(text: string, error: boolean): void {
    this.toast = { text, error, untilMs: Date.now() + (error ? 8000 : 3000) };
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-app': SagittaApp }
}
