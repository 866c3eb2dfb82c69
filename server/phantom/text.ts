/**
 * Burned-in text overlays (fake, pseudonymous: a phantom ID, a date,
 * exposure figures, a side marker), drawn into the display image with the
 * built-in bitmap font, white on whatever is below.
 */
import type { Rng } from './rng.js';
import { forEachDot, GLYPH_ADVANCE, GLYPH_HEIGHT } from './font.js';

/** Draws up to four lines, one per image corner (top-left, top-right, bottom-left, bottom-right). */
export function burnText(img: Float32Array, width: number, height: number, lines: readonly string[], scale: number, circle: { cx: number; cy: number; r: number } | null): void {
  const margin = Math.round(8 * scale);
  lines.forEach((line, k) => {
    if (!line) return;
    const w = line.length * GLYPH_ADVANCE * scale, h = GLYPH_HEIGHT * scale;
    const right = k % 2 === 1, bottom = k >= 2;
    let x0 = right ? width - margin - w : margin;
    let y0 = bottom ? height - margin - h : margin;
    if (circle && !right && !bottom) y0 = Math.max(y0, 0);
    x0 = Math.max(0, Math.round(x0)); y0 = Math.max(0, Math.round(y0));
    forEachDot(line, (fx, fy) => {
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
        const x = x0 + fx * scale + dx, y = y0 + fy * scale + dy;
        if (x >= 0 && y >= 0 && x < width && y < height) img[y * width + x] = 0.97;
      }
    });
  });
}

/** Fake overlay lines: phantom ID, date/time, kV/mA, a side marker and a frame counter. */
export function sampleText(rng: Rng): string[] {
  const id = `PHANTOM ${String(rng.int(1, 9999)).padStart(4, '0')}`;
  const date = `20${rng.int(20, 29)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')} ${String(rng.int(7, 19)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
  const kv = `${rng.int(60, 110)} KV ${(rng.uniform(0.5, 6)).toFixed(1)} MA`;
  const side = rng.pick(['LAT', 'L', 'R', 'LAT L', 'LAT R']);
  const lines = [id, date, kv, side];
  return lines.map((l) => (rng.chance(0.75) ? l : ''));
}
