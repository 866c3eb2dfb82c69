import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';

/** The dashboard shell (placeholder while the views are built). */
@customElement('sagitta-app')
export class SagittaApp extends LitElement {
  override render() {
    return html`<p>Sagitta dashboard</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-app': SagittaApp }
}
