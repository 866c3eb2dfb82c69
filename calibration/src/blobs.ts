/**
 * Grid node detection: beads (dots) or wire crossings as blobs with subpixel
 * centroids. The frame is flattened by its local mean (so vignetting and the
 * intensifier's falloff do not matter), the bead polarity is taken from the
 * skew of what is left, crossings of a wire grid are made blob-like by the
 * determinant of the Hessian (zero along a single wire), then connected
 * components above a noise-scaled threshold are kept when their size and
 * shape agree with the majority.
 */
import type { GrayImage } from '../../server/image/types.js';
import { boxBlur, median, toFloat } from './image-ops.js';
import type { FieldOfView } from './profile.js';

export interface Blob {
  /** Intensity-weighted centroid, displayed pixels. */
  readonly x: number;
  readonly y: number;
  /** Area in pixels and peak response. */
  readonly area: number;
  readonly peak: number;
}

export interface DetectOptions {
  readonly kind: 'beads' | 'wires';
  /** Where to look: the intensifier circle (a margin is kept inside its edge); null: the whole frame. */
  readonly fieldOfView: FieldOfView | null;
  /** Radius of the local-mean window, pixels (bigger than a bead). */
  readonly backgroundRadius: number;
}

/** Relative darkness (or brightness) against the local mean, and the mask of usable pixels. */
function response(f: GrayImage<Float32Array>, o: DetectOptions): { r: Float32Array; mask: Uint8Array } {
  const { width: w, height: h } = f;
  const bg = boxBlur(f, o.backgroundRadius);
  const mask = new Uint8Array(w * h);
  const fov = o.fieldOfView, edge = 2;
  const inside: number[] = [];
  for (let y = 0; y < h; y += 4) for (let x = 0; x < w; x += 4) {
    if (!fov || Math.hypot(x - fov.cx, y - fov.cy) < fov.radius - edge) inside.push(bg.data[y * w + x]!);
  }
  const level = median(inside);
  const r = new Float32Array(w * h);
  let m3 = 0, m2 = 0, n = 0;
  // Usable: inside the circle, and no much darker region (shutter blade, mask) within the window,
  // whose edge would otherwise dominate the response.
  const bright = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = y * w + x;
    bright[i] = (!fov || Math.hypot(x - fov.cx, y - fov.cy) < fov.radius - edge) && bg.data[i]! > 0.5 * level ? 1 : 0;
  }
  const clean = boxBlur({ data: bright, width: w, height: h }, o.backgroundRadius + 2).data;
  for (let i = 0; i < w * h; i++) {
    if (clean[i]! < 0.999) continue;
    mask[i] = 1;
    r[i] = (bg.data[i]! - f.data[i]!) / bg.data[i]!;
  }
  for (let i = 0; i < r.length; i += 3) if (mask[i]) { const v = r[i]!; m2 += v * v; m3 += v * v * v; n++; }
  if (n > 0 && m3 / n < 0) for (let i = 0; i < r.length; i++) r[i] = -r[i]!; // bright beads
  if (o.kind === 'wires') return { r: hessianCrossings(r, mask, w, h), mask };
  return { r, mask };
}

/** max(0, det H) where both curvatures say "bright ridge" (wire crossings), on a smoothed response. */
function hessianCrossings(r: Float32Array, mask: Uint8Array, w: number, h: number): Float32Array {
  const s = boxBlur(boxBlur({ data: r, width: w, height: h }, 2), 2).data;
  const out = new Float32Array(w * h);
  const k = 3; // finite-difference step, pixels
  for (let y = k; y < h - k; y++) for (let x = k; x < w - k; x++) {
    const i = y * w + x;
    if (!mask[i]) continue;
    const c = s[i]!;
    const hxx = s[i + k]! + s[i - k]! - 2 * c, hyy = s[i + k * w]! + s[i - k * w]! - 2 * c;
    const hxy = (s[i + k + k * w]! + s[i - k - k * w]! - s[i + k - k * w]! - s[i - k + k * w]!) / 4;
    const det = hxx * hyy - hxy * hxy;
    out[i] = hxx < 0 && hyy < 0 && det > 0 ? Math.sqrt(det) : 0;
  }
  return out;
}

/** Detects grid nodes on a calibration frame; centroids in displayed pixels. */
export function detectBlobs(img: GrayImage, o: DetectOptions): Blob[] {
  const { width: w, height: h } = img;
  const { r, mask } = response(toFloat(img), o);
  // Noise from the median absolute value of the response where it is not a blob (most pixels).
  const sampleVals: number[] = [], high: number[] = [];
  for (let i = 0; i < r.length; i += 7) if (mask[i]) { sampleVals.push(Math.abs(r[i]!)); high.push(r[i]!); }
  if (sampleVals.length === 0) return [];
  const sigma = 1.4826 * median(sampleVals);
  high.sort((a, b) => a - b);
  const top = high[Math.floor(high.length * 0.999)] ?? 0;
  const thr = Math.max(5 * sigma, (o.kind === 'wires' ? 0.5 : 0.3) * top, 1e-6);
  const label = new Int32Array(w * h);
  const blobs: Blob[] = [];
  const stack: number[] = [];
  const shapes: { area: number; elong: number }[] = [];
  for (let start = 0; start < r.length; start++) {
    if (label[start] || !mask[start] || r[start]! <= thr) continue;
    label[start] = 1;
    stack.push(start);
    let sw = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, area = 0, peak = 0, touches = false;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w, y = (i - x) / w, v = r[i]!;
      sw += v; sx += v * x; sy += v * y; sxx += v * x * x; syy += v * y * y; sxy += v * x * y; area++;
      if (v > peak) peak = v;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) { touches = true; continue; }
      for (const j of [i - 1, i + 1, i - w, i + w]) {
        if (label[j]) continue;
        if (!mask[j]) { touches = true; continue; }
        if (r[j]! > thr) { label[j] = 1; stack.push(j); }
      }
    }
    if (touches || area < 3) continue;
    const mx = sx / sw, my = sy / sw;
    const cxx = sxx / sw - mx * mx, cyy = syy / sw - my * my, cxy = sxy / sw - mx * my;
    const tr = cxx + cyy, disc = Math.sqrt(Math.max(0, ((cxx - cyy) / 2) ** 2 + cxy * cxy));
    const elong = Math.sqrt((tr / 2 + disc) / Math.max(1e-9, tr / 2 - disc));
    blobs.push({ x: mx, y: my, area, peak });
    shapes.push({ area, elong });
  }
  // Keep blobs shaped like the majority (drops the shutter edge, dirt, merged beads).
  const areaMed = median(shapes.map((s) => s.area));
  return blobs.filter((_, k) => shapes[k]!.area >= 0.3 * areaMed && shapes[k]!.area <= 3 * areaMed && shapes[k]!.elong < 2.5);
}
