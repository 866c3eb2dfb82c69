/**
 * Small 2-D geometry for building anatomy and implants in millimetres:
 * vectors, rotations, curved outlines through fixed corners, strips along
 * polylines, circles. Polygons are arrays of points, closed implicitly.
 */

/** A point or vector, [x, y] (mm in the anatomical frame: x anterior, y superior; px after placement). */
export type Vec = [number, number];
export type Polygon = Vec[];

export const DEG = Math.PI / 180;

export const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1]];
export const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1]];
export const scale = (a: Vec, s: number): Vec => [a[0] * s, a[1] * s];
export const lerp = (a: Vec, b: Vec, t: number): Vec => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
export const norm = (a: Vec): number => Math.hypot(a[0], a[1]);
export const unit = (a: Vec): Vec => { const n = norm(a) || 1; return [a[0] / n, a[1] / n]; };
/** Counter-clockwise rotation by `deg` (in the y-up anatomical frame). */
export const rot = (a: Vec, deg: number): Vec => {
  const c = Math.cos(deg * DEG), s = Math.sin(deg * DEG);
  return [a[0] * c - a[1] * s, a[0] * s + a[1] * c];
};
/** Perpendicular, rotated +90° (superior of an anterior direction in the y-up frame). */
export const perp = (a: Vec): Vec => [-a[1], a[0]];

/** A local frame: origin, unit `u` axis and unit `v` axis. */
export interface Frame { o: Vec; u: Vec; v: Vec }
export const at = (f: Frame, u: number, v: number): Vec => [f.o[0] + f.u[0] * u + f.v[0] * v, f.o[1] + f.u[1] * u + f.v[1] * v];
export const poly = (f: Frame, pts: readonly (readonly [number, number])[]): Polygon => pts.map(([u, v]) => at(f, u, v));

/**
 * Outline through the given corners (closed), each side bowed inwards by
 * `depth[i]` mm at its middle (profile sin(πt)^power), `steps` points per side.
 * The corners themselves are vertices of the result, exactly.
 */
export function bowedOutline(corners: readonly Vec[], depth: readonly number[], steps = 10, power = 1.2): Polygon {
  const n = corners.length;
  let cx = 0, cy = 0;
  for (const c of corners) { cx += c[0] / n; cy += c[1] / n; }
  const out: Polygon = [];
  for (let i = 0; i < n; i++) {
    const a = corners[i]!, b = corners[(i + 1) % n]!;
    const e = sub(b, a);
    let nrm = unit(perp(e));
    const mid = lerp(a, b, 0.5);
    if ((cx - mid[0]) * nrm[0] + (cy - mid[1]) * nrm[1] < 0) nrm = scale(nrm, -1);
    const d = depth[i] ?? 0;
    out.push([a[0], a[1]]);
    for (let k = 1; k < steps; k++) {
      const t = k / steps;
      const off = d * Math.pow(Math.sin(Math.PI * t), power);
      const p = lerp(a, b, t);
      out.push([p[0] + nrm[0] * off, p[1] + nrm[1] * off]);
    }
  }
  return out;
}

/** Polygon around a polyline with half-width `halfWidth(t)` (t 0..1 along it). */
export function strip(line: readonly Vec[], halfWidth: (t: number) => number): Polygon {
  const left: Vec[] = [], right: Vec[] = [];
  const n = line.length;
  for (let i = 0; i < n; i++) {
    const prev = line[Math.max(0, i - 1)]!, next = line[Math.min(n - 1, i + 1)]!;
    const nrm = unit(perp(sub(next, prev)));
    const w = halfWidth(n > 1 ? i / (n - 1) : 0);
    left.push(add(line[i]!, scale(nrm, w)));
    right.push(sub(line[i]!, scale(nrm, w)));
  }
  return [...left, ...right.reverse()];
}

/** Quadratic Bézier sampled at `n` points. */
export function bezier(a: Vec, c: Vec, b: Vec, n = 16): Vec[] {
  const out: Vec[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1), s = 1 - t;
    out.push([s * s * a[0] + 2 * s * t * c[0] + t * t * b[0], s * s * a[1] + 2 * s * t * c[1] + t * t * b[1]]);
  }
  return out;
}

/** Ellipse (or circle) as a polygon of `n` points; `angleDeg` turns its first axis. */
export function ellipse(c: Vec, rx: number, ry: number, angleDeg = 0, n = 40): Polygon {
  const out: Polygon = [];
  const ca = Math.cos(angleDeg * DEG), sa = Math.sin(angleDeg * DEG);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const x = rx * Math.cos(t), y = ry * Math.sin(t);
    out.push([c[0] + x * ca - y * sa, c[1] + x * sa + y * ca]);
  }
  return out;
}

/** Arc of a circle from a0 to a1 degrees, `n` points. */
export function arc(c: Vec, r: number, a0: number, a1: number, n = 16): Vec[] {
  const out: Vec[] = [];
  for (let i = 0; i < n; i++) {
    const a = (a0 + ((a1 - a0) * i) / (n - 1)) * DEG;
    out.push([c[0] + r * Math.cos(a), c[1] + r * Math.sin(a)]);
  }
  return out;
}
