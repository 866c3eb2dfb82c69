/**
 * The OR dark theme: near-black panels, text and status colours chosen for a
 * contrast of at least 7:1 against the panels (WCAG AAA), checked by the
 * browser tests. Status is never colour alone: a word goes with it.
 */
import { css } from 'lit';

export const theme = css`
  :host {
    --bg: #05080c;
    --panel: #0c1218;
    --panel-2: #131c25;
    --border: #2a3a48;
    --text: #f2f5f8;
    --muted: #b9c5cf;
    --within: #4ade80;
    --outside: #fbbf24;
    --none: #f2f5f8;
    --danger-bg: #7f1d1d;
    --accent: #7dd3fc;
    --series-1: #60a5fa;
    --series-2: #c084fc;
    --series-3: #f9a8d4;
    color: var(--text);
    font-family: 'DejaVu Sans', system-ui, sans-serif;
    box-sizing: border-box;
  }
  *, *::before, *::after { box-sizing: inherit; }
`;

/** Series colours of L1–L5, L1–S1, SS on the timeline (same order as MAIN_ANGLES). */
export const SERIES_COLOURS = ['#60a5fa', '#c084fc', '#f9a8d4'] as const;

/** Overlay colour of a vertebra by presence score: sure, doubtful, unreliable. */
export function confidenceColour(score: number): string {
  if (score >= 0.9) return '#22d3ee';
  if (score >= 0.5) return '#fbbf24';
  return '#f87171';
}
