/**
 * Overlay of a prediction on its image, like the paper's Figure 1: each
 * vertebra's outline, corners (SA green, SP blue, IP orange, IA red), the
 * superior endplate line, its label, and the measured angles in a corner box.
 */
import type { GrayImage } from '../../image/types.js';
import type { ImagePrediction } from '../../pipeline/index.js';
import { ALL_ANGLES } from '../../measure/measurable.js';
import { Canvas, type Rgb } from './canvas.js';
import { GLYPH_H } from './font.js';

const CORNER_COLOURS: Rgb[] = [[40, 220, 40], [60, 140, 255], [255, 160, 30], [255, 50, 50]];
const OUTLINE: Rgb = [255, 230, 0], ENDPLATE: Rgb = [0, 230, 230], TEXT: Rgb = [255, 255, 255], BOX: Rgb = [0, 0, 0];

/** Draws the prediction over the image; text and line sizes follow the image size. */
export function drawOverlay(img: GrayImage, p: ImagePrediction): Canvas {
  const c = Canvas.fromGray(img);
  const s = Math.max(1, Math.round(Math.min(img.width, img.height) / 400)), thick = s + 1;
  for (const v of p.vertebrae) {
    const pts = v.corners;
    for (let k = 0; k < 4; k++) {
      const a = pts[k], b = pts[(k + 1) % 4];
      if (a && b) c.line(a[0], a[1], b[0], b[1], OUTLINE, thick);
    }
    if (pts[0] && pts[1]) c.line(pts[0][0], pts[0][1], pts[1][0], pts[1][1], ENDPLATE, thick);
    if (pts[2] && pts[3]) c.line(pts[2][0], pts[2][1], pts[3][0], pts[3][1], ENDPLATE, thick);
    pts.forEach((q, k) => { if (q) c.dot(q[0], q[1], 2 * s + 1, CORNER_COLOURS[k]!); });
    const known = pts.filter((q): q is NonNullable<typeof q> => q !== null);
    const maxX = Math.max(...known.map((q) => q[0])), midY = known.reduce((a, q) => a + q[1], 0) / known.length;
    c.text(maxX + 6 * s, midY - (GLYPH_H * s) / 2, `${v.label} ${v.score.toFixed(2)}`, TEXT, s, BOX);
  }
  const lines = ALL_ANGLES.filter((n) => p.angles[n] !== undefined || (!n.startsWith('disc:') && p.unmeasurable[n]))
    .map((n) => (p.angles[n] !== undefined ? `${n} ${p.angles[n]!.toFixed(1)}° ±${p.sd[n]!.toFixed(1)}` : `${n} -- (${p.unmeasurable[n]})`));
  lines.forEach((l, i) => c.text(6 * s, 6 * s + i * (GLYPH_H + 3) * s, l, TEXT, s, BOX));
  return c;
}
