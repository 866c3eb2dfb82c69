import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { angleTitle, shortName } from '../state/names.js';
import { formatDeg, formatTarget, type ReadoutView } from '../state/readout.js';
import { theme } from './theme.js';

const STATUS_WORDS = { within: 'WITHIN', below: 'BELOW', above: 'ABOVE', none: 'NO TARGET' } as const;

/**
 * One angle readout: the value in large digits coloured by its status against
 * the target, the target with its tolerance and the delta; or a dash and the
 * reason when the angle is not measurable now. `compact` is the disc row's size.
 */
@customElement('sagitta-readout')
export class AngleReadout extends LitElement {
  /** Angle name as in the protocol: `L1L5`, `SS`, `disc:L4L5`, … */
  @property() angle = '';
  /** What to show (see `readoutFor`). */
  @property({ attribute: false }) view: ReadoutView = { measurable: false, reason: 'waiting for a measurement', target: null };
  /** Small form for the segmental disc angles. */
  @property({ type: Boolean, reflect: true }) compact = false;

  static override styles = [theme, css`
    :host { display: block; min-width: 0; min-height: 0; }
    .box {
      height: 100%; display: grid; align-items: center; column-gap: 16px;
      grid-template-columns: minmax(0, auto) minmax(0, 1fr);
      grid-template-areas: 'name value' 'state value' 'target value' 'delta value';
      background: var(--panel); border: 2px solid var(--border); border-left-width: 14px;
      border-radius: 10px; padding: 4px 20px 4px 16px; overflow: hidden;
    }
    .box[data-status='within'] { border-left-color: var(--within); }
    .box[data-status='below'], .box[data-status='above'] { border-left-color: var(--outside); }
    .name { grid-area: name; font-size: var(--readout-label, 28px); font-weight: 700; white-space: nowrap; align-self: end; }
    .state { grid-area: state; font-size: var(--readout-small, 22px); font-weight: 700; white-space: nowrap; }
    .target { grid-area: target; font-size: var(--readout-small, 22px); color: var(--muted); white-space: nowrap; }
    .delta { grid-area: delta; font-size: var(--readout-small, 22px); white-space: nowrap; align-self: start; }
    .delta-row { grid-area: delta; display: flex; gap: 18px; align-self: start; min-width: 0; }
    .sd { font-size: var(--readout-small, 22px); color: var(--muted); white-space: nowrap; }
    .value {
      grid-area: value; justify-self: end; font-size: var(--readout-font, 120px); line-height: 1.2;
      font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; color: var(--none);
    }
    [data-status='within'] .value, [data-status='within'] .state, [data-status='within'] .delta { color: var(--within); }
    [data-status='below'] .value, [data-status='below'] .state, [data-status='below'] .delta,
    [data-status='above'] .value, [data-status='above'] .state, [data-status='above'] .delta { color: var(--outside); }
    .dash { color: var(--muted); }
    .under-reason { grid-area: delta; align-self: start; }
    .reason { grid-area: state / state / target / target; font-size: var(--readout-small, 22px); color: var(--muted);
      white-space: normal; overflow-wrap: anywhere; align-self: start; }
    :host([compact]) .box {
      grid-template-columns: minmax(0, auto) minmax(0, 1fr);
      grid-template-areas: 'name value' 'delta value';
      border-left-width: 8px; padding: 2px 10px; column-gap: 8px;
    }
    :host([compact]) .name { font-size: var(--disc-label, 18px); }
    :host([compact]) .value { font-size: var(--disc-font, 36px); }
    :host([compact]) .delta, :host([compact]) .reason { font-size: var(--disc-small, 14px); }
    :host([compact]) .reason { grid-area: delta; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    :host([compact]) .state, :host([compact]) .target { display: none; }
  `];

  override render() {
    const v = this.view;
    const name = this.compact ? shortName(this.angle) : angleTitle(this.angle);
    if (!v.measurable) {
      return html`<div class="box" data-status="unmeasurable" data-measurable="false" title=${v.reason}>
        <span class="name">${name}</span>
        <span class="reason">${v.reason}</span>
        ${!this.compact && v.target ? html`<span class="target under-reason">target ${formatTarget(v.target)}</span>` : nothing}
        <span class="value dash" aria-label="not measurable">—</span>
      </div>`;
    }
    const status = v.status;
    const delta = v.deltaDeg === null ? '' : `Δ ${formatDeg(v.deltaDeg, true)}`;
    return html`<div class="box" data-status=${status} data-measurable="true">
      <span class="name">${name}</span>
      <span class="state">${STATUS_WORDS[status]}${v.combined ? ' · combined' : ''}</span>
      <span class="target">${v.target ? `target ${formatTarget(v.target)}` : 'no target set'}</span>
      ${this.compact
        ? html`<span class="delta">${delta || `± ${v.sdDeg.toFixed(1)}°`}</span>`
        : html`<span class="delta-row"><span class="delta">${delta}</span><span class="sd" title="1 SD of this value, from the landmark spreads">± ${v.sdDeg.toFixed(1)}° SD</span></span>`}
      <span class="value">${formatDeg(v.valueDeg)}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-readout': AngleReadout }
}
