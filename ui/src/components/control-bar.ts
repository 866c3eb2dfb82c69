import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { theme } from './theme.js';

/** The dashboard's commands; each has a button and a key (see `shortcuts.ts`). */
export const Command = {
  OVERLAY: 'overlay',
  TARGETS: 'targets',
  LEVEL_UP: 'level-up',
  LEVEL_DOWN: 'level-down',
  CONFIRM_LEVELS: 'confirm-levels',
  MARK: 'mark',
  SNAPSHOT: 'snapshot',
  RECORD: 'record',
} as const;
export type CommandName = (typeof Command)[keyof typeof Command];

/** Tooltips: what each button does. */
const TITLES: Record<CommandName, string> = {
  overlay: 'Show or hide the overlay [O]',
  targets: 'Set or adjust the targets [T]',
  'level-up': 'Relabel one level cranial, e.g. the lowest vertebra is L5, not S1 [PgUp]',
  'level-down': 'Relabel one level caudal [PgDn]',
  'confirm-levels': 'Confirm the level labels as shown [C]',
  mark: 'Mark an event with a note [M]',
  snapshot: 'Store a snapshot of the frame with its overlay [S]',
  record: 'Start or stop recording the case [R]',
};

/** Fired with the command's name when a button is pressed. */
export class CommandEvent extends Event {
  constructor(readonly command: CommandName) { super('command', { bubbles: true, composed: true }); }
}

/**
 * The row of large buttons (gloved hands): overlay, targets, level shift and
 * confirm, mark event, snapshot, recording. Each label shows its key.
 * @fires command - CommandEvent with the command pressed
 */
@customElement('sagitta-controls')
export class ControlBar extends LitElement {
  @property({ type: Boolean }) overlay = true;
  @property({ type: Boolean }) recording = false;
  /** Disables the server commands while disconnected. */
  @property({ type: Boolean }) offline = false;

  static override styles = [theme, css`
    :host { display: flex; gap: 10px; flex-wrap: nowrap; min-width: 0; }
    button {
      font: inherit; font-size: var(--button-font, 18px); font-weight: 700; color: var(--text); background: var(--panel-2);
      border: 2px solid var(--border); border-radius: 8px; padding: 4px 14px; min-height: 48px; cursor: pointer; white-space: nowrap;
    }
    button:hover { border-color: var(--accent); }
    button:disabled { opacity: 0.45; cursor: not-allowed; }
    button[aria-pressed='true'] { background: #14532d; border-color: var(--within); }
    button.rec[aria-pressed='true'] { background: var(--danger-bg); border-color: #fca5a5; }
    kbd { font: inherit; color: var(--accent); margin-left: 6px; }
    @media (max-width: 1400px) { :host { gap: 6px; } button { padding: 4px 9px; } kbd { margin-left: 4px; } }
  `];

  override render() {
    const b = (cmd: CommandName, label: string, key: string, extra: { pressed?: boolean; server?: boolean; cls?: string } = {}) => html`
      <button data-cmd=${cmd} title=${TITLES[cmd]} class=${extra.cls ?? ''} aria-pressed=${ifDefined(extra.pressed === undefined ? undefined : String(extra.pressed))}
        ?disabled=${extra.server === true && this.offline} @click=${() => this.dispatchEvent(new CommandEvent(cmd))}
>${label}<kbd>${key}</kbd></button>`;
    return html`
      ${b(Command.OVERLAY, 'Overlay', 'O', { pressed: this.overlay })}
      ${b(Command.TARGETS, 'Targets', 'T')}
      ${b(Command.LEVEL_UP, 'Level ▲', 'PgUp', { server: true })}
      ${b(Command.LEVEL_DOWN, 'Level ▼', 'PgDn', { server: true })}
      ${b(Command.CONFIRM_LEVELS, 'Confirm', 'C', { server: true })}
      ${b(Command.MARK, 'Mark', 'M', { server: true })}
      ${b(Command.SNAPSHOT, 'Snapshot', 'S', { server: true })}
      ${b(Command.RECORD, this.recording ? 'Stop recording' : 'Record', 'R', { pressed: this.recording, server: true, cls: 'rec' })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'sagitta-controls': ControlBar }
}
