/**
 * The patient-data mask: C-arm video often carries the patient's name burned
 * into the corners, outside the image-intensifier circle. Recorded video,
 * snapshots and exports are blanked (set to 0) outside the kept region.
 */
import type { GrayImage } from '../image/types.js';

/**
 * What to keep. Fractions make one setting fit every frame size:
 * `circle`: centre (cx of the width, cy of the height) and radius r of
 * min(width, height); the default keeps the inscribed circle (0.5, 0.5, 0.5).
 * `rects`: blank these rectangles (fractions of width and height), keep the rest.
 * `none`: keep everything (only for sources without burned-in data).
 */
export type MaskConfig =
  | { readonly kind: 'circle'; readonly cx?: number; readonly cy?: number; readonly r?: number }
  | { readonly kind: 'rects'; readonly rects: readonly { x: number; y: number; w: number; h: number }[] }
  | { readonly kind: 'none' };

export const DEFAULT_MASK: MaskConfig = { kind: 'circle', cx: 0.5, cy: 0.5, r: 0.5 };

/** Checks a mask setting; throws an Error naming the bad field. */
export function validateMask(value: unknown): MaskConfig {
  const m = value as Record<string, unknown> | null;
  if (!m || typeof m !== 'object') throw new Error('mask must be an object with "kind": "circle", "rects" or "none"');
  const frac = (v: unknown, name: string, max = 1): void => {
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= max))) throw new Error(`mask.${name} must be a number from 0 to ${max}, got ${JSON.stringify(v)}`);
  };
  if (m.kind === 'none') return { kind: 'none' };
  if (m.kind === 'circle') {
    frac(m.cx, 'cx'); frac(m.cy, 'cy'); frac(m.r, 'r', 1.5);
    return { kind: 'circle', cx: (m.cx as number | undefined) ?? 0.5, cy: (m.cy as number | undefined) ?? 0.5, r: (m.r as number | undefined) ?? 0.5 };
  }
  if (m.kind === 'rects') {
    if (!Array.isArray(m.rects)) throw new Error('mask.rects must be an array of {x, y, w, h} fractions');
    const rects = m.rects.map((r: Record<string, unknown>, i: number) => {
      for (const k of ['x', 'y', 'w', 'h']) frac(r?.[k], `rects[${i}].${k}`);
      return { x: r.x as number, y: r.y as number, w: r.w as number, h: r.h as number };
    });
    return { kind: 'rects', rects };
  }
  throw new Error(`mask.kind must be "circle", "rects" or "none", got ${JSON.stringify(m.kind)}`);
}

/** Per row, the kept span [x0, x1) (x0 ≥ x1: nothing kept), or the blanked rectangles. */
interface Spans { width: number; height: number; x0: Int32Array; x1: Int32Array }

const cache = new Map<string, Spans>();

function circleSpans(m: { cx?: number; cy?: number; r?: number }, width: number, height: number): Spans {
  const cx = (m.cx ?? 0.5) * width - 0.5, cy = (m.cy ?? 0.5) * height - 0.5, r = (m.r ?? 0.5) * Math.min(width, height);
  const x0 = new Int32Array(height), x1 = new Int32Array(height);
  for (let y = 0; y < height; y++) {
    const dy = y - cy, h2 = r * r - dy * dy;
    if (h2 <= 0) { x0[y] = 0; x1[y] = 0; continue; }
    const h = Math.sqrt(h2);
    x0[y] = Math.max(0, Math.ceil(cx - h));
    x1[y] = Math.min(width, Math.floor(cx + h) + 1);
  }
  return { width, height, x0, x1 };
}

/**
 * Blanks `img` outside the kept region into `out` (same size; may be img.data
 * itself, masking in place; reuse buffers: allocating 1 MB per frame costs
 * far more than the copy). Returns the masked pixels.
 */
export function applyMask(img: GrayImage<Uint8Array>, mask: MaskConfig, out?: Uint8Array): Uint8Array {
  const { width, height, data } = img;
  if (mask.kind !== 'circle') {
    const o = out ?? new Uint8Array(data.length);
    if (o !== data) o.set(data);
    if (mask.kind === 'none') return o;
    for (const r of mask.rects) {
      const xa = Math.max(0, Math.floor(r.x * width)), xb = Math.min(width, Math.ceil((r.x + r.w) * width));
      const ya = Math.max(0, Math.floor(r.y * height)), yb = Math.min(height, Math.ceil((r.y + r.h) * height));
      for (let y = ya; y < yb; y++) o.fill(0, y * width + xa, y * width + Math.max(xa, xb));
    }
    return o;
  }
  const key = `${width}x${height}:${mask.cx}:${mask.cy}:${mask.r}`;
  let s = cache.get(key);
  if (!s) { s = circleSpans(mask, width, height); if (cache.size > 16) cache.clear(); cache.set(key, s); }
  const o = out ?? new Uint8Array(data.length);
  if (o !== data) o.set(data); // one bulk copy, then blank the outside: cheaper than per-row copies
  for (let y = 0; y < height; y++) {
    const row = y * width, a = s.x0[y]!, b = s.x1[y]!;
    if (a >= b) { o.fill(0, row, row + width); continue; }
    if (a > 0) o.fill(0, row, row + a);
    if (b < width) o.fill(0, row + b, row + width);
  }
  return o;
}
