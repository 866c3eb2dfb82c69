/**
 * Keyboard shortcuts of the dashboard, one per command. Keys are ignored
 * while typing in a field, inside an open dialog, or with Ctrl/Alt/Meta.
 */
import { Command, type CommandName } from '../components/control-bar.js';

/** Timeline commands (handled by the chart) and the view switch. */
export const ChartCommand = {
  VIEW_LIVE: 'view-live',
  VIEW_CASE: 'view-case',
  FOLLOW: 'follow',
  WHOLE: 'whole',
  PAN_BACK: 'pan-back',
  PAN_FORWARD: 'pan-forward',
  ZOOM_IN: 'zoom-in',
  ZOOM_OUT: 'zoom-out',
} as const;
export type ChartCommandName = (typeof ChartCommand)[keyof typeof ChartCommand];

/** Key (KeyboardEvent.key, letters lower-cased) → command. */
export const SHORTCUTS: Readonly<Record<string, CommandName | ChartCommandName>> = {
  '1': ChartCommand.VIEW_LIVE,
  '2': ChartCommand.VIEW_CASE,
  o: Command.OVERLAY,
  t: Command.TARGETS,
  PageUp: Command.LEVEL_UP,
  PageDown: Command.LEVEL_DOWN,
  c: Command.CONFIRM_LEVELS,
  m: Command.MARK,
  s: Command.SNAPSHOT,
  r: Command.RECORD,
  f: ChartCommand.FOLLOW,
  w: ChartCommand.WHOLE,
  ArrowLeft: ChartCommand.PAN_BACK,
  ArrowRight: ChartCommand.PAN_FORWARD,
  '+': ChartCommand.ZOOM_IN,
  '=': ChartCommand.ZOOM_IN,
  '-': ChartCommand.ZOOM_OUT,
};

/** The command of a key press, or null when the key is not a shortcut or should be left alone. */
export function commandForKey(e: KeyboardEvent): CommandName | ChartCommandName | null {
  if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return null;
  const path = e.composedPath();
  if (path.some((n) => n instanceof HTMLInputElement || n instanceof HTMLTextAreaElement || (n instanceof HTMLDialogElement && n.open))) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return SHORTCUTS[key] ?? null;
}
