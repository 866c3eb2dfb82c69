import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MeasurementMessage, PreviewMessage, VertebraWire } from '../../../server/protocol/messages.js';
import { confidenceColour, theme } from './theme.js';

type Pt = readonly [number, number];

/**
 * The live (or held) fluoroscopy frame with the overlay of the last
 * measurement: corner quadrilaterals, endplate lines (thick), corner dots and
 * level labels, coloured by presence score. Overlay coordinates are original
 * frame pixels: the SVG's viewBox is the original frame, laid exactly over
 * the downscaled preview image.
 */
@customElement('sagitta-frame')
export class FrameView extends LitElement {
  @property({ attribute: false }) preview: PreviewMessage | null = null;
  @property({ attribute: false }) measurement: MeasurementMessage | null = null;
  @property({ type: Boolean }) overlay = true;
  /** Age of the held image in s, or null when the image is live. */
  @property({ attribute: false }) heldAgeS: number | null = null;
  /** Why the level labels need checking (no S1 in view, not confirmed), or null. */
  @property({ attribute: false }) levelsNote: string | null = null;
  /** Shown instead of the image when there is none (no signal, disconnected). */
  @property() emptyText = 'no image yet';

  static override styles = [theme, css`
    :host { display: block; min-width: 0; min-height: 0; container-type: size; background: #000; border-radius: 10px; position: relative; overflow: hidden; }
    .fit { position: absolute; inset: 0; margin: auto; }
    img, svg { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }
    .empty { position: absolute; inset: 0; display: grid; place-items: center; color: var(--muted); font-size: 28px; text-align: center; padding: 16px; white-space: pre-wrap; overflow-wrap: anywhere; overflow: hidden; }
    .badge { position: absolute; top: 12px; left: 12px; padding: 6px 14px; border-radius: 8px; font-size: 26px; font-weight: 700; }
    .held { background: #fbbf24; color: #000; }
    .overlay-off { top: auto; bottom: 12px; background: #1f2937; color: var(--text); font-size: 18px; }
    .levels { top: auto; left: auto; right: 12px; bottom: 12px; max-width: calc(100% - 24px); background: #000c; color: #fbbf24; border: 2px solid #fbbf24; font-size: 18px; }
    .levels.raised { bottom: 60px; }
    text { font-family: 'DejaVu Sans', sans-serif; font-weight: 700; paint-order: stroke; stroke: #000; }
  `];

  override render() {
    const p = this.preview;
    if (!p) return html`<div class="empty">${this.emptyText}</div>`;
    const m = this.measurement;
    const w = m?.width ?? 1, h = m?.height ?? 1;
    const aspect = m ? w / h : 1;
    const fit = `width: min(100cqw, calc(100cqh * ${aspect})); height: min(100cqh, calc(100cqw / ${aspect}));`;
    return html`
      <div class="fit" style=${fit}>
        <img src=${p.image} alt="fluoroscopy frame ${p.frame}${p.held ? ' (held)' : ''}" />
        ${this.overlay && m ? this.renderOverlay(m) : nothing}
      </div>
      ${this.heldAgeS !== null ? html`<div class="badge held" data-held-age=${this.heldAgeS}>HELD IMAGE · ${this.heldAgeS} s</div>` : nothing}
      ${this.overlay ? nothing : html`<div class="badge overlay-off">overlay off</div>`}
      ${this.levelsNote ? html`<div class="badge levels ${this.overlay ? '' : 'raised'}" role="status" data-levels-note>${this.levelsNote}</div>` : nothing}`;
  }

  private renderOverlay(m: MeasurementMessage) {
    const unit = Math.max(m.width, m.height) / 400;
    return html`<svg viewBox="0 0 ${m.width} ${m.height}" preserveAspectRatio="none" aria-label="vertebra overlay">
      ${m.vertebrae.map((v) => this.renderVertebra(v, unit))}
    </svg>`;
  }

  private renderVertebra(v: VertebraWire, unit: number) {
    // stale or held-back vertebrae are drawn faint: their angles are not used
    const colour = v.stale || v.heldBack ? '#94a3b8' : confidenceColour(v.score);
    const c = v.corners as (Pt | null)[];
    const known = c.filter((p): p is Pt => p !== null);
    if (!known.length) return nothing;
    const dash = v.score < 0.5 ? `${3 * unit} ${2 * unit}` : 'none';
    const line = (a: Pt | null | undefined, b: Pt | null | undefined) => (a && b
      ? svg`<line x1=${a[0]} y1=${a[1]} x2=${b[0]} y2=${b[1]} stroke=${colour} stroke-width=${1.6 * unit} stroke-dasharray=${dash} />`
      : nothing);
    const side = (a: Pt | null | undefined, b: Pt | null | undefined) => (a && b
      ? svg`<line x1=${a[0]} y1=${a[1]} x2=${b[0]} y2=${b[1]} stroke=${colour} stroke-opacity="0.55" stroke-width=${0.6 * unit} />`
      : nothing);
    const cx = known.reduce((s, p) => s + p[0], 0) / known.length;
    const cy = known.reduce((s, p) => s + p[1], 0) / known.length;
    return svg`<g data-label=${v.label}>
      ${line(c[0], c[1])}${line(c[3], c[2])}${side(c[1], c[2])}${side(c[0], c[3])}
      ${known.map((p) => svg`<circle cx=${p[0]} cy=${p[1]} r=${1.4 * unit} fill=${colour} />`)}
      <text x=${cx} y=${cy} fill=${colour} stroke-width=${0.8 * unit} font-size=${9 * unit} text-anchor="middle" dominant-baseline="central">${v.label}</text>
    </g>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-frame': FrameView }
}
