/**
 * Finds the image intensifier's circular field of view: the bright disc
 * surrounded by the dark mask. Rays are cast from the image border inward
 * (so nothing inside the field, bone or beads, can stop them) to the first
 * lasting crossing of a threshold 30% of the way from the mask's level to
 * the field's, the crossings are located to subpixel precision and a circle
 * is fitted to them by RANSAC (shutter blades, text burned into the mask are
 * outliers). Works when the frame cuts the circle.
 */
import type { GrayImage } from '../../server/image/types.js';
import { boxBlur, median, sample, toFloat } from './image-ops.js';
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

/** Where the ray from the border toward (cx, cy) first enters the field for good (≥ 3 px inside); null when the border itself is inside. */
function edgeOnRay(img: GrayImage<Float32Array>, thr: number, cx: number, cy: number, ux: number, uy: number): Pt | null {
  const { width: w, height: h } = img;
  // Distance from the centre to the border along (ux, uy).
  const tx = ux > 0 ? (w - 1 - cx) / ux : ux < 0 ? -cx / ux : Infinity;
  const ty = uy > 0 ? (h - 1 - cy) / uy : uy < 0 ? -cy / uy : Infinity;
  const tMax = Math.min(tx, ty) - 1;
  let prev = sample(img, cx + ux * tMax, cy + uy * tMax);
  if (!(prev < thr)) return null; // the field reaches the frame edge here
  for (let t = tMax - 0.5; t > 3; t -= 0.5) {
    const v = sample(img, cx + ux * t, cy + uy * t);
    if (v >= thr) {
      let stays = true;
      for (let k = 1; k <= 6 && stays; k++) stays = sample(img, cx + ux * (t - 0.5 * k), cy + uy * (t - 0.5 * k)) >= thr;
      if (stays) {
        const s = t + 0.5 * (v - thr) / (v - prev); // linear interpolation of the crossing
        return [cx + ux * s, cy + uy * s];
      }
    }
    prev = v;
  }
  return null;
}

/** Circle through three points, or null when they are (nearly) collinear. */
function circleOf3(a: Pt, b: Pt, c: Pt): FieldOfView | null {
  const d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]));
  if (Math.abs(d) < 1e-6) return null;
  const a2 = a[0] ** 2 + a[1] ** 2, b2 = b[0] ** 2 + b[1] ** 2, c2 = c[0] ** 2 + c[1] ** 2;
  const cx = (a2 * (b[1] - c[1]) + b2 * (c[1] - a[1]) + c2 * (a[1] - b[1])) / d;
  const cy = (a2 * (c[0] - b[0]) + b2 * (a[0] - c[0]) + c2 * (b[0] - a[0])) / d;
  return { cx, cy, radius: Math.hypot(a[0] - cx, a[1] - cy) };
}

/** RANSAC over edge points (shutter blades and burned-in text give straight or scattered outliers), then least squares on the inliers. */
function robustCircle(pts: readonly Pt[], tol: number): { circle: FieldOfView; inliers: Pt[] } | null {
  let best: Pt[] = [];
  const n = pts.length;
  let seed = 12345;
  const pick = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; }; // deterministic
  for (let it = 0; it < 500; it++) {
    const i = pick(), j = pick(), k = pick();
    if (i === j || j === k || i === k) continue;
    const c = circleOf3(pts[i]!, pts[j]!, pts[k]!);
    if (!c) continue;
    const inl = pts.filter(([x, y]) => Math.abs(Math.hypot(x - c.cx, y - c.cy) - c.radius) < tol);
    if (inl.length > best.length) best = inl;
  }
  let circle = fitCircle(best);
  for (let iter = 0; iter < 3 && circle; iter++) {
    const c = circle;
    const inl = pts.filter(([x, y]) => Math.abs(Math.hypot(x - c.cx, y - c.cy) - c.radius) < tol);
    if (inl.length < 3) return null;
    best = inl;
    circle = fitCircle(inl);
  }
  return circle ? { circle, inliers: best } : null;
}

/** Level of the dark mask (2nd percentile of the frame's border: a big circle may leave only the corners dark) and of the field (median of the central half). */
function levels(img: GrayImage<Float32Array>): { mask: number; field: number } {
  const { width: w, height: h, data } = img;
  const border: number[] = [], centre: number[] = [];
  for (let x = 0; x < w; x++) border.push(data[x]!, data[(h - 1) * w + x]!);
  for (let y = 0; y < h; y++) border.push(data[y * w]!, data[y * w + w - 1]!);
  for (let y = Math.floor(h / 4); y < (3 * h) / 4; y += 2) for (let x = Math.floor(w / 4); x < (3 * w) / 4; x += 2) centre.push(data[y * w + x]!);
  border.sort((a, b) => a - b);
  return { mask: border[Math.floor(border.length * 0.02)]!, field: median(centre) };
}

/**
 * Finds the intensifier circle on a frame (displayed pixels). Returns null
 * when the frame shows no dark mask around a brighter field, or when fewer
 * than 48 edge points (of 720 rays) agree on a circle.
 */
export function findFieldOfView(image: GrayImage, rays = 720): FieldOfView | null {
  const img = boxBlur(toFloat(image), 1);
  const { mask, field } = levels(img);
  if (field - mask < 0.08) return null;
  const thr = mask + 0.3 * (field - mask);
  let cx = (img.width - 1) / 2, cy = (img.height - 1) / 2;
  let circle: FieldOfView | null = null;
  for (let pass = 0; pass < 2; pass++) {
    const pts: Pt[] = [];
    for (let i = 0; i < rays; i++) {
      const a = (2 * Math.PI * i) / rays;
      const p = edgeOnRay(img, thr, cx, cy, Math.cos(a), Math.sin(a));
      if (p) pts.push(p);
    }
    if (pts.length < 48) return null;
    const fit = robustCircle(pts, 2);
    if (!fit || fit.inliers.length < 48) return null;
    circle = fit.circle;
    cx = circle.cx; cy = circle.cy;
    if (cx < 0 || cy < 0 || cx > img.width - 1 || cy > img.height - 1) return null;
  }
  return circle;
}
