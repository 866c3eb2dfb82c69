/**
 * L1–L5 and L1–S1 across two consecutive shots when neither shows the whole
 * lumbar spine (a lateral field often misses L1 or S1). Method:
 * 1. the shots must share at least two vertebrae with both endplates;
 * 2. the C-arm's in-plane rotation between them is the circular mean of the
 *    direction changes of the shared endplates (A − P);
 * 3. the shared anatomy must agree after that rotation: every shared
 *    endplate within `maxResidualDeg` (else the spine moved between the shots
 *    and nothing is combined), and both shots must face the same way;
 * 4. the missing endplate is taken from the other shot, rotated into the
 *    current one, and the angle computed as the spec's lordosis. Its SD adds
 *    the endplates' SDs and the rotation's standard error.
 * Pure; angles in degrees, corners in each shot's own pixels.
 */
import { handedness, lordosisDeg, type LabelledCorners } from './angles.js';
import type { Point } from '../spec/labels.js';

export interface CombinedAngle { readonly value: number; readonly sd: number; readonly shared: readonly string[] }

export interface CombineOptions {
  /** Largest disagreement of a shared endplate after the rotation, degrees. Default 3. */
  readonly maxResidualDeg?: number;
}

const DEG = 180 / Math.PI;
type Plate = { dir: Point; sdDeg: number };

function plate(v: LabelledCorners | undefined, which: 'superior' | 'inferior'): Plate | null {
  if (!v) return null;
  const [ia, ip] = which === 'superior' ? [0, 1] : [3, 2];
  const a = v.corners[ia], p = v.corners[ip];
  if (!a || !p) return null;
  const len = Math.hypot(a[0] - p[0], a[1] - p[1]);
  if (len === 0) return null;
  const sa = v.spread?.[ia] ?? 0, sp = v.spread?.[ip] ?? 0;
  return { dir: [a[0] - p[0], a[1] - p[1]], sdDeg: (Math.hypot(sa, sp) / len) * DEG };
}

const angleOf = (d: Point): number => Math.atan2(d[1], d[0]);
const wrap = (a: number): number => Math.atan2(Math.sin(a), Math.cos(a));
const rotate = (d: Point, t: number): Point => [d[0] * Math.cos(t) - d[1] * Math.sin(t), d[0] * Math.sin(t) + d[1] * Math.cos(t)];

/**
 * The angles `cur` cannot measure on its own (L1L5, L1S1) from `cur` plus
 * `prev`, or an empty record when the shots cannot be combined.
 */
export function combineShots(prev: readonly LabelledCorners[], cur: readonly LabelledCorners[], o: CombineOptions = {}): Record<string, CombinedAngle> {
  const P = new Map(prev.map((v) => [v.label, v])), C = new Map(cur.map((v) => [v.label, v]));
  const shared = [...C.keys()].filter((l) => P.has(l) && plate(P.get(l), 'superior') && plate(P.get(l), 'inferior') && plate(C.get(l), 'superior') && plate(C.get(l), 'inferior'));
  if (shared.length < 2) return {};
  const hp = handedness(prev), hc = handedness(cur);
  if (hp === 0 || hp !== hc) return {};
  const diffs: number[] = [];
  for (const l of shared) for (const w of ['superior', 'inferior'] as const) diffs.push(wrap(angleOf(plate(C.get(l), w)!.dir) - angleOf(plate(P.get(l), w)!.dir)));
  const rot = Math.atan2(diffs.reduce((s, d) => s + Math.sin(d), 0), diffs.reduce((s, d) => s + Math.cos(d), 0));
  const residuals = diffs.map((d) => Math.abs(wrap(d - rot)) * DEG);
  if (Math.max(...residuals) > (o.maxResidualDeg ?? 3)) return {};
  const rotSe = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / Math.max(1, diffs.length - 1) / diffs.length);

  const find = (label: string, which: 'superior' | 'inferior'): Plate | null => {
    const c = plate(C.get(label), which);
    if (c) return c;
    const p = plate(P.get(label), which);
    return p ? { dir: rotate(p.dir, rot), sdDeg: Math.hypot(p.sdDeg, rotSe) } : null;
  };
  const out: Record<string, CombinedAngle> = {};
  for (const [name, low, lowWhich] of [['L1L5', 'L5', 'inferior'], ['L1S1', 'S1', 'superior']] as const) {
    if (plate(C.get('L1'), 'superior') && plate(C.get(low), lowWhich)) continue; // measurable in this shot alone
    const u = find('L1', 'superior'), l = find(low, lowWhich);
    if (!u || !l) continue;
    out[name] = { value: lordosisDeg(u.dir, l.dir, hc), sd: Math.hypot(u.sdDeg, l.sdDeg), shared };
  }
  return out;
}
