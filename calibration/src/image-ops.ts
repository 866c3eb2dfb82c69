/**
 * Small image helpers for calibration: conversion to Float32 0..1, separable
 * box blur (running sums), Otsu threshold and bilinear sampling. Row-major
 * Float32Array images, pixel centres at integers.
 */
import type { GrayImage } from '../../server/image/types.js';

/** Float32 copy scaled to 0..1 (8-bit / 255, 16-bit / 65535, float as is, NaN as 0). */
export function toFloat(img: GrayImage): GrayImage<Float32Array> {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  const s = img.data instanceof Uint8Array ? 1 / 255 : img.data instanceof Uint16Array ? 1 / 65535 : 1;
  for (let i = 0; i < n; i++) { const v = img.data[i]! * s; out[i] = v === v ? v : 0; } // NaN (a broken float frame) → 0
  return { data: out, width: img.width, height: img.height };
}

/** Mean over a (2r+1)² window, the window clipped at the borders (mean of what is inside). */
export function boxBlur(img: GrayImage<Float32Array>, r: number): GrayImage<Float32Array> {
  const { width: w, height: h, data } = img;
  const tmp = new Float32Array(w * h), out = new Float32Array(w * h);
  const line = new Float64Array(Math.max(w, h) + 1);
  for (let y = 0; y < h; y++) {
    line[0] = 0;
    for (let x = 0; x < w; x++) line[x + 1] = line[x]! + data[y * w + x]!;
    for (let x = 0; x < w; x++) {
      const a = Math.max(0, x - r), b = Math.min(w, x + r + 1);
      tmp[y * w + x] = (line[b]! - line[a]!) / (b - a);
    }
  }
  for (let x = 0; x < w; x++) {
    line[0] = 0;
    for (let y = 0; y < h; y++) line[y + 1] = line[y]! + tmp[y * w + x]!;
    for (let y = 0; y < h; y++) {
      const a = Math.max(0, y - r), b = Math.min(h, y + r + 1);
      out[y * w + x] = (line[b]! - line[a]!) / (b - a);
    }
  }
  return { data: out, width: w, height: h };
}

/** Otsu's threshold of values in 0..1 (256 bins), optionally only where `mask` is 1. */
export function otsu(data: Float32Array, mask?: Uint8Array): number {
  const hist = new Float64Array(256);
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    if (mask && !mask[i]) continue;
    hist[Math.min(255, Math.max(0, Math.round(data[i]! * 255)))]!++;
    n++;
  }
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let wB = 0, sumB = 0, best = 0, at = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = n - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB, mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) { best = between; at = t; }
  }
  return (at + 0.5) / 255;
}

/** Bilinear sample at (x, y); NaN outside the image. */
export function sample(img: GrayImage<Float32Array>, x: number, y: number): number {
  const { width: w, height: h, data } = img;
  if (!(x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1)) return NaN;
  const x0 = Math.min(Math.floor(x), w - 2 < 0 ? 0 : w - 2), y0 = Math.min(Math.floor(y), h - 2 < 0 ? 0 : h - 2);
  const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
  const fx = x - x0, fy = y - y0;
  const top = data[y0 * w + x0]! * (1 - fx) + data[y0 * w + x1]! * fx;
  const bottom = data[y1 * w + x0]! * (1 - fx) + data[y1 * w + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Median of a list (copied, not modified); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
