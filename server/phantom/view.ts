/**
 * The view: how the anatomy (mm) is placed on the image (pixels) — pixel
 * spacing, facing, in-plane rotation, position — and what the imaging system
 * adds geometrically: pincushion distortion, intensifier circle, shutters.
 */
import { distortPoint, identityDistortion, type RadialDistortion } from '../geometry/distortion.js';
import type { Point } from '../spec/labels.js';
import type { Anatomy } from './anatomy.js';
import type { Rng } from './rng.js';
import { DEG, lerp, type Vec } from './shapes.js';

/** A straight shutter blade: pixels with nx·x + ny·y > c are covered. */
export interface Shutter { nx: number; ny: number; c: number }

export interface View {
  width: number;
  height: number;
  /** Millimetres per pixel at the spine. */
  spacingMm: number;
  /** +1: anterior towards +x (patient faces right); −1: faces left. */
  facing: 1 | -1;
  /** In-plane rotation, degrees (image axes, y down): the true horizontal lies at this angle to the x axis. */
  rotationDeg: number;
  /** Pixel position (undistorted) of the anatomical origin (middle of S1's superior endplate). */
  originPx: Vec;
  distortion: RadialDistortion;
  /** Image intensifier circle in displayed pixels, or null for a rectangular detector. */
  circle: { cx: number; cy: number; r: number } | null;
  shutters: Shutter[];
}

/** Anatomical mm → undistorted image pixels. */
export function toPixel(view: View, p: Vec): Vec {
  const x = (view.facing * p[0]) / view.spacingMm, y = -p[1] / view.spacingMm;
  const c = Math.cos(view.rotationDeg * DEG), s = Math.sin(view.rotationDeg * DEG);
  return [view.originPx[0] + c * x - s * y, view.originPx[1] + s * x + c * y];
}

/** Undistorted pixels → anatomical mm (inverse of `toPixel`). */
export function toAnatomy(view: View, q: Vec): Vec {
  const dx = q[0] - view.originPx[0], dy = q[1] - view.originPx[1];
  const c = Math.cos(view.rotationDeg * DEG), s = Math.sin(view.rotationDeg * DEG);
  const x = c * dx + s * dy, y = -s * dx + c * dy;
  return [(view.facing * x) * view.spacingMm, -y * view.spacingMm];
}

/** Anatomical mm → displayed pixels (placement, then the intensifier's distortion). */
export function toDisplayed(view: View, p: Vec): Point {
  return distortPoint(view.distortion, toPixel(view, p));
}

/** Whether a displayed pixel lies in the visible field (image, circle, shutters), `margin` px inside. */
export function isVisible(view: View, q: Point, margin = 2): boolean {
  const [x, y] = q;
  if (x < margin - 0.5 || y < margin - 0.5 || x > view.width - 0.5 - margin || y > view.height - 0.5 - margin) return false;
  if (view.circle && Math.hypot(x - view.circle.cx, y - view.circle.cy) > view.circle.r - margin) return false;
  for (const s of view.shutters) if (s.nx * x + s.ny * y > s.c - margin) return false;
  return true;
}

/**
 * The visible pixels of row `y` (margin 0): [x0, x1] inclusive, or null.
 * The field is convex (image ∩ circle ∩ half-planes), so one span per row.
 */
export function visibleSpan(view: View, y: number): [number, number] | null {
  let x0 = 0, x1 = view.width - 1;
  if (view.circle) {
    const dy = y - view.circle.cy, r2 = view.circle.r * view.circle.r - dy * dy;
    if (r2 < 0) return null;
    const h = Math.sqrt(r2);
    x0 = Math.max(x0, Math.ceil(view.circle.cx - h)); x1 = Math.min(x1, Math.floor(view.circle.cx + h));
  }
  for (const s of view.shutters) {
    // nx·x + ny·y ≤ c
    const rest = s.c - s.ny * y;
    if (Math.abs(s.nx) < 1e-12) { if (rest < 0) return null; continue; }
    const b = rest / s.nx;
    if (s.nx > 0) x1 = Math.min(x1, Math.floor(b)); else x0 = Math.max(x0, Math.ceil(b));
  }
  return x1 >= x0 ? [x0, x1] : null;
}

export interface ViewOptions {
  width: number;
  height: number;
  /** Fluoroscopy (circle, pincushion) or a plain radiograph (rectangle). */
  fluoro: boolean;
  /** Heavy noise and blur, metal, black edges, partial fields. */
  hard: boolean;
  /** Fixed values instead of random ones. */
  facing?: 1 | -1;
  rotationDeg?: number;
  spacingMm?: number;
  /** Pincushion k1 (0 = none). */
  k1?: number;
  /** Levels to frame (most caudal L3..S1, most cranial T9..L2); random when absent. */
  caudal?: string;
  cranial?: string;
  /** Probability of collimator shutters (default 0.3, 0.8 when hard). */
  shutterChance?: number;
}

