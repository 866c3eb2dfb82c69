/**
 * Trabecular texture: two octaves of anisotropic value noise (grain taller
 * than wide, like vertical trabeculae), applied only where there is bone.
 */
import type { Rng } from './rng.js';

/** Multiplies `bone` in place by (1 + strength·noise), noise in about [−1, 1]; `grainPx` is the fine cell size. */
export function applyTexture(bone: Float32Array, width: number, height: number, grainPx: number, strength: number, rng: Rng): void {
  if (strength <= 0) return;
  const octaves = [
    { cx: Math.max(1.5, grainPx), cy: Math.max(1.5, grainPx * 2.2), amp: 0.65 },
    { cx: Math.max(3, grainPx * 3.5), cy: Math.max(3, grainPx * 5), amp: 0.35 },
  ];
  const lattices = octaves.map((o) => {
    const gw = Math.ceil(width / o.cx) + 2, gh = Math.ceil(height / o.cy) + 2;
    const g = new Float32Array(gw * gh);
    for (let i = 0; i < g.length; i++) g[i] = (rng.next() * 2 - 1) * o.amp * strength;
    // Column tables: lattice index and smoothed fraction of every x.
    const ix = new Int32Array(width), fx = new Float32Array(width);
    for (let x = 0; x < width; x++) { const gx = x / o.cx, i = gx | 0, f = gx - i; ix[x] = i; fx[x] = f * f * (3 - 2 * f); }
    return { ...o, gw, g, ix, fx };
  });
  const [l0, l1] = lattices as [typeof lattices[0], typeof lattices[0]];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const gy0 = y / l0.cy, j0 = gy0 | 0, f0 = gy0 - j0, fy0 = f0 * f0 * (3 - 2 * f0), r0 = j0 * l0.gw;
    const gy1 = y / l1.cy, j1 = gy1 | 0, f1 = gy1 - j1, fy1 = f1 * f1 * (3 - 2 * f1), r1 = j1 * l1.gw;
    const g0 = l0.g, g1 = l1.g, w0 = l0.gw, w1 = l1.gw;
    for (let x = 0; x < width; x++) {
      const b = bone[row + x]!;
      if (b <= 0.002) continue;
      let o = r0 + l0.ix[x]!, fx = l0.fx[x]!;
      let t = g0[o]! + (g0[o + 1]! - g0[o]!) * fx;
      let u = g0[o + w0]! + (g0[o + w0 + 1]! - g0[o + w0]!) * fx;
      let n = t + (u - t) * fy0;
      o = r1 + l1.ix[x]!; fx = l1.fx[x]!;
      t = g1[o]! + (g1[o + 1]! - g1[o]!) * fx;
      u = g1[o + w1]! + (g1[o + w1 + 1]! - g1[o + w1]!) * fx;
      n += t + (u - t) * fy1;
      bone[row + x] = b * (1 + n);
    }
  }
}
