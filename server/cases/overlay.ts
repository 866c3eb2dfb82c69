/**
 * Burns the measurement overlay (each vertebra's corner quadrilateral, its
 * superior endplate highlighted) into an RGB copy of a grayscale frame, for
 * snapshots and reports. Pure; pixel coordinates as in the spec.
 */
import type { GrayImage } from '../image/types.js';
import type { VertebraWire } from '../protocol/messages.js';

export interface RgbImage { readonly data: Uint8Array; readonly width: number; readonly height: number }

type Rgb = readonly [number, number, number];
const OUTLINE: Rgb = [0, 200, 255];
const ENDPLATE: Rgb = [255, 200, 0];
const CORNER: Rgb = [255, 60, 60];

function plot(img: RgbImage, x: number, y: number, c: Rgb): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const o = (y * img.width + x) * 3;
  img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2];
}

/** Draws a line `thick` pixels wide between two points (rounded to pixel centres). */
export function drawLine(img: RgbImage, a: readonly [number, number], b: readonly [number, number], c: Rgb, thick = 2): void {
  const n = Math.ceil(Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1]))) + 1;
  const half = Math.floor(thick / 2);
  for (let i = 0; i <= n; i++) {
    const x = Math.round(a[0] + ((b[0] - a[0]) * i) / n), y = Math.round(a[1] + ((b[1] - a[1]) * i) / n);
    for (let dy = -half; dy < thick - half; dy++) for (let dx = -half; dx < thick - half; dx++) plot(img, x + dx, y + dy, c);
  }
}

/** Gray → RGB copy with the overlay drawn; line width scales with the frame size. */
export function renderOverlay(frame: GrayImage<Uint8Array>, vertebrae: readonly VertebraWire[]): RgbImage {
  const { width, height, data } = frame;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, o = 0; i < data.length; i++, o += 3) { const v = data[i]!; rgb[o] = v; rgb[o + 1] = v; rgb[o + 2] = v; }
  const img: RgbImage = { data: rgb, width, height };
  const thick = Math.max(1, Math.round(Math.min(width, height) / 400));
  for (const v of vertebrae) {
    const cs = v.corners;
    for (let i = 0; i < 4; i++) {
      const p = cs[i], q = cs[(i + 1) % 4];
      if (p && q) drawLine(img, p, q, i === 0 ? ENDPLATE : OUTLINE, i === 0 ? thick + 1 : thick);
    }
    for (const p of cs) {
      if (!p) continue;
      const r = thick + 1;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) plot(img, Math.round(p[0]) + dx, Math.round(p[1]) + dy, CORNER);
    }
  }
  return img;
}
