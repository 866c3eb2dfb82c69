import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { computeAngles } from '../../../server/measure/angles.js';
import { api, apiUrl, jsonInit, type PreopBaseline } from './api.js';
import { angleLabel, fmtDeg } from './format.js';

type Corner = [number, number] | null;
interface Vert { label: string; corners: Corner[] }

/**
 * Pre-op import: upload a standing radiograph (PNG, JPEG, DICOM), see the
 * measured corners over it, drag any corner: the angles recompute live (the
 * spec's computeAngles, in the page) and the edit is stored on release.
 * @fires preop-change - after an import or a stored edit
 */
@customElement('sagitta-preop-editor')
export class PreopEditor extends LitElement {
  @state() private preop: PreopBaseline | null = null;
  @state() private vertebrae: Vert[] = [];
  @state() private angles: Record<string, number> = {};
  @state() private busy = '';
  @state() private error = '';
  @state() private imageVersion = 0;
  private drag: { v: number; c: number; id: number } | null = null;

  static override styles = css`
    :host { display: grid; grid-template-columns: minmax(0, 1fr) 260px; gap: 12px; min-height: 0; }
    .stage { position: relative; background: #000; border-radius: 8px; overflow: hidden; align-self: start; }
    .stage img { display: block; width: 100%; height: auto; }
    .stage svg { position: absolute; inset: 0; width: 100%; height: 100%; touch-action: none; }
    polygon { fill: none; stroke: #22d3ee; stroke-width: 2; vector-effect: non-scaling-stroke; }
    line.endplate { stroke: #fbbf24; stroke-width: 3; vector-effect: non-scaling-stroke; }
    circle.corner { fill: #f87171; stroke: #fff; stroke-width: 1; vector-effect: non-scaling-stroke; cursor: grab; }
    circle.corner:hover, circle.corner.active { fill: #fde047; }
    table { border-collapse: collapse; width: 100%; font-size: 15px; }
    td, th { padding: 3px 6px; border-bottom: 1px solid var(--border, #2a3a48); text-align: left; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .error { color: #fca5a5; } .busy { color: var(--muted, #b9c5cf); }
    label.file { display: inline-block; padding: 6px 12px; border: 1px solid var(--border, #2a3a48); border-radius: 6px; cursor: pointer; margin-bottom: 8px; }
    label.file input { display: none; }
    .empty { padding: 40px; color: var(--muted, #b9c5cf); }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try { this.setPreop((await api<{ preop: PreopBaseline | null }>('/api/preop')).preop); } catch (e) { this.error = (e as Error).message; }
  }

  private setPreop(p: PreopBaseline | null): void {
    this.preop = p;
    this.vertebrae = p ? p.vertebrae.map((v) => ({ label: v.label, corners: v.corners.map((c) => (c ? [c[0], c[1]] : null)) })) : [];
    this.angles = p ? { ...p.angles } : {};
    this.imageVersion++;
  }

  private async upload(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    this.busy = `measuring ${file.name}…`; this.error = '';
    try {
      const r = await api<{ preop: PreopBaseline }>(`/api/preop?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file });
      this.setPreop(r.preop);
      this.dispatchEvent(new CustomEvent('preop-change', { bubbles: true, composed: true }));
    } catch (err) { this.error = (err as Error).message; } finally { this.busy = ''; }
  }

  private toImage(ev: PointerEvent): [number, number] | null {
    const svgEl = this.renderRoot.querySelector('svg');
    const m = svgEl?.getScreenCTM();
    if (!svgEl || !m) return null;
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
    const w = this.preop!.width, h = this.preop!.height;
    return [Math.min(w - 0.5, Math.max(-0.5, p.x)), Math.min(h - 0.5, Math.max(-0.5, p.y))];
  }

  private down(ev: PointerEvent, v: number, c: number): void {
    ev.preventDefault();
    (ev.target as Element).setPointerCapture(ev.pointerId);
    this.drag = { v, c, id: ev.pointerId };
  }

  private move(ev: PointerEvent): void {
    if (!this.drag || ev.pointerId !== this.drag.id) return;
    const p = this.toImage(ev);
    if (!p) return;
    const verts = this.vertebrae.map((x) => ({ label: x.label, corners: [...x.corners] }));
    verts[this.drag.v]!.corners[this.drag.c] = p;
    this.vertebrae = verts;
    this.angles = computeAngles(verts).angles;
  }

  private async up(ev: PointerEvent): Promise<void> {
    if (!this.drag || ev.pointerId !== this.drag.id) return;
    this.drag = null;
    try {
      const r = await api<{ preop: PreopBaseline }>('/api/preop/corners', jsonInit('PUT', { vertebrae: this.vertebrae }));
      this.preop = r.preop; this.angles = { ...r.preop.angles };
      this.dispatchEvent(new CustomEvent('preop-change', { bubbles: true, composed: true }));
    } catch (err) { this.error = (err as Error).message; }
  }

  private overlay() {
    const p = this.preop!;
    const r = Math.max(3, Math.min(p.width, p.height) / 150);
    return svg`<svg viewBox="-0.5 -0.5 ${p.width} ${p.height}" @pointermove=${(e: PointerEvent) => this.move(e)} @pointerup=${(e: PointerEvent) => this.up(e)} @pointercancel=${(e: PointerEvent) => this.up(e)}>
      ${this.vertebrae.map((v) => {
        const known = v.corners.filter((c): c is [number, number] => c !== null);
        const sa = v.corners[0], sp = v.corners[1];
        return svg`<polygon points=${known.map((c) => c.join(',')).join(' ')}></polygon>${sa && sp ? svg`<line class="endplate" x1=${sa[0]} y1=${sa[1]} x2=${sp[0]} y2=${sp[1]}></line>` : nothing}`;
      })}
      ${this.vertebrae.map((v, vi) => v.corners.map((c, ci) => (c ? svg`<circle class="corner ${this.drag?.v === vi && this.drag.c === ci ? 'active' : ''}" data-label=${v.label} data-corner=${ci} cx=${c[0]} cy=${c[1]} r=${r}
        @pointerdown=${(e: PointerEvent) => this.down(e, vi, ci)}></circle>` : nothing)))}
    </svg>`;
  }

  override render() {
    const names = Object.keys(this.angles);
    return html`
      <div>
        <label class="file">Import pre-op radiograph (PNG, JPEG, DICOM)<input type="file" accept="image/png,image/jpeg,application/dicom,.dcm" @change=${(e: Event) => this.upload(e)}></label>
        ${this.busy ? html`<span class="busy">${this.busy}</span>` : nothing}
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        ${this.preop ? html`<div class="stage"><img alt="pre-op radiograph" src=${apiUrl(`/api/preop/image.png?v=${this.imageVersion}`)}>${this.overlay()}</div>`
          : html`<div class="empty">No pre-op image yet. Import a standing lateral radiograph; drag any corner to correct it.</div>`}
      </div>
      <aside>
        <h3>Pre-op (standing)${this.preop?.edited ? ' · corrected' : ''}</h3>
        <table class="preop-angles">
          ${names.map((n) => html`<tr data-angle=${n}><td>${angleLabel(n)}</td><td class="num">${fmtDeg(this.angles[n]!)}</td></tr>`)}
        </table>
      </aside>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'sagitta-preop-editor': PreopEditor } }
