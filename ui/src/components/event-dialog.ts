import { LitElement, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { dialogStyles } from './dialog-styles.js';
import { theme } from './theme.js';

/** Asks the app to mark an event with an optional note. */
export class MarkEvent extends Event {
  constructor(readonly note: string) { super('mark', { bubbles: true, composed: true }); }
}

/**
 * Marks an event on the timeline with an optional note: key M opens it,
 * Enter marks, Escape cancels.
 * @fires mark - MarkEvent
 */
@customElement('sagitta-event-dialog')
export class EventDialog extends LitElement {
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input') private note!: HTMLInputElement;

  static override styles = [theme, dialogStyles];

  open(): void {
    if (!this.dialog.open) this.dialog.showModal();
    this.note.value = '';
    this.note.focus();
  }

  get isOpen(): boolean { return this.dialog?.open ?? false; }

  override render() {
    // On close, give the keyboard back to the page: a focused note field would swallow the shortcuts.
    return html`<dialog aria-label="Mark event" @close=${() => this.note.blur()}>
      <h2>Mark event</h2>
      <label>Note (optional)<br /><input class="note" maxlength="200" placeholder="e.g. cage L4–L5 inserted"
        @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') { e.preventDefault(); this.submit(); } }} /></label>
      <div class="actions">
        <button @click=${() => this.dialog.close()}>Cancel [Esc]</button>
        <button class="primary" data-mark @click=${() => this.submit()}>Mark [Enter]</button>
      </div>
    </dialog>`;
  }

  private submit(): void {
    this.dispatchEvent(new MarkEvent(this.note.value.trim()));
    this.dialog.close();
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-event-dialog': EventDialog }
}
