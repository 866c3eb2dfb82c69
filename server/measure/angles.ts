/**
 * The angles of the spec (`docs/landmarks.md`), from labelled corners.
 * Pure functions; degrees out, image pixels in.
 */
import { indexOfLabel, LABELS, type Point } from '../spec/labels.js';

/** What the angle code needs of a vertebra: its label and SA, SP, IP, IA (null when unknown). */
export interface LabelledCorners {
  readonly label: string;
  readonly corners: readonly (Point | null)[];
  /** Optional per-corner spread in pixels (√((σx²+σy²)/2)); used for the angle SDs. */
  readonly spread?: readonly (number | null)[] | undefined;
}

export interface AngleOptions {
  /** Angle of the horizontal reference line to the image x axis, degrees (image axes: y down). Default 0. */
  readonly horizontalDeg?: number;
}

/** One endplate: anterior and posterior points plus their spreads (px, 0 when unknown). */
interface Endplate { a: Point; p: Point; sa: number; sp: number }

const DEG = 180 / Math.PI;

function cross(u: Point, v: Point): number { return u[0] * v[1] - u[1] * v[0]; }
function dot(u: Point, v: Point): number { return u[0] * v[0] + u[1] * v[1]; }
function sub(u: Point, v: Point): Point { return [u[0] - v[0], u[1] - v[1]]; }

/** Mean of the known corners, or null when none is known. */
export function centroid(corners: readonly (Point | null)[]): Point | null {
  let x = 0, y = 0, n = 0;
  for (const c of corners) if (c) { x += c[0]; y += c[1]; n++; }
  return n ? [x / n, y / n] : null;
}

function endplate(v: LabelledCorners, which: 'superior' | 'inferior'): Endplate | null {
  const [ia, ip] = which === 'superior' ? [0, 1] : [3, 2];
  const a = v.corners[ia], p = v.corners[ip];
  if (!a || !p) return null;
  return { a, p, sa: v.spread?.[ia] ?? 0, sp: v.spread?.[ip] ?? 0 };
}

/** d(E) = A − P. */
function direction(e: Endplate): Point { return sub(e.a, e.p); }

/** Vertebrae sorted cranial to caudal, unknown labels dropped. */
function sortByLevel(vertebrae: readonly LabelledCorners[]): LabelledCorners[] {
  return vertebrae.filter((v) => indexOfLabel(v.label) >= 0).sort((a, b) => indexOfLabel(a.label) - indexOfLabel(b.label));
}

/**
 * Handedness h = sign(cross(s, d)): s from the caudal-most to the cranial-most
 * centroid, d the sum of unit superior-endplate directions. 0 when undefined.
 */
export function handedness(vertebrae: readonly LabelledCorners[]): number {
  const sorted = sortByLevel(vertebrae);
  const s = superiorAxis(sorted);
  return s ? handednessAlong(sorted, s) : 0;
}

/** sign(cross(s, d)) with d the sum of the unit superior-endplate directions of `sorted`. */
function handednessAlong(sorted: readonly LabelledCorners[], s: Point): number {
  let dx = 0, dy = 0;
  for (const v of sorted) {
    const e = endplate(v, 'superior');
    if (!e) continue;
    const d = direction(e), n = Math.hypot(d[0], d[1]);
    if (n > 0) { dx += d[0] / n; dy += d[1] / n; }
  }
  return Math.sign(cross(s, [dx, dy]));
}

/** s of the handedness: cranial-most minus caudal-most centroid of `sorted` (cranial first); null when undefined. */
function superiorAxis(sorted: readonly LabelledCorners[]): Point | null {
  if (sorted.length < 2) return null;
  const top = centroid(sorted[0]!.corners), bottom = centroid(sorted[sorted.length - 1]!.corners);
  return top && bottom ? sub(top, bottom) : null;
}

/**
 * Labels of the vertebrae whose anterior and posterior corners are swapped
 * against the rest of the image: an endplate (superior, or inferior when
 * located) whose direction A − P gives sign(cross(s, d)) opposite to the
 * image's handedness. Every angle through such a vertebra would be off by
 * about 180° (a model confusing a near-symmetric body's front and back), so
 * the measurement withholds them. Empty when the handedness is undetermined.
 */
