/**
 * Radial (pincushion / barrel) distortion of an image intensifier, the model
 * shared by the phantom (which renders it) and calibration (which fits and
 * removes it).
 *
 * A true (undistorted) point p maps to the displayed point
 *   p' = c + (p − c) · (1 + k1·ρ² + k2·ρ⁴),   ρ = |p − c| / R
 * with c the distortion centre and R a normalising radius, both in pixels of
 * the displayed image. k1 > 0 is pincushion (typical image intensifier:
 * k1 ≈ 0.03…0.10 with R the half-diagonal), k1 < 0 barrel.
 */
import type { Point } from '../spec/labels.js';

export interface RadialDistortion {
  /** Centre of distortion, displayed-image pixels. */
  cx: number;
  cy: number;
  /** Normalising radius in pixels (e.g. the intensifier circle's radius). */
  radius: number;
  k1: number;
  k2: number;
}

/** True point → displayed point. */
export function distortPoint(d: RadialDistortion, p: Point): Point {
  const dx = p[0] - d.cx, dy = p[1] - d.cy;
  const r2 = (dx * dx + dy * dy) / (d.radius * d.radius);
  const f = 1 + d.k1 * r2 + d.k2 * r2 * r2;
  return [d.cx + dx * f, d.cy + dy * f];
}

/**
 * Displayed point → true point, by Newton iterations on the radius
 * (exact to ~1e-9 px for |k1|, |k2| < 0.5 within the normalising radius).
 */
export function undistortPoint(d: RadialDistortion, q: Point): Point {
  const dx = q[0] - d.cx, dy = q[1] - d.cy;
  const rq = Math.hypot(dx, dy) / d.radius;
  if (rq === 0) return [q[0], q[1]];
  // Solve g(r) = r(1 + k1 r² + k2 r⁴) − rq = 0 for r.
  let r = rq;
  for (let i = 0; i < 20; i++) {
    const r2 = r * r;
    const g = r * (1 + d.k1 * r2 + d.k2 * r2 * r2) - rq;
    const dg = 1 + 3 * d.k1 * r2 + 5 * d.k2 * r2 * r2;
    const step = g / dg;
    r -= step;
    if (Math.abs(step) < 1e-13) break;
  }
  const s = r / rq;
  return [d.cx + dx * s, d.cy + dy * s];
}

/** No distortion (k1 = k2 = 0) for an image of the given size. */
export function identityDistortion(width: number, height: number): RadialDistortion {
  return { cx: (width - 1) / 2, cy: (height - 1) / 2, radius: Math.hypot(width, height) / 2, k1: 0, k2: 0 };
}
