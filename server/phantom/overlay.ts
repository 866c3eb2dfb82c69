/**
 * Debug overlay of the truth on an image: endplate lines (superior green,
 * inferior orange), walls (thin blue), corners (SA red, SP yellow, IP cyan,
 * IA magenta) and labels, as an RGB image.
 */
import type { GrayImage } from '../image/types.js';
import type { ImageAnnotation } from '../spec/dataset.js';
import { forEachDot, GLYPH_ADVANCE } from './font.js';

type Rgb = readonly [number, number, number];
const CORNER_COLOURS: readonly Rgb[] = [[255, 40, 40], [255, 230, 0], [0, 230, 255], [255, 0, 255]];
const SUPERIOR: Rgb = [40, 255, 40], INFERIOR: Rgb = [255, 150, 0], WALL: Rgb = [80, 140, 255];

/** Gray image (0..1 floats or 8/16-bit) to interleaved RGB bytes. */
export function toRgb(img: GrayImage): Uint8Array {
  const n = img.width * img.height, out = new Uint8Array(n * 3);
  const d = img.data;
  const k = d instanceof Float32Array ? 255 : d instanceof Uint16Array ? 1 / 257 : 1;
  for (let i = 0; i < n; i++) {
    const v = Math.max(0, Math.min(255, Math.round(d[i]! * k)));
    out[3 * i] = v; out[3 * i + 1] = v; out[3 * i + 2] = v;
  }
  return out;
}

function plot(rgb: Uint8Array, w: number, h: number, x: number, y: number, c: Rgb): void {
  const xi = Math.round(x), yi = Math.round(y);
  if (xi < 0 || yi < 0 || xi >= w || yi >= h) return;
  const o = 3 * (yi * w + xi);
  rgb[o] = c[0]; rgb[o + 1] = c[1]; rgb[o + 2] = c[2];
}

function line(rgb: Uint8Array, w: number, h: number, a: readonly number[], b: readonly number[], c: Rgb, thick: number): void {
  const len = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
  const steps = Math.max(1, Math.ceil(len * 2));
  const r = Math.floor(thick / 2);
  for (let i = 0; i <= steps; i++) {
    const x = a[0]! + ((b[0]! - a[0]!) * i) / steps, y = a[1]! + ((b[1]! - a[1]!) * i) / steps;
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) plot(rgb, w, h, x + dx, y + dy, c);
  }
}

/** Draws the truth of `ann` over `img`; returns RGB bytes (3 per pixel). */
export function drawOverlay(img: GrayImage, ann: ImageAnnotation): Uint8Array {
  const { width: w, height: h } = img;
  const rgb = toRgb(img);
  const unit = Math.max(1, Math.round(Math.min(w, h) / 512));
  for (const v of ann.vertebrae) {
    const [sa, sp, ip, ia] = v.corners;
    if (ip && ia && sa && sp) { line(rgb, w, h, sp, ip, WALL, unit); line(rgb, w, h, ia, sa, WALL, unit); }
    if (sa && sp) line(rgb, w, h, sa, sp, SUPERIOR, unit + 1);
    if (ip && ia) line(rgb, w, h, ip, ia, INFERIOR, unit + 1);
    v.corners.forEach((c, k) => {
      if (!c) return;
      const r = 2 * unit + 1;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (Math.abs(dx) === r || Math.abs(dy) === r) plot(rgb, w, h, c[0] + dx, c[1] + dy, CORNER_COLOURS[k]!);
      plot(rgb, w, h, c[0], c[1], CORNER_COLOURS[k]!);
    });
    const known = v.corners.filter((c): c is [number, number] => c !== null);
    const cx = known.reduce((s, c) => s + c[0], 0) / known.length, cy = known.reduce((s, c) => s + c[1], 0) / known.length;
    const s = unit + 1;
    const x0 = cx - (v.label.length * GLYPH_ADVANCE * s) / 2, y0 = cy - 3.5 * s;
    forEachDot(v.label, (fx, fy) => {
      for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) plot(rgb, w, h, x0 + fx * s + dx, y0 + fy * s + dy, [255, 255, 255]);
    });
  }
  return rgb;
}
