/**
 * Finds the image intensifier's circular field of view: the bright disc
 * surrounded by the dark mask. Rays are cast from the image border inward
 * (so nothing inside the field, bone or beads, can stop them) to the first
 * crossing of Otsu's threshold, the crossings are located to subpixel
 * precision and a circle is fitted to them with outliers (text in the mask,
 * a clipped edge) rejected. Works when the circle is cut by the frame edges.
 */
import type { GrayImage } from '../../server/image/types.js';
import { boxBlur, median, otsu, sample, toFloat } from './image-ops.js';
import type { FieldOfView } from './profile.js';

type Pt = [number, number];

/** Algebraic (Kåsa) least-squares circle through points; null when degenerate. */
export function fitCircle(pts: readonly Pt[]): FieldOfView | null {
  if (pts.length < 3) return null;
  let mx = 0, my = 0;
  for (const [x, y] of pts) { mx += x; my += y; }
  mx /= pts.length; my /= pts.length;
  let suu = 0, suv = 0, svv = 0, suuu = 0, svvv = 0, suvv = 0, svuu = 0;
  for (const [x, y] of pts) {
    const u = x - mx, v = y - my;
    suu += u * u; suv += u * v; svv += v * v;
    suuu += u * u * u; svvv += v * v * v; suvv += u * v * v; svuu += v * u * u;
  }
  const det = suu * svv - suv * suv;
  if (Math.abs(det) < 1e-9) return null;
  const bu = (suuu + suvv) / 2, bv = (svvv + svuu) / 2;
  const uc = (bu * svv - bv * suv) / det, vc = (suu * bv - suv * bu) / det;
  const radius = Math.sqrt(uc * uc + vc * vc + (suu + svv) / pts.length);
  return { cx: mx + uc, cy: my + vc, radius };
}

/** Where the ray from the border toward (cx, cy) first enters the field; null when the border itself is inside. */
function edgeOnRay(img: GrayImage<Float32Array>, thr: number, cx: number, cy: number, ux: number, uy: number): Pt | null {
  const { width: w, height: h } = img;
  // Distance from the centre to the border along (ux, uy).
  const tx = ux > 0 ? (w - 1 - cx) / ux : ux < 0 ? -cx / ux : Infinity;
  const ty = uy > 0 ? (h - 1 - cy) / uy : uy < 0 ? -cy / uy : Infinity;
  const tMax = Math.min(tx, ty) - 1;
  let prev = sample(img, cx + ux * tMax, cy + uy * tMax);
  if (!(prev < thr)) return null; // the field reaches the frame edge here
  for (let t = tMax - 0.5; t > 0; t -= 0.5) {
    const v = sample(img, cx + ux * t, cy + uy * t);
    if (v >= thr) {
      const s = t + 0.5 * (v - thr) / (v - prev); // linear interpolation of the crossing
      return [cx + ux * s, cy + uy * s];
    }
    prev = v;
  }
  return null;
}

/**
 * Finds the intensifier circle on a frame (displayed pixels). Returns null
 * when the frame shows no dark mask around a bright field (fewer than 24
 * usable edge points or a poor circle fit).
 */
export function findFieldOfView(image: GrayImage, rays = 720): FieldOfView | null {
  const img = boxBlur(toFloat(image), 2);
  const thr = otsu(img.data);
  // Start the rays from the centroid of the bright part.
  let sx = 0, sy = 0, n = 0;
  for (let y = 0; y < img.height; y += 2) for (let x = 0; x < img.width; x += 2) {
    if (img.data[y * img.width + x]! >= thr) { sx += x; sy += y; n++; }
  }
  if (n === 0) return null;
  let cx = sx / n, cy = sy / n;
  let circle: FieldOfView | null = null;
  for (let pass = 0; pass < 2; pass++) {
    let pts: Pt[] = [];
    for (let i = 0; i < rays; i++) {
      const a = (2 * Math.PI * i) / rays;
      const p = edgeOnRay(img, thr, cx, cy, Math.cos(a), Math.sin(a));
      if (p) pts.push(p);
    }
    for (let iter = 0; iter < 4 && pts.length >= 24; iter++) {
      circle = fitCircle(pts);
      if (!circle) return null;
      const c = circle;
      const res = pts.map(([x, y]) => Math.abs(Math.hypot(x - c.cx, y - c.cy) - c.radius));
      const cut = Math.max(1, 3 * 1.4826 * median(res));
      pts = pts.filter((_, k) => res[k]! <= cut);
    }
    if (!circle || pts.length < 24) return null;
    cx = circle.cx; cy = circle.cy;
    if (cx < 0 || cy < 0 || cx > img.width - 1 || cy > img.height - 1) return null;
  }
  return circle;
}
