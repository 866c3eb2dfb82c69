/**
 * A synthetic lateral lumbar spine L1–S1 as corner sets, for the tracker's
 * tests: each vertebra a 56 × 40 px box turned by its own tilt (degrees,
 * positive = anterior side up), stacked downwards, facing left.
 */
import type { Point } from '../../server/spec/labels.js';
import type { VertebraObservation } from '../../server/tracking/tracker.js';

export const LUMBAR = ['L1', 'L2', 'L3', 'L4', 'L5', 'S1'] as const;

/** Corners SA, SP, IP, IA of a box centred at (cx, cy), anterior to the left, tilted by `tiltDeg`. */
function box(cx: number, cy: number, tiltDeg: number, w = 56, h = 40): Point[] {
  const t = (tiltDeg * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
  const local: Point[] = [[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]];
  return local.map(([x, y]) => [cx + x * c + y * s, cy - x * s + y * c] as const);
}

/** Noise-free vertebrae with the given tilts (one per LUMBAR label). */
export function spine(tiltsDeg: readonly number[], origin: Point = [300, 150]): VertebraObservation[] {
  return LUMBAR.map((label, i) => ({
    label,
    corners: box(origin[0], origin[1] + i * 54, tiltsDeg[i] ?? 0),
    score: 0.98,
    spread: [1, 1, 1, 1],
  }));
}

/** Adds independent Gaussian noise of SD `sdPx` to every corner coordinate. */
export function withNoise(vs: readonly VertebraObservation[], sdPx: number, rand: () => number): VertebraObservation[] {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return vs.map((v) => ({ ...v, corners: v.corners.map((p) => (p ? [p[0] + sdPx * gauss(), p[1] + sdPx * gauss()] as const : null)) }));
}

/** Mulberry32: a small seeded generator. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sd(xs: readonly number[]): number {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}
