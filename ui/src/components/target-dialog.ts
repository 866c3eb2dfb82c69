import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { Target } from '../../../server/protocol/messages.js';
import { MAIN_ANGLES, angleTitle } from '../state/names.js';
import { dialogStyles } from './dialog-styles.js';
import { theme } from './theme.js';

/** Asks the app to set (or, with `target: null`, clear) the target of `angle` (`value`). */
export class TargetChangeEvent extends Event {
  constructor(readonly angle: string, readonly value: Target | null) { super('target-change', { bubbles: true, composed: true }); }
}

/**
 * The targets editor: per main angle a value and a tolerance (degrees), ±1°
 * nudges, set and clear. Opened with `open()` (key T), closed with Escape.
 * @fires target-change - TargetChangeEvent
 */
@customElement('sagitta-target-dialog')
export class TargetDialog extends LitElement {
  @property({ attribute: false }) targets: readonly Target[] = [];
  @query('dialog') private dialog!: HTMLDialogElement;

  static override styles = [theme, dialogStyles, css`
    .grid { display: grid; grid-template-columns: auto auto auto auto auto auto; gap: 10px 12px; align-items: center; }
    .name { font-size: 22px; font-weight: 700; }
  `];

  open(): void { if (!this.dialog.open) this.dialog.showModal(); this.renderRoot.querySelector('input')?.focus(); }
  close(): void { this.dialog.close(); }
  get isOpen(): boolean { return this.dialog?.open ?? false; }

  override render() {
    return html`<dialog aria-label="Targets">
      <h2>Targets</h2>
      <div class="grid">
        ${MAIN_ANGLES.map((angle) => {
          const t = this.targets.find((x) => x.angle === angle);
          return html`
            <span class="name">${angleTitle(angle)}</span>
            <label>value° <input type="number" step="0.5" data-angle=${angle} data-field="value" .value=${t ? String(t.valueDeg) : ''} placeholder="none" /></label>
            <label>± <input type="number" step="0.5" min="0" data-angle=${angle} data-field="tolerance" .value=${String(t?.toleranceDeg ?? 5)} /></label>
            <span><button @click=${() => this.nudge(angle, -1)} title="−1°">−1°</button> <button @click=${() => this.nudge(angle, 1)} title="+1°">+1°</button></span>
            <button class="primary" data-set=${angle} @click=${() => this.apply(angle)}>Set</button>
            <button data-clear=${angle} @click=${() => this.dispatchEvent(new TargetChangeEvent(angle, null))}>Clear</button>`;
        })}
      </div>
      <div class="hint">Prone intra-operative values differ from standing ones.</div>
      <div class="actions"><button @click=${() => this.close()}>Close [Esc]</button></div>
    </dialog>`;
  }

  private input(angle: string, field: 'value' | 'tolerance'): HTMLInputElement {
    return this.renderRoot.querySelector<HTMLInputElement>(`input[data-angle="${angle}"][data-field="${field}"]`)!;
  }

  private nudge(angle: string, deltaDeg: number): void {
    const el = this.input(angle, 'value');
    const v = Number.parseFloat(el.value);
    const current = this.targets.find((t) => t.angle === angle)?.valueDeg ?? 0;
    el.value = String((Number.isFinite(v) ? v : current) + deltaDeg);
    this.apply(angle);
  }

  private apply(angle: string): void {
    const valueDeg = Number.parseFloat(this.input(angle, 'value').value);
    const toleranceDeg = Number.parseFloat(this.input(angle, 'tolerance').value);
    if (!Number.isFinite(valueDeg) || !Number.isFinite(toleranceDeg) || toleranceDeg < 0) {
      this.input(angle, 'value').setCustomValidity('enter a value in degrees and a tolerance ≥ 0');
      this.input(angle, 'value').reportValidity();
      return;
    }
    this.input(angle, 'value').setCustomValidity('');
    this.dispatchEvent(new TargetChangeEvent(angle, { angle, valueDeg, toleranceDeg, source: 'dashboard' }));
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-target-dialog': TargetDialog }
}
