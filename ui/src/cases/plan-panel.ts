import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, jsonInit, type PlanView } from './api.js';
import { angleLabel, fmtDeg } from './format.js';

/** Angles a target can be set for from this panel (spec names). */
const TARGET_ANGLES = ['L1L5', 'L1S1', 'SS', 'disc:T12L1', 'disc:L1L2', 'disc:L2L3', 'disc:L3L4', 'disc:L4L5', 'disc:L5S1'] as const;

/**
 * Targets of the plan: entered per angle (value ± tolerance), pelvic incidence (the L1–S1 target PI ± 10° derived
 * from it, with the formula shown) and import of a plan JSON file
 * (`sagitta-plan/1`, docs/plan-schema.md); malformed files are refused with
 * the server's message.
 * @fires plan-change - after the plan changed
 */
@customElement('sagitta-plan-panel')
export class PlanPanel extends LitElement {
  @state() private view: PlanView | null = null;
  @state() private error = '';

  static override styles = css`
    :host { display: block; }
    .error { color: #fca5a5; white-space: pre-wrap; }
    .formula { font-family: monospace; }
    td { padding: 2px 8px; }
    input[type=number] { width: 6em; }
    label.file { display: inline-block; padding: 6px 12px; border: 1px solid var(--border, #2a3a48); border-radius: 6px; cursor: pointer; }
    label.file input { display: none; }
  `;

  override connectedCallback(): void { super.connectedCallback(); void this.load(); }

  async load(): Promise<void> {
    try { this.view = await api<PlanView>('/api/plan'); } catch (e) { this.error = (e as Error).message; }
  }

  private changed(v: PlanView): void {
    this.view = v; this.error = '';
    this.dispatchEvent(new CustomEvent('plan-change', { bubbles: true, composed: true }));
  }

  private async setPi(e: Event): Promise<void> {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name=pi]')!;
    const pi = input.value === '' ? null : Number(input.value);
    try { this.changed(await api<PlanView>('/api/plan/pi', jsonInit('POST', { pelvicIncidenceDeg: pi }))); } catch (err) { this.error = (err as Error).message; }
  }

  /** Saves the plan with `angle`'s target replaced (value given) or removed (value null). */
  private async putTarget(angle: string, value: { valueDeg: number; toleranceDeg: number } | null): Promise<void> {
    if (!this.view) return;
    const plan = { ...this.view.plan, targets: this.view.plan.targets.filter((t) => t.angle !== angle) };
    if (value) plan.targets.push({ angle, ...value, source: 'dashboard' });
    try { this.changed(await api<PlanView>('/api/plan', { method: 'PUT', body: JSON.stringify(plan) })); } catch (err) { this.error = (err as Error).message; }
  }

  private async addTarget(e: Event): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    await this.putTarget(String(f.get('angle')), { valueDeg: Number(f.get('value')), toleranceDeg: Number(f.get('tolerance')) });
  }

  private async importFile(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try { this.changed(await api<PlanView>('/api/plan', { method: 'PUT', body: await file.text() })); } catch (err) { this.error = `${file.name}: ${(err as Error).message}`; }
  }

  override render() {
    const v = this.view;
    return html`
      <h3>Targets</h3>
      <form class="pi" @submit=${(e: Event) => this.setPi(e)}>
        <label>Pelvic incidence <input name="pi" type="number" min="10" max="120" step="0.5" .value=${v?.plan.pelvicIncidenceDeg !== undefined ? String(v.plan.pelvicIncidenceDeg) : ''}>°</label>
        <button type="submit">Derive lordosis target</button>
      </form>
      <p class="formula">${v?.formula ?? ''}</p>
      <label class="file">Import plan JSON<input type="file" accept="application/json,.json" @change=${(e: Event) => this.importFile(e)}></label>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      <form class="add-target" @submit=${(e: Event) => this.addTarget(e)}>
        <select name="angle">${TARGET_ANGLES.map((a) => html`<option value=${a}>${angleLabel(a)}</option>`)}</select>
        <input name="value" type="number" step="0.5" min="-90" max="90" required placeholder="target °">
        ± <input name="tolerance" type="number" step="0.5" min="0" max="45" required value="5">°
        <button type="submit">Set target</button>
      </form>
      <table class="targets">${v?.targets.map((t) => html`<tr data-angle=${t.angle}><td>${angleLabel(t.angle)}</td><td>${fmtDeg(t.valueDeg)} ± ${t.toleranceDeg.toFixed(1)}°</td><td>${t.source ?? ''}</td>
        <td>${v.plan.targets.some((p) => p.angle === t.angle) ? html`<button @click=${() => this.putTarget(t.angle, null)} aria-label="remove target">✕</button>` : nothing}</td></tr>`) ?? nothing}</table>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'sagitta-plan-panel': PlanPanel } }