const CAUDAL = ['L3', 'L4', 'L5', 'S1'] as const;
const CRANIAL = ['T9', 'T10', 'T11', 'T12', 'L1', 'L2'] as const;
const ORDER = ['T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1'];

/** Draws a view that shows from a cranial level in T9..L2 to a caudal one in L3..S1. */
export function sampleView(rng: Rng, anatomy: Anatomy, o: ViewOptions): View {
  const { width, height } = o;
  const caudal = o.caudal ?? (rng.chance(0.45) ? 'S1' : rng.pick(CAUDAL));
  const ci = ORDER.indexOf(caudal);
  const cranialChoices = CRANIAL.filter((l) => ci - ORDER.indexOf(l) + 1 >= 5);
  const cranial = o.cranial ?? rng.pick(cranialChoices.length ? cranialChoices : ['T9']);
  const top = anatomy.vertebrae.find((v) => v.label === cranial)!;
  const bottom = anatomy.vertebrae.find((v) => v.label === caudal)!;
  const pTop = lerp(top.corners[0], top.corners[1], 0.5);
  const pBot = caudal === 'S1' ? lerp(bottom.corners[0], bottom.corners[1], 0.5) : lerp(bottom.corners[2], bottom.corners[3], 0.5);
  const lengthMm = Math.hypot(pTop[0] - pBot[0], pTop[1] - pBot[1]) + 2 * rng.uniform(8, 20);
  const circle = o.fluoro
    ? { cx: (width - 1) / 2 + rng.normal(0, 0.01) * width, cy: (height - 1) / 2 + rng.normal(0, 0.01) * height, r: (Math.min(width, height) / 2) * rng.uniform(0.92, 1.15) }
    : null;
  const usable = circle ? Math.min(2 * circle.r, Math.hypot(width, height) * 0.7, Math.max(width, height)) : Math.min(width, height) * (height > width ? height / width : 1);
  const k1 = o.k1 ?? (o.fluoro ? rng.uniform(0, o.hard ? 0.14 : 0.09) : 0);
  // Pincushion pushes the periphery outwards: keep the spine inside.
  const spacingMm = o.spacingMm ?? lengthMm / (usable * rng.uniform(o.cranial ? 0.75 : 0.85, o.cranial ? 0.92 : 1.1) / (1 + k1));
  const rotationDeg = o.rotationDeg ?? (rng.chance(0.5) ? Math.max(-30, Math.min(30, rng.normal(0, 5))) : rng.uniform(-30, 30));
  const facing = o.facing ?? (rng.chance(0.5) ? 1 : -1);
  const view: View = {
    width, height, spacingMm, facing, rotationDeg, originPx: [0, 0],
    distortion: identityDistortion(width, height), circle, shutters: [],
  };
  // Centre the chosen levels' bodies (shifted posteriorly a little at times to show more posterior elements).
  const mid = lerp(pTop, pBot, 0.5);
  const ap = rng.uniform(-25, 10);
  const centre: Vec = [mid[0] + ap, mid[1]];
  const cPx = toPixel(view, centre);
  const jitter = o.hard && rng.chance(0.6) ? 0.28 : 0.05;
  const fieldC: Vec = circle ? [circle.cx, circle.cy] : [(width - 1) / 2, (height - 1) / 2];
  view.originPx = [fieldC[0] - cPx[0] + rng.normal(0, jitter) * width, fieldC[1] - cPx[1] + rng.normal(0, jitter) * height];
  view.distortion = circle
    ? { cx: circle.cx + rng.normal(0, 0.01) * width, cy: circle.cy + rng.normal(0, 0.01) * height, radius: Math.hypot(width, height) / 2, k1, k2: k1 * rng.uniform(-0.1, 0.2) }
    : identityDistortion(width, height);
  if (rng.chance(o.shutterChance ?? (o.hard ? 0.8 : 0.3))) view.shutters = sampleShutters(rng, width, height, o.hard);
  return view;
}

/** One or two pairs of straight blades, slightly rotated, covering the field's margins. */
function sampleShutters(rng: Rng, width: number, height: number, hard: boolean): Shutter[] {
  const out: Shutter[] = [];
  const cx = (width - 1) / 2, cy = (height - 1) / 2;
  const turn = rng.normal(0, 6) * DEG;
  const pairs = rng.chance(0.5) ? [0, 90] : [rng.chance(0.5) ? 0 : 90];
  for (const base of pairs) {
    for (const sign of [1, -1]) {
      const a = base * DEG + turn + (sign < 0 ? Math.PI : 0);
      const nx = Math.cos(a), ny = Math.sin(a);
      const half = (base === 0 ? width : height) / 2;
      const dist = half * rng.uniform(hard ? 0.5 : 0.7, 0.98);
      out.push({ nx, ny, c: nx * cx + ny * cy + dist });
    }
  }
  return out;
}
