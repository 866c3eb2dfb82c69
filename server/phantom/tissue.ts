/**
 * Soft tissue on a coarse grid (it is smooth), upsampled bilinearly into the
 * attenuation layer: body width across the beam (back skin to front skin),
 * more at the pelvis, less over the lungs above the diaphragm, bowel gas.
 */
import type { Anatomy } from './anatomy.js';
import { toAnatomy, type View } from './view.js';

const STEP = 8;

function smooth(t: number): number { const c = Math.min(1, Math.max(0, t)); return c * c * (3 - 2 * c); }

/** Soft-tissue attenuation at one anatomical point (mm), relative units (≈1 mid-abdomen). */
export function softTissueAt(a: Anatomy, x: number, y: number): number {
  const xc = (a.backSkinMm + a.frontSkinMm) / 2, ax = (a.frontSkinMm - a.backSkinMm) / 2;
  const u = (x - xc) / ax;
  let w = u * u < 1 ? Math.sqrt(1 - u * u) : 0;
  w *= 1 + 0.35 * smooth((-y - 10) / 80); // hips and buttocks below S1
  const yd = a.diaphragm.apexY - ((x - a.diaphragm.apexX) ** 2) * a.diaphragm.slope / 120;
  const lung = smooth((y - yd) / 45) * smooth((x - a.backSkinMm - 15) / 30) * smooth((a.frontSkinMm - 15 - x) / 30);
  let gas = 0;
  for (const g of a.gas) {
    const dx = (x - g.c[0]) / g.rx, dy = (y - g.c[1]) / g.ry;
    const r2 = dx * dx + dy * dy;
    if (r2 < 9) gas += g.k * Math.exp(-r2);
  }
  return Math.max(0, w * (1 - 0.55 * lung) - 0.3 * gas * w);
}

/** Adds `mu` × soft tissue to `layer` (undistorted pixel space). */
export function addSoftTissue(layer: Float32Array, a: Anatomy, view: View, mu: number): void {
  const { width, height } = view;
  const gw = Math.ceil((width - 1) / STEP) + 2, gh = Math.ceil((height - 1) / STEP) + 2;
  const grid = new Float32Array(gw * gh);
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      const m = toAnatomy(view, [i * STEP, j * STEP]);
      grid[j * gw + i] = mu * softTissueAt(a, m[0], m[1]);
    }
  }
  for (let y = 0; y < height; y++) {
    const gy = y / STEP, j = Math.floor(gy), fy = gy - j;
    const r0 = j * gw, r1 = r0 + gw;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const gx = x / STEP, i = Math.floor(gx), fx = gx - i;
      const top = grid[r0 + i]! + (grid[r0 + i + 1]! - grid[r0 + i]!) * fx;
      const bot = grid[r1 + i]! + (grid[r1 + i + 1]! - grid[r1 + i]!) * fx;
      layer[row + x]! += top + (bot - top) * fy;
    }
  }
}
