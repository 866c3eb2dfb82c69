/**
 * PDF report of a case (pdfkit, standard fonts): case info, the prone note,
 * the plan-versus-achieved table, the timeline chart, events, and snapshots
 * with their overlays; software version and model name + SHA-256 in the
 * header block and in the footer of every page.
 */
import PDFDocument from 'pdfkit';
import type { CaseDb } from '../db.js';
import { PI_LL_FORMULA, PRONE_NOTE, type Plan } from '../plan.js';
import { compareCase, type Comparison } from '../comparison.js';
import { caseEvents, caseSnapshots, snapshotData, timeline, type CaseInfo } from '../store.js';
import { drawTimelineChart } from './pdf-chart.js';

const fmt = (x: number | null | undefined, unit = '°'): string => (x === null || x === undefined ? '–' : `${x.toFixed(1)}${unit}`);
/** `L1L5` → `L1–L5`, `disc:L4L5` → `disc L4/L5`. */
const angleName = (a: string): string => a.startsWith('disc:') ? `disc ${a.slice(5).replace(/^([A-Z]\d+)/, '$1/')}` : a.replace(/^([A-Z]\d)([A-Z]\d)$/, '$1–$2');
const when = (ms: number | null): string => (ms === null ? '–' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC');

function table(doc: PDFKit.PDFDocument, cmp: Comparison): void {
  const cols = [{ h: 'Angle', w: 80 }, { h: 'Pre-op', w: 60 }, { h: 'Target', w: 90 }, { h: 'Achieved', w: 70 }, { h: 'Delta to target', w: 85 }, { h: 'Status', w: 60 }, { h: 'Change', w: 50 }];
  const x0 = doc.page.margins.left;
  let y = doc.y;
  const row = (cells: string[], bold = false): void => {
    if (y > doc.page.height - doc.page.margins.bottom - 30) { doc.addPage(); y = doc.y; }
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let x = x0;
    cells.forEach((c, i) => { doc.text(c, x + 2, y + 3, { width: cols[i]!.w - 4, lineBreak: false }); x += cols[i]!.w; });
    y += 16;
    doc.moveTo(x0, y).lineTo(x, y).lineWidth(0.3).strokeColor('#999').stroke();
  };
  row(cols.map((c) => c.h), true);
  for (const r of cmp.rows) {
    row([
      angleName(r.angle), fmt(r.preopDeg), r.target ? `${fmt(r.target.valueDeg)} ± ${r.target.toleranceDeg.toFixed(1)}°` : '–',
      fmt(r.achievedDeg), r.deltaDeg === null ? '–' : `${r.deltaDeg > 0 ? '+' : ''}${r.deltaDeg.toFixed(1)}°`, r.status ?? '–', r.changeDeg === null ? '–' : `${r.changeDeg > 0 ? '+' : ''}${r.changeDeg.toFixed(1)}°`,
    ]);
  }
  doc.x = x0; doc.y = y + 6;
}

/** Renders the report; resolves to the PDF bytes. */
export async function casePdf(db: CaseDb, info: CaseInfo, plan: Plan | undefined): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, bufferPages: true, info: { Title: `Sagitta case ${info.id}`, Creator: info.softwareVersion } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 100;

  doc.font('Helvetica-Bold').fontSize(16).text('Sagitta case report');
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  const lines = [
    `Case: ${info.id}${info.label ? `   Label: ${info.label}` : ''}`,
    `Start: ${when(info.startedMs)}   End: ${when(info.endedMs ?? info.lastMs)}   Frames: ${info.frames}`,
    `Calibration: ${info.calibration ?? 'none (image x axis as horizontal)'}`,
    `Model: ${info.model.name} ${info.model.version}   SHA-256: ${info.model.sha256}`,
    `Software: ${info.softwareVersion}`,
  ];
  for (const l of lines) doc.text(l, { width });
  doc.moveDown(0.5).font('Helvetica-Oblique').fontSize(9).fillColor('#a04000').text(`Note: ${PRONE_NOTE}`, { width }).fillColor('black');

  const cmp = compareCase(db, info, plan);
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text('Plan versus achieved');
  doc.font('Helvetica').fontSize(9).text(cmp.achievedFrom === 'snapshot' ? `Achieved: snapshot ${cmp.snapshotId}.` : 'Achieved: last stable measurement (15 frames within 1.5°).');
  if (cmp.pelvicIncidenceDeg !== null) doc.text(`Pelvic incidence ${cmp.pelvicIncidenceDeg.toFixed(1)}°: ${PI_LL_FORMULA}.`);
  doc.moveDown(0.4);
  table(doc, cmp);

  const tl = timeline(db, info.rid, 600);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text('Timeline');
  if (doc.y > doc.page.height - 280) doc.addPage();
  drawTimelineChart(doc, tl, cmp, doc.page.margins.left, doc.y + 4, width, 200);

  const events = caseEvents(db, info.rid).filter((e) => !['case-start', 'case-end'].includes(e.kind));
  if (events.length) {
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text('Events');
    doc.font('Helvetica').fontSize(9);
    for (const e of events.slice(0, 40)) doc.text(`${when(e.timeMs)}  ${e.kind}${e.note ? `: ${e.note}` : ''}`, { width });
    if (events.length > 40) doc.text(`… and ${events.length - 40} more (see the JSON export).`);
  }

  const snaps = caseSnapshots(db, info.rid);
  if (snaps.length) {
    doc.addPage().font('Helvetica-Bold').fontSize(12).text('Snapshots (with overlay; patient data masked)');
    const picks = snaps.filter((s) => s.reason === 'manual').concat(snaps.filter((s) => s.reason !== 'manual')).slice(0, 6).sort((a, b) => a.timeMs - b.timeMs);
    const cell = (width - 20) / 2;
    let y = doc.y + 8;
    picks.forEach((s, i) => {
      const d = snapshotData(db, info.rid, s.id)!;
      const h = (cell * s.height) / s.width;
      if (i % 2 === 0 && i > 0) y += Math.min(h, 220) + 30;
      if (y + Math.min(h, 220) > doc.page.height - 80) { doc.addPage(); y = doc.y; }
      const x = doc.page.margins.left + (i % 2) * (cell + 20);
      doc.image(d.png, x, y, { fit: [cell, 220] });
      const a = d.measurement.angles;
      const val = (k: string): string => { const v = a[k]; return v && v.value !== null ? `${v.value.toFixed(1)}°` : '–'; };
      doc.font('Helvetica').fontSize(8).text(`#${s.id} ${s.reason} ${when(s.timeMs)}  L1–L5 ${val('L1L5')}  L1–S1 ${val('L1S1')}  SS ${val('SS')}`, x, y + Math.min(h, 220) + 4, { width: cell });
    });
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7).fillColor('#555')
      .text(`${info.softwareVersion} · model ${info.model.name} ${info.model.version} (sha256 ${info.model.sha256.slice(0, 16)}…) · case ${info.id} · page ${i + 1}/${range.count}`, 50, doc.page.height - 35, { width, lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
