import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ReadoutView } from '../state/readout.js';
import './angle-readout.js';

/** The smaller row of segmental disc angles, cranial to caudal. */
@customElement('sagitta-disc-row')
export class DiscRow extends LitElement {
  /** Disc angle name → its readout, in display order. */
  @property({ attribute: false }) views: ReadonlyArray<readonly [string, ReadoutView]> = [];

  static override styles = css`
    :host { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr); gap: 10px; min-height: 0; }
  `;

  override render() {
    return html`${repeat(this.views, ([name]) => name, ([name, view]) =>
      html`<sagitta-readout compact .angle=${name} .view=${view} data-angle=${name}></sagitta-readout>`)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-disc-row': DiscRow }
}
