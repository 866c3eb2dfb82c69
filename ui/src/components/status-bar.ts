import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { Connection, initialLiveState, type LiveState } from '../state/live-state.js';
import { theme } from './theme.js';

/** Status bar: connection, source, fps, latency, execution provider, model, recording. */
@customElement('sagitta-status-bar')
export class StatusBar extends LitElement {
  @property({ attribute: false }) state: LiveState = initialLiveState;
  /** Client clock (ms) for the reconnection countdown. */
  @property({ attribute: false }) nowMs = 0;

  static override styles = [theme, css`
    :host { display: flex; gap: 22px; align-items: center; min-width: 0; font-size: var(--status-font, 18px); white-space: nowrap; overflow: hidden; }
    .item { display: inline-flex; gap: 6px; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
    .k { color: var(--muted); }
    .conn { font-weight: 700; padding: 2px 10px; border-radius: 6px; }
    .conn[data-connection='connected'] { color: var(--within); }
    .conn[data-connection='connecting'] { color: var(--outside); }
    .conn[data-connection='disconnected'] { color: #fff; background: var(--danger-bg); }
    .rec[data-recording='true'] { color: #fca5a5; font-weight: 700; }
    .rec[data-recording='error'] { color: #fff; background: var(--danger-bg); padding: 2px 8px; border-radius: 6px; }
  `];

  override render() {
    const st = this.state, s = st.status;
    const retry = st.connection === Connection.DISCONNECTED && st.reconnectAtMs
      ? ` · retry in ${Math.max(0, Math.ceil((st.reconnectAtMs - this.nowMs) / 1000))} s` : '';
    const rec = s?.recording;
    const recState = rec?.error ? 'error' : rec?.active ? 'true' : 'false';
    const recText = rec?.error ? `recording error: ${rec.error}` : rec?.active ? `● REC${rec.caseId ? ` ${rec.caseId}` : ''}` : 'not recording';
    return html`
      <span class="item conn" data-connection=${st.connection} title=${st.connectionDetail ?? ''}>${st.connection}${retry}</span>
      <span class="item" data-field="source" title=${s?.sourceError ?? ''}><span class="k">source</span>${s ? `${s.source} · ${s.sourceState}` : '–'}</span>
      <span class="item" data-field="fps"><span class="k">fps</span>${s ? s.fps.toFixed(1) : '–'}</span>
      <span class="item" data-field="latency"><span class="k">latency</span>${s ? `${Math.round(s.latencyMs)} ms` : '–'}</span>
      <span class="item" data-field="ep"><span class="k">EP</span>${s ? s.executionProvider : '–'}</span>
      <span class="item rec" data-field="recording" data-recording=${recState}>${recText}</span>
      ${s?.levelShift || s?.levelsConfirmed ? html`<span class="item" data-field="levels"><span class="k">levels</span>${s.levelShift ? `shifted ${s.levelShift > 0 ? '+' : ''}${s.levelShift}` : 'as detected'}${s.levelsConfirmed ? ' · confirmed' : ''}</span>` : nothing}
      ${s?.calibration ? html`<span class="item" data-field="calibration"><span class="k">calibration</span>${s.calibration}</span>` : nothing}
      ${s ? html`<span class="item" data-field="model"><span class="k">model</span>${s.model.name} ${s.model.version}</span>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-status-bar': StatusBar }
}
