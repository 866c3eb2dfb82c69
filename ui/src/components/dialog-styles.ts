import { css } from 'lit';

/** Shared look of the dashboard's modal dialogs (large controls for gloved hands). */
export const dialogStyles = css`
  dialog { background: var(--panel); color: var(--text); border: 2px solid var(--accent); border-radius: 12px; padding: 20px 24px; max-width: min(900px, 96vw); }
  dialog::backdrop { background: rgba(0, 0, 0, 0.6); }
  h2 { margin: 0 0 14px; font-size: 26px; }
  label { font-size: 18px; color: var(--muted); }
  input { font: inherit; font-size: 22px; width: 6.5em; padding: 6px 8px; background: #000; color: var(--text); border: 2px solid var(--border); border-radius: 6px; }
  input.note { width: min(640px, 80vw); }
  button { font: inherit; font-size: 18px; font-weight: 700; color: var(--text); background: var(--panel-2); border: 2px solid var(--border); border-radius: 8px; min-height: 46px; padding: 4px 14px; cursor: pointer; }
  button.primary { background: #0c4a6e; border-color: var(--accent); }
  .actions { display: flex; gap: 10px; justify-content: flex-end; margin-top: 16px; }
  .hint { font-size: 15px; color: var(--muted); margin-top: 10px; }
`;