export function facingOutliers(vertebrae: readonly LabelledCorners[]): string[] {
  const sorted = sortByLevel(vertebrae);
  const s = superiorAxis(sorted);
  const h = s ? handednessAlong(sorted, s) : 0;
  if (!s || h === 0) return [];
  return vertebrae.filter((v) => (['superior', 'inferior'] as const).some((which) => {
    const e = endplate(v, which);
    return e !== null && Math.sign(cross(s, direction(e))) === -h;
  })).map((v) => v.label);
}

/** lordosis(U, L) = −h·atan2(cross(d(L), d(U)), dot(d(L), d(U))), degrees. */
export function lordosisDeg(upper: Point, lower: Point, h: number): number {
  return -h * Math.atan2(cross(lower, upper), dot(lower, upper)) * DEG;
}

/** SD (degrees) of the direction angle of an endplate from its corner spreads: √(σA²+σP²)/|A−P|. */
function endplateSdDeg(e: Endplate): number {
  const len = Math.hypot(e.a[0] - e.p[0], e.a[1] - e.p[1]);
  return len > 0 ? (Math.sqrt(e.sa * e.sa + e.sp * e.sp) / len) * DEG : Infinity;
}

function rotate(p: Point, cos: number, sin: number): Point {
  return [p[0] * cos - p[1] * sin, p[0] * sin + p[1] * cos];
}

export interface AngleResult {
  /** Angle name (`L1L5`, `L1S1`, `SS`, `disc:L4L5`, …) → degrees. */
  readonly angles: Record<string, number>;
  /** Same keys → SD in degrees propagated from the corner spreads (0 without spreads). */
  readonly sd: Record<string, number>;
  /** Angle name → why it could not be computed (a needed vertebra or endplate is missing). */
  readonly missing: Record<string, string>;
}

/**
 * Computes L1L5, L1S1, SS and every disc angle whose two vertebrae are present.
 * SS is measured against the reference line at `horizontalDeg` (corners rotated by −θ).
 */
export function computeAngles(vertebrae: readonly LabelledCorners[], options: AngleOptions = {}): AngleResult {
  const angles: Record<string, number> = {};
  const sd: Record<string, number> = {};
  const missing: Record<string, string> = {};
  const byLabel = new Map(vertebrae.map((v) => [v.label, v]));
  const enough = sortByLevel(vertebrae).length >= 2;
  const h = handedness(vertebrae);

  const need = (name: string, parts: [string, 'superior' | 'inferior'][]): Endplate[] | null => {
    const out: Endplate[] = [];
    for (const [label, which] of parts) {
      const v = byLabel.get(label);
      const e = v ? endplate(v, which) : null;
      if (!e) { missing[name] = v ? `${label} ${which} endplate not located` : `${label} not found in the image`; return null; }
      out.push(e);
    }
    if (!enough) { missing[name] = 'fewer than two vertebrae in view'; return null; }
    return out;
  };

  const lordosis = (name: string, upper: [string, 'superior' | 'inferior'], lower: [string, 'superior' | 'inferior']) => {
    const e = need(name, [upper, lower]);
    if (!e) return;
    if (h === 0) { missing[name] = 'spine orientation undetermined'; return; }
    angles[name] = lordosisDeg(direction(e[0]!), direction(e[1]!), h);
    sd[name] = Math.hypot(endplateSdDeg(e[0]!), endplateSdDeg(e[1]!));
  };

  lordosis('L1L5', ['L1', 'superior'], ['L5', 'inferior']);
  lordosis('L1S1', ['L1', 'superior'], ['S1', 'superior']);

  const s1 = need('SS', [['S1', 'superior']]);
  if (s1) {
    const t = -(options.horizontalDeg ?? 0) / DEG;
    const cos = Math.cos(t), sin = Math.sin(t);
    const a = rotate(s1[0]!.a, cos, sin), p = rotate(s1[0]!.p, cos, sin);
    angles.SS = Math.atan2(a[1] - p[1], Math.abs(a[0] - p[0])) * DEG;
    sd.SS = endplateSdDeg(s1[0]!);
  }

  for (let i = 0; i + 1 < LABELS.length; i++) {
    const up = LABELS[i]!, low = LABELS[i + 1]!;
    if (!byLabel.has(up) || !byLabel.has(low)) continue;
    lordosis(`disc:${up}${low}`, [up, 'inferior'], [low, 'superior']);
  }
  return { angles, sd, missing };
}
