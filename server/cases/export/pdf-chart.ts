/** The timeline chart of the PDF report: L1–L5, L1–S1 and SS over time, target bands shaded. Vector drawing with pdfkit. */
import type { Comparison } from '../comparison.js';

const SERIES = [{ name: 'L1L5', color: '#1f77b4' }, { name: 'L1S1', color: '#d62728' }, { name: 'SS', color: '#2ca02c' }] as const;

export function drawTimelineChart(doc: PDFKit.PDFDocument, tl: { t: number[]; angles: Record<string, (number | null)[]> }, cmp: Comparison,
  x: number, y: number, w: number, h: number): void {
  const left = x + 30, bottom = y + h - 18, plotW = w - 40, plotH = h - 30;
  const vals: number[] = [];
  for (const s of SERIES) for (const v of tl.angles[s.name] ?? []) if (v !== null) vals.push(v);
  for (const r of cmp.rows) if (r.target && SERIES.some((s) => s.name === r.angle)) vals.push(r.target.valueDeg - r.target.toleranceDeg, r.target.valueDeg + r.target.toleranceDeg);
  doc.rect(left, bottom - plotH, plotW, plotH).lineWidth(0.5).strokeColor('#888').stroke();
  if (tl.t.length < 2 || vals.length === 0) {
    doc.font('Helvetica').fontSize(9).fillColor('black').text('No measurements recorded.', left + 10, bottom - plotH / 2);
    doc.x = x; doc.y = y + h + 6;
    return;
  }
  const lo = Math.floor(Math.min(...vals) / 5) * 5 - 5, hi = Math.ceil(Math.max(...vals) / 5) * 5 + 5;
  const t0 = tl.t[0]!, t1 = tl.t[tl.t.length - 1]!;
  const px = (t: number): number => left + ((t - t0) / Math.max(1, t1 - t0)) * plotW;
  const py = (v: number): number => bottom - ((v - lo) / (hi - lo)) * plotH;
  for (const r of cmp.rows) {
    const s = SERIES.find((z) => z.name === r.angle);
    if (!s || !r.target) continue;
    const top = py(r.target.valueDeg + r.target.toleranceDeg), bot = py(r.target.valueDeg - r.target.toleranceDeg);
    doc.save().rect(left, top, plotW, bot - top).fillOpacity(0.12).fill(s.color).restore();
  }
  doc.font('Helvetica').fontSize(7).fillColor('black');
  for (let v = lo; v <= hi; v += (hi - lo) > 40 ? 10 : 5) {
    doc.moveTo(left - 3, py(v)).lineTo(left, py(v)).lineWidth(0.5).strokeColor('#888').stroke();
    doc.text(`${v}°`, x, py(v) - 3, { width: 26, align: 'right', lineBreak: false });
  }
  const minutes = (t1 - t0) / 60000;
  doc.text(`0`, left, bottom + 4, { lineBreak: false });
  doc.text(`${minutes.toFixed(1)} min`, left + plotW - 40, bottom + 4, { width: 40, align: 'right', lineBreak: false });
  for (const s of SERIES) {
    const col = tl.angles[s.name];
    if (!col) continue;
    let pen = false;
    for (let i = 0; i < tl.t.length; i++) {
      const v = col[i];
      if (v === null || v === undefined) { pen = false; continue; }
      if (pen) doc.lineTo(px(tl.t[i]!), py(v)); else doc.moveTo(px(tl.t[i]!), py(v));
      pen = true;
    }
    doc.lineWidth(1).strokeColor(s.color).stroke();
  }
  SERIES.forEach((s, i) => {
    doc.rect(left + 10 + i * 70, bottom - plotH + 6, 10, 3).fill(s.color);
    doc.fillColor('black').text(s.name === 'L1L5' ? 'L1–L5' : s.name === 'L1S1' ? 'L1–S1' : 'SS', left + 24 + i * 70, bottom - plotH + 3, { lineBreak: false });
  });
  doc.x = x; doc.y = y + h + 6;
}
