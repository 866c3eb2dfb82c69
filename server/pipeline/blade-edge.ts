/**
 * A grey blade's edge placed to a pixel on the full image, from the coarse
 * line that blades.ts found on a shrunk copy. Pure.
 */
import type { GrayImage } from '../image/types.js';
import type { Blade } from './blades.js';
import type { SurroundLevels } from './in-view.js';

/** Fewest edge points (one per 8 px) within 1.5 px of a refined line for a blade. */
export const MIN_POINTS = 16;

/**
 * The blade's edge to a pixel: every 8 px along the coarse line, the largest
 * step of the expected sign (`sign`: outside minus inside) within `reach` px
 * across it, on the full image averaged over 5 px along the edge; then a
 * total-least-squares line through those points, refitted without the ones
 * more than 3, then 1.5 px off; with how many steps lie within 1.5 px of it
 * and how far apart the outermost ones are. Null when too few steps are found.
 */
export function refine(img: GrayImage, b: Blade, sign: number, minStep: number, lv: SurroundLevels, reach: number): { blade: Blade; on: number; span: number } | null {
  const { width: w, height: h, data: d } = img;
  const tx = -b.ny, ty = b.nx; // along the edge
  const val = (x: number, y: number): number | null => {
    const xi = Math.round(x), yi = Math.round(y);
    return xi < 0 || yi < 0 || xi >= w || yi >= h ? null : d[yi * w + xi]!;
  };
  const pts: [number, number][] = [];
  const L = Math.hypot(w, h), x0 = b.nx * b.c, y0 = b.ny * b.c;
  for (let u = -L; u <= L; u += 8) {
    const px = x0 + tx * u, py = y0 + ty * u;
    // Profile across the edge, 1 px steps, each the mean of 5 pixels along it.
    const prof: (number | null)[] = [];
    for (let k = -reach - 3; k <= reach + 3; k++) {
      let s = 0, n = 0;
      for (let a = -2; a <= 2; a++) { const v = val(px + b.nx * k + tx * a, py + b.ny * k + ty * a); if (v !== null) { s += v; n++; } }
      prof.push(n === 5 ? s / 5 : null);
    }
    // The step over 6 px must reach minStep: along the parts of the line with no edge, noise
    // would otherwise put points anywhere.
    // The 6 px step is flat across a sharp edge's neighbourhood (5 positions for an ideal step):
    // the edge is the middle of the run of positions within 5 % of the largest.
    const g: number[] = [];
    let best = minStep, arg = -1;
    for (let i = 0; i < prof.length; i++) {
      const a = prof[i - 3], c = prof[i + 3], a1 = prof[i - 1], c1 = prof[i + 1];
      // the inside of the step is field, not the surround
      const ok = i >= 3 && i + 3 < prof.length && a != null && c != null && a1 != null && c1 != null && a > lv.dark && sign * (c1 - a1) > 0;
      g.push(ok ? sign * (c! - a!) : -Infinity);
      if (g[i]! >= best) { best = g[i]!; arg = i; }
    }
    let at = NaN;
    if (arg >= 0) {
      let lo = arg, hi = arg;
      while (lo > 0 && g[lo - 1]! >= 0.95 * best) lo--;
      while (hi + 1 < g.length && g[hi + 1]! >= 0.95 * best) hi++;
      at = (lo + hi) / 2 - reach - 3;
    }
    if (!Number.isNaN(at)) pts.push([px + b.nx * at, py + b.ny * at]);
  }
  if (pts.length < MIN_POINTS) return null;
  let line = tls(pts, b);
  for (const tol of [3, 1.5]) {
    const close = pts.filter(([x, y]) => Math.abs(line.nx * x + line.ny * y - line.c) <= tol);
    if (close.length < MIN_POINTS) return null;
    line = tls(close, b);
  }
  const on = pts.filter(([x, y]) => Math.abs(line.nx * x + line.ny * y - line.c) <= 1.5);
  const along = on.map(([x, y]) => -line.ny * x + line.nx * y);
  return { blade: line, on: on.length, span: Math.max(...along) - Math.min(...along) };
}

/** Total-least-squares line through `pts`, its normal on the side of `like`'s. */
function tls(pts: readonly [number, number][], like: Blade): Blade {
  let mx = 0, my = 0;
  for (const [x, y] of pts) { mx += x; my += y; }
  mx /= pts.length; my /= pts.length;
  let sxx = 0, syy = 0, sxy = 0;
  for (const [x, y] of pts) { sxx += (x - mx) ** 2; syy += (y - my) ** 2; sxy += (x - mx) * (y - my); }
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  let nx = -Math.sin(theta), ny = Math.cos(theta);
  if (nx * like.nx + ny * like.ny < 0) { nx = -nx; ny = -ny; }
  return { nx, ny, c: nx * mx + ny * my };
}

