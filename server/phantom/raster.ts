/**
 * Rasterisation on Float32Array layers (row-major, pixel centres at integer
 * coordinates): anti-aliased polygon fill (4 sub-rows, exact span ends) and
 * separable box blurs. Hot loops; no allocation per pixel.
 */

import { scratch } from './pool.js';

const SUB = [-0.375, -0.125, 0.125, 0.375];

/**
 * Adds `value` × coverage of the polygon (even–odd, closed, flat x,y array in
 * pixels) to `layer`. `xs` is a scratch array at least the polygon's size.
 */
export function fillPolygon(layer: Float32Array, width: number, height: number, pts: Float64Array, value: number, xs: Float64Array = new Float64Array(pts.length), layer2?: Float32Array, value2 = 0): void {
  const n = pts.length >> 1;
  if (n < 3) return;
  let minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) { const y = pts[2 * i + 1]!; if (y < minY) minY = y; if (y > maxY) maxY = y; }
  const y0 = Math.max(0, Math.floor(minY)), y1 = Math.min(height - 1, Math.ceil(maxY));
  const w4 = value / SUB.length, v4 = value2 / SUB.length;
  for (let py = y0; py <= y1; py++) {
    const row = py * width;
    for (const off of SUB) {
      const sy = py + off;
      let k = 0;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const ay = pts[2 * i + 1]!, by = pts[2 * j + 1]!;
        if ((ay > sy) !== (by > sy)) {
          const ax = pts[2 * i]!, bx = pts[2 * j]!;
          xs[k++] = ax + ((sy - ay) * (bx - ax)) / (by - ay);
        }
      }
      if (k < 2) continue;
      // insertion sort: k is small
      for (let a = 1; a < k; a++) { const v = xs[a]!; let b = a - 1; while (b >= 0 && xs[b]! > v) { xs[b + 1] = xs[b]!; b--; } xs[b + 1] = v; }
      for (let s = 0; s + 1 < k; s += 2) {
        spanAdd(layer, row, width, xs[s]!, xs[s + 1]!, w4);
        if (layer2) spanAdd(layer2, row, width, xs[s]!, xs[s + 1]!, v4);
      }
    }
  }
}

/** Adds w × overlap of [xa, xb] with each pixel [x−0.5, x+0.5] of one row. */
function spanAdd(layer: Float32Array, row: number, width: number, xa: number, xb: number, w: number): void {
  const lo = Math.max(-0.5, xa), hi = Math.min(width - 0.5, xb);
  if (hi <= lo) return;
  const i0 = Math.round(lo), i1 = Math.round(hi);
  if (i0 === i1) { layer[row + i0]! += w * (hi - lo); return; }
  layer[row + i0]! += w * (i0 + 0.5 - lo);
  for (let i = i0 + 1; i < i1; i++) layer[row + i]! += w;
  if (i1 < width) layer[row + i1]! += w * (hi - (i1 - 0.5));
}

/** Flattens points to the Float64Array `fillPolygon` takes. */
export function flat(points: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(points.length * 2);
  for (let i = 0; i < points.length; i++) { out[2 * i] = points[i]![0]; out[2 * i + 1] = points[i]![1]; }
  return out;
}

/** Box blur of radius r (window 2r+1) along rows, in place; `tmp` has at least `width` floats. */
export function boxBlurRows(a: Float32Array, width: number, height: number, r: number, tmp: Float32Array): void {
  if (r < 1) return;
  const inv = 1 / (2 * r + 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let acc = 0;
    for (let i = -r; i <= r; i++) acc += a[row + Math.min(width - 1, Math.max(0, i))]!;
    for (let x = 0; x < width; x++) {
      tmp[x] = acc * inv;
      acc += a[row + Math.min(width - 1, x + r + 1)]! - a[row + Math.max(0, x - r)]!;
    }
    for (let x = 0; x < width; x++) a[row + x] = tmp[x]!;
  }
}

/** Box blur of radius r along columns, in place; `out` is scratch of width × height floats. */
export function boxBlurCols(a: Float32Array, width: number, height: number, r: number, out: Float32Array): void {
  if (r < 1) return;
  const inv = 1 / (2 * r + 1);
  const acc = new Float32Array(width);
  for (let i = -r; i <= r; i++) { const row = Math.min(height - 1, Math.max(0, i)) * width; for (let x = 0; x < width; x++) acc[x]! += a[row + x]!; }
  for (let y = 0; y < height; y++) {
    const row = y * width, addRow = Math.min(height - 1, y + r + 1) * width, subRow = Math.max(0, y - r) * width;
    for (let x = 0; x < width; x++) {
      const v = acc[x]!;
      out[row + x] = v * inv;
      acc[x] = v + a[addRow + x]! - a[subRow + x]!;
    }
  }
  a.set(out.subarray(0, width * height));
}

/** Box blur of radius r in both directions, repeated `passes` times (≈ Gaussian σ ≈ r·√(passes/3)). */
export function blur(a: Float32Array, width: number, height: number, r: number, passes = 1): void {
  const ri = Math.round(r);
  if (ri < 1) return;
  const tmp = scratch('blur-row', width), full = scratch('blur-full', width * height, false);
  for (let p = 0; p < passes; p++) { boxBlurRows(a, width, height, ri, tmp); boxBlurCols(a, width, height, ri, full); }
}

/**
 * Low-pass of `a` into `out` (same size): box-average 4×4 blocks, blur those
 * with radius `r` blocks, upsample bilinearly. Cheap wide blur for unsharp masks.
 */
export function coarseBlur(a: Float32Array, out: Float32Array, width: number, height: number, r: number): void {
  const f = 4, gw = Math.ceil(width / f), gh = Math.ceil(height / f);
  const g = new Float32Array(gw * gh), cnt = new Float32Array(gw * gh);
  for (let y = 0; y < height; y++) {
    const gr = ((y / f) | 0) * gw, row = y * width;
    for (let x = 0; x < width; x++) { const k = gr + ((x / f) | 0); g[k]! += a[row + x]!; cnt[k]!++; }
  }
  for (let i = 0; i < g.length; i++) g[i] = g[i]! / cnt[i]!;
  const tmp = new Float32Array(Math.max(gw, gh)), full = new Float32Array(gw * gh);
  for (let p = 0; p < 2; p++) { boxBlurRows(g, gw, gh, Math.max(1, Math.round(r)), tmp); boxBlurCols(g, gw, gh, Math.max(1, Math.round(r)), full); }
  for (let y = 0; y < height; y++) {
    const gy = Math.min(gh - 1.001, Math.max(0, (y + 0.5) / f - 0.5)), j = gy | 0, fy = gy - j;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(gw - 1.001, Math.max(0, (x + 0.5) / f - 0.5)), i = gx | 0, fx = gx - i;
      const o = j * gw + i;
      const t = g[o]! + (g[o + 1]! - g[o]!) * fx;
      const b = gw * gh > o + gw + 1 ? g[o + gw]! + (g[o + gw + 1]! - g[o + gw]!) * fx : t;
      out[row + x] = t + (b - t) * fy;
    }
  }
}
