/**
 * From warped attenuation to what the monitor shows: transmission, shutter
 * blades, system blur, edge enhancement, quantum noise, windowing with a
 * log/linear mix and gamma, inversion, vignetting, the intensifier circle
 * (black surround) and burned-in text. Works in place on one Float32Array.
 */
import { blur, coarseBlur } from './raster.js';
import { scratch } from './pool.js';
import type { Rng } from './rng.js';
import type { Scene } from './render.js';
import { visibleSpan } from './view.js';
import { burnText } from './text.js';

/** 65 536 standard normal values drawn once (fixed seed), indexed by random 16-bit numbers. */
const NORMALS = (() => {
  const t = new Float32Array(65536);
  let s = 0x2545f491;
  const u = (): number => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return ((s >>> 0) + 0.5) / 4294967296; };
  for (let i = 0; i < t.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u())), a = 2 * Math.PI * u();
    t[i] = r * Math.cos(a); t[i + 1] = r * Math.sin(a);
  }
  return t;
})();

/** Rows' visible spans [x0, x1] (x0 > x1 when none). */
function spans(scene: Scene): Int32Array {
  const { view } = scene;
  const out = new Int32Array(view.height * 2);
  for (let y = 0; y < view.height; y++) {
    const sp = visibleSpan(view, y);
    out[2 * y] = sp ? sp[0] : 1; out[2 * y + 1] = sp ? sp[1] : 0;
  }
  return out;
}

function percentiles(v: Float32Array, width: number, span: Int32Array, lowPct: number, highPct: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  const height = span.length / 2;
  for (let y = 1; y < height; y += 2) for (let x = span[2 * y]!; x <= span[2 * y + 1]!; x += 2) { const q = v[y * width + x]!; if (q < lo) lo = q; if (q > hi) hi = q; }
  if (!(hi > lo)) return [0, 1];
  const bins = 4096, hist = new Uint32Array(bins), k = (bins - 1) / (hi - lo);
  let count = 0;
  for (let y = 1; y < height; y += 2) for (let x = span[2 * y]!; x <= span[2 * y + 1]!; x += 2) { hist[((v[y * width + x]! - lo) * k) | 0]!++; count++; }
  const find = (pct: number): number => {
    const target = (count * pct) / 100;
    let acc = 0;
    for (let b = 0; b < bins; b++) { acc += hist[b]!; if (acc >= target) return lo + b / k; }
    return hi;
  };
  return [find(lowPct), find(highPct)];
}

const LUT = 4096;

/** Display curve over transmission [lo, hi]: log/linear mix, gamma, optional inversion; 0..1. */
function displayCurve(lo: number, hi: number, mix: number, gamma: number, invert: boolean): Float32Array {
  const lut = new Float32Array(LUT);
  const llo = Math.log(Math.max(lo, 1e-5)), lhi = Math.log(Math.max(hi, lo + 1e-5, 1.0001e-5));
  for (let k = 0; k < LUT; k++) {
    const v = lo + ((hi - lo) * k) / (LUT - 1);
    const lin = k / (LUT - 1);
    const lg = (Math.log(Math.max(v, 1e-5)) - llo) / (lhi - llo || 1);
    let p = lin + (lg - lin) * mix;
    p = Math.pow(p < 0 ? 0 : p > 1 ? 1 : p, gamma);
    lut[k] = invert ? 1 - p : p;
  }
  return lut;
}

/** Turns warped attenuation `a` (displayed pixels) into display values 0..1, in place. */
export function display(a: Float32Array, scene: Scene, rng: Rng): void {
  const { view, look } = scene;
  const { width, height } = view;
  const n = width * height;
  const size = Math.min(width, height) / 1024;
  const span = spans(scene);
  // Transmission; shutter blades and the surround of the circle let little through.
  for (let y = 0; y < height; y++) {
    const x0 = span[2 * y]!, x1 = span[2 * y + 1]!, row = y * width;
    for (let x = 0; x < width; x++) {
      const t = Math.exp(-a[row + x]!);
      a[row + x] = x >= x0 && x <= x1 ? t : 0.06 * t;
    }
  }
  if (look.sharpen > 0) {
    const low = scratch('sharpen', n, false);
    coarseBlur(a, low, width, height, Math.max(1, 1.5 * size));
    const k = look.sharpen;
    for (let i = 0; i < n; i++) { const v = a[i]! + k * (a[i]! - low[i]!); a[i] = v > 1e-4 ? v : 1e-4; }
  }
  const sigma = look.blurPx * size;
  if (sigma >= 0.5) blur(a, width, height, Math.max(1, Math.round((Math.sqrt(6 * sigma * sigma + 1) - 1) / 2)), sigma < 1.2 ? 1 : 2);
  // Window from the noise-free field; quantum noise SD ∝ √signal.
  const [lo0, hi0] = percentiles(a, width, span, 5, 95);
  const [lo, hi] = percentiles(a, width, span, look.lowPct, look.highPct);
  const ref = (lo0 + hi0) / 2 || 1;
  const amp = (look.noise * (hi0 - lo0 || 1)) / Math.sqrt(ref);
  const lut = displayCurve(lo, hi, look.logMix, look.gamma, look.boneBright);
  const lutK = (LUT - 1) / (hi - lo || 1);
  const circle = view.circle;
  const rv = circle ? circle.r : Math.hypot(width, height) / 2;
  const cx = circle ? circle.cx : (width - 1) / 2, cy = circle ? circle.cy : (height - 1) / 2;
  const vig = look.vignette / (rv * rv);
  const inner = circle ? (rv - 1.5) * (rv - 1.5) : Infinity;
  let s = rng.u32() | 1;
  for (let y = 0; y < height; y++) {
    const dy = y - cy, row = y * width;
    for (let x = 0; x < width; x++) {
      s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
      let v = a[row + x]!;
      v += amp * Math.sqrt(v) * NORMALS[s >>> 16]!;
      let f = (v - lo) * lutK;
      f = f < 0 ? 0 : f > LUT - 1.001 ? LUT - 1.001 : f;
      const k = f | 0;
      let p = lut[k]! + (lut[k + 1]! - lut[k]!) * (f - k);
      const dx = x - cx;
      const d2 = dx * dx + dy * dy;
      p *= 1 - vig * d2;
      if (d2 > inner) {
        const edge = (rv - Math.sqrt(d2)) / 1.5;
        p *= edge <= 0 ? 0 : edge;
      }
      a[row + x] = p;
    }
  }
  if (scene.text.length) burnText(a, width, height, scene.text, Math.max(1, Math.round(2 * size)), circle);
}
