/**
 * The overlay written by `sagitta calibrate --overlay`: two panels side by
 * side. Left, the grid as displayed with the detected nodes (green: used,
 * red: rejected, yellow: not on the lattice) and the fitted lattice lines
 * bent by the fitted distortion (cyan; they should run through the beads).
 * Right, the corrected image with the straight lattice lines (cyan).
 */
import { distortPoint } from '../../server/geometry/distortion.js';
import type { GrayImage } from '../../server/image/types.js';
import type { GridFit } from './fit.js';
import { identityProfile } from './profile.js';
import { correctImage } from './undistort-image.js';
import { toFloat } from './image-ops.js';

type Rgb = readonly [number, number, number];
const GREEN: Rgb = [40, 220, 60], RED: Rgb = [240, 40, 40], YELLOW: Rgb = [240, 220, 40], CYAN: Rgb = [40, 200, 240];

class Canvas {
  readonly rgb: Uint8Array;
  constructor(readonly width: number, readonly height: number) { this.rgb = new Uint8Array(width * height * 3); }
  put(x: number, y: number, c: Rgb): void {
    const xi = Math.round(x), yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const o = (yi * this.width + xi) * 3;
    this.rgb[o] = c[0]; this.rgb[o + 1] = c[1]; this.rgb[o + 2] = c[2];
  }
  gray(img: GrayImage, dx: number): void {
    const f = toFloat(img).data;
    for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) {
      const v = Math.round(255 * f[y * img.width + x]!), o = (y * this.width + x + dx) * 3;
      this.rgb[o] = v; this.rgb[o + 1] = v; this.rgb[o + 2] = v;
    }
  }
  cross(x: number, y: number, c: Rgb, s = 3): void { for (let k = -s; k <= s; k++) { this.put(x + k, y, c); this.put(x, y + k, c); } }
}

/** Renders the overlay (RGB, 3 bytes per pixel, width 2·W). */
export function renderOverlay(img: GrayImage, fit: GridFit): { rgb: Uint8Array; width: number; height: number } {
  const W = img.width, H = img.height;
  const c = new Canvas(2 * W, H);
  c.gray(img, 0);
  c.gray(correctImage({ ...identityProfile(W, H), distortion: fit.distortion }, img), W);
  const { o, a, b } = fit.lattice;
  const fov = fit.fieldOfView;
  const used = fit.nodes.filter((n) => n.used);
  const [i0, i1, j0, j1] = [Math.min(...used.map((n) => n.i)), Math.max(...used.map((n) => n.i)), Math.min(...used.map((n) => n.j)), Math.max(...used.map((n) => n.j))];
  const at = (i: number, j: number): [number, number] => [o[0] + i * a[0] + j * b[0], o[1] + i * a[1] + j * b[1]];
  const line = (from: [number, number], to: [number, number]) => {
    const n = Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) * 2);
    for (let s = 0; s <= n; s++) {
      const p: [number, number] = [from[0] + ((to[0] - from[0]) * s) / n, from[1] + ((to[1] - from[1]) * s) / n];
      const q = distortPoint(fit.distortion, p);
      if (fov && Math.hypot(q[0] - fov.cx, q[1] - fov.cy) > fov.radius) continue; // draw inside the field only
      c.put(q[0], q[1], CYAN);
      c.put(p[0] + W, p[1], CYAN);
    }
  };
  for (let i = i0; i <= i1; i++) line(at(i, j0), at(i, j1));
  for (let j = j0; j <= j1; j++) line(at(i0, j), at(i1, j));
  const onLattice = new Set(fit.nodes.map((n) => n.k));
  fit.detections.forEach((d, k) => { if (!onLattice.has(k)) c.cross(d.x, d.y, YELLOW); });
  for (const n of fit.nodes) c.cross(n.x, n.y, n.used ? GREEN : RED);
  return { rgb: c.rgb, width: 2 * W, height: H };
}
