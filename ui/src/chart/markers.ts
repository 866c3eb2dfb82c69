/**
 * Canvas drawing of the timeline's extras: target bands (behind the lines),
 * fluoroscopy shot markers and events (in front). Pure drawing on uPlot's
 * context in canvas pixels; the chart calls these from its hooks.
 */
import type uPlot from 'uplot';
import type { Target } from '../../../server/protocol/messages.js';
import type { TimelineEvent } from '../state/live-state.js';

/** Fills value ± tolerance of each target in its series colour, with a dashed line at the value. */
export function drawTargetBands(u: uPlot, targets: readonly Target[], colourOf: (angle: string) => string | null): void {
  const ctx = u.ctx, { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath(); ctx.rect(left, top, width, height); ctx.clip();
  for (const t of targets) {
    const colour = colourOf(t.angle);
    if (!colour) continue;
    const y0 = u.valToPos(t.valueDeg + t.toleranceDeg, 'y', true);
    const y1 = u.valToPos(t.valueDeg - t.toleranceDeg, 'y', true);
    const ym = u.valToPos(t.valueDeg, 'y', true);
    ctx.globalAlpha = 0.16; ctx.fillStyle = colour;
    ctx.fillRect(left, y0, width, y1 - y0);
    ctx.globalAlpha = 0.7; ctx.strokeStyle = colour; ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 6 * devicePixelRatio]);
    ctx.beginPath(); ctx.moveTo(left, ym); ctx.lineTo(left + width, ym); ctx.stroke();
  }
  ctx.restore();
}

/** Thin grey lines at shot starts; amber lines with their note at events. Only those in view. */
export function drawMarkers(u: uPlot, shotStartsS: readonly number[], events: readonly TimelineEvent[]): void {
  const ctx = u.ctx, { left, top, width, height } = u.bbox;
  const x0 = u.scales.x!.min ?? 0, x1 = u.scales.x!.max ?? 0;
  const dpr = devicePixelRatio;
  ctx.save();
  ctx.beginPath(); ctx.rect(left, top, width, height); ctx.clip();
  ctx.strokeStyle = '#8b9bab'; ctx.lineWidth = dpr; ctx.setLineDash([2 * dpr, 4 * dpr]);
  ctx.beginPath();
  for (const s of shotStartsS) {
    if (s < x0 || s > x1) continue;
    const x = Math.round(u.valToPos(s, 'x', true)) + 0.5;
    ctx.moveTo(x, top); ctx.lineTo(x, top + height);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.font = `${14 * dpr}px 'DejaVu Sans', sans-serif`; ctx.textBaseline = 'top';
  let labelEnd = -Infinity;
  for (const e of events) {
    const s = e.timeMs / 1000;
    // shots have their own markers; system events get a thin line, user marks a thick one with the note
    if (e.kind === 'shot' || s < x0 || s > x1) continue;
    const mark = e.kind === 'mark';
    const x = Math.round(u.valToPos(s, 'x', true));
    ctx.strokeStyle = mark ? '#fbbf24' : '#7dd3fc'; ctx.lineWidth = (mark ? 2 : 1) * dpr;
    ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
    if (!mark) continue;
    const full = e.note ? e.note : 'mark';
    const text = full.length > 28 ? `${full.slice(0, 27)}…` : full;
    if (x + 4 * dpr < labelEnd) continue; // would overlap the previous label
    ctx.fillStyle = '#fbbf24';
    ctx.fillText(text, x + 4 * dpr, top + 4 * dpr);
    labelEnd = x + 4 * dpr + ctx.measureText(text).width + 8 * dpr;
  }
  ctx.restore();
}
