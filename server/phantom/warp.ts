/**
 * Renders the intensifier's pincushion: every displayed pixel is mapped back
 * to the undistorted image with the shared model's `undistortPoint` (through
 * a radial lookup table built from it) and sampled bilinearly.
 */
import { undistortPoint, type RadialDistortion } from '../geometry/distortion.js';

const LUT_SIZE = 4096;

/** True when the distortion changes nothing. */
export function isIdentity(d: RadialDistortion): boolean { return d.k1 === 0 && d.k2 === 0; }

interface WarpMap { key: string; index: Int32Array; fx: Float64Array; fy: Float64Array }
let cached: WarpMap | null = null;
let lastKey = '';

/** Source position of every displayed pixel, as a base index and bilinear weights (cached for the last distortion). */
function warpMap(width: number, height: number, d: RadialDistortion): WarpMap {
  const key = `${width}x${height}:${d.cx}:${d.cy}:${d.radius}:${d.k1}:${d.k2}`;
  if (cached?.key === key) return cached;
  const { lut, step } = radialLut(width, height, d);
  const n = width * height;
  const index = new Int32Array(n), fxs = new Float64Array(n), fys = new Float64Array(n);
  const w1 = width - 1, h1 = height - 1;
  for (let y = 0; y < height; y++) {
    const dy = y - d.cy;
    for (let x = 0; x < width; x++) {
      const dx = x - d.cx;
      const rr = Math.sqrt(dx * dx + dy * dy) / step;
      const i = rr | 0, f = rr - i;
      const s = lut[i]! + (lut[i + 1]! - lut[i]!) * f;
      let sx = d.cx + dx * s, sy = d.cy + dy * s;
      if (sx < 0) sx = 0; else if (sx > w1) sx = w1;
      if (sy < 0) sy = 0; else if (sy > h1) sy = h1;
      const ix = Math.min(sx | 0, w1 - 1), iy = Math.min(sy | 0, h1 - 1);
      const k = y * width + x;
      index[k] = iy * width + ix; fxs[k] = sx - ix; fys[k] = sy - iy;
    }
  }
  cached = { key, index, fx: fxs, fy: fys };
  return cached;
}

/** Resamples `src` (undistorted) into `dst` (displayed) through `d`; both width × height. */
export function warpDistortion(src: Float32Array, dst: Float32Array, width: number, height: number, d: RadialDistortion): void {
  if (isIdentity(d)) { dst.set(src); return; }
  // Build the map only when a distortion repeats (video); a one-off still warps directly.
  const key = `${width}x${height}:${d.cx}:${d.cy}:${d.radius}:${d.k1}:${d.k2}`;
  const repeat = key === lastKey;
  lastKey = key;
  if (!repeat && cached?.key !== key) { warpDirect(src, dst, width, height, d); return; }
  const { index, fx, fy } = warpMap(width, height, d);
  const n = width * height;
  for (let k = 0; k < n; k++) {
    const o = index[k]!, ax = fx[k]!;
    const a = src[o]! + (src[o + 1]! - src[o]!) * ax;
    const b = src[o + width]! + (src[o + width + 1]! - src[o + width]!) * ax;
    dst[k] = a + (b - a) * fy[k]!;
  }
}

/** Radial lookup: ratio |true − c| / |displayed − c| at ρ = i·step. */
function radialLut(width: number, height: number, d: RadialDistortion): { lut: Float64Array; step: number } {
  const far = Math.max(Math.hypot(d.cx + 0.5, d.cy + 0.5), Math.hypot(width - 0.5 - d.cx, d.cy + 0.5), Math.hypot(d.cx + 0.5, height - 0.5 - d.cy), Math.hypot(width - 0.5 - d.cx, height - 0.5 - d.cy)) + 2;
  const step = far / (LUT_SIZE - 1);
  const lut = new Float64Array(LUT_SIZE + 1);
  lut[0] = 1;
  for (let i = 1; i <= LUT_SIZE; i++) {
    const r = i * step;
    const p = undistortPoint(d, [d.cx + r, d.cy]);
    lut[i] = (p[0] - d.cx) / r;
  }
  return { lut, step };
}

function warpDirect(src: Float32Array, dst: Float32Array, width: number, height: number, d: RadialDistortion): void {
  const { lut, step } = radialLut(width, height, d);
  const w1 = width - 1, h1 = height - 1;
  for (let y = 0; y < height; y++) {
    const dy = y - d.cy;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const dx = x - d.cx;
      const rr = Math.sqrt(dx * dx + dy * dy) / step;
      const i = rr | 0, f = rr - i;
      const s = lut[i]! + (lut[i + 1]! - lut[i]!) * f;
      let sx = d.cx + dx * s, sy = d.cy + dy * s;
      if (sx < 0) sx = 0; else if (sx > w1) sx = w1;
      if (sy < 0) sy = 0; else if (sy > h1) sy = h1;
      const ix = Math.min(sx | 0, w1 - 1), iy = Math.min(sy | 0, h1 - 1);
      const fx = sx - ix, fy = sy - iy;
      const o = iy * width + ix;
      const a = src[o]! + (src[o + 1]! - src[o]!) * fx;
      const b = src[o + width]! + (src[o + width + 1]! - src[o + width]!) * fx;
      dst[row + x] = a + (b - a) * fy;
    }
  }
}
