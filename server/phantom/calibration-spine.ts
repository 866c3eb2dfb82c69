/**
 * Synthetic lumbar spines for calibration tests: corner sets of L1–S1 with
 * known anatomy, pushed through a known acquisition (C-arm tilt, image
 * intensifier distortion, display rotation/mirror), with their `patient`
 * angles. Geometry only (no pixels): the stills renderer of the phantom
 * draws images; this tests the calibration math exactly.
 */
import { computeAngles, type LabelledCorners } from '../measure/angles.js';
import { distortPoint, type RadialDistortion } from '../geometry/distortion.js';
import type { Point } from '../spec/labels.js';

export interface SpineAnatomy {
  /** Sacral slope and L1–S1 lordosis of the anatomy, degrees. */
  readonly ssDeg: number;
  readonly l1s1Deg: number;
  /** Anterior direction: +1 faces right (+x), −1 faces left. */
  readonly facing: 1 | -1;
  /** Centre of S1's superior endplate, pixels; vertebral body width/height and disc height, pixels. */
  readonly base: Point;
  readonly width: number;
  readonly height: number;
  readonly disc: number;
}

export const DEFAULT_SPINE: SpineAnatomy = { ssDeg: 38, l1s1Deg: 50, facing: 1, base: [560, 760], width: 90, height: 64, disc: 16 };

/**
 * Upright corners (true horizontal = image x axis) of L1..L5 and S1. Endplate
 * tilts grow linearly from S1 (−SS) to L1 (L1S1 − SS); S1 keeps only SA, SP.
 */
export function spineCorners(a: SpineAnatomy = DEFAULT_SPINE): LabelledCorners[] {
  const labels = ['S1', 'L5', 'L4', 'L3', 'L2', 'L1'];
  const out: LabelledCorners[] = [];
  const rad = Math.PI / 180;
  // S1: superior endplate centred on base, tilted by −SS (anterior lower).
  const tiltS1 = -a.ssDeg;
  const dir = (t: number): Point => [a.facing * Math.cos(t * rad), -Math.sin(t * rad)]; // anterior unit vector
  const up = (t: number): Point => { const d = dir(t); return [a.facing * d[1], -a.facing * d[0]]; }; // cranial unit vector
  const at = (c: Point, u: Point, v: Point, s: number, t: number): Point => [c[0] + u[0] * s + v[0] * t, c[1] + u[1] * s + v[1] * t];
  const d0 = dir(tiltS1);
  out.push({ label: 'S1', corners: [at(a.base, d0, [0, 0], a.width / 2, 0), at(a.base, d0, [0, 0], -a.width / 2, 0), null, null] });
  let top: Point = a.base, topTilt = tiltS1;
  for (let k = 1; k < labels.length; k++) {
    const tilt = tiltS1 + (a.l1s1Deg * k) / (labels.length - 1);
    const mid = (topTilt + tilt) / 2; // the disc leans half-way between its endplates
    const low: Point = at(top, up(mid), [0, 0], a.disc, 0); // centre of this vertebra's inferior endplate
    const d = dir(tilt), u = up(tilt);
    const high = at(low, u, [0, 0], a.height, 0);
    out.push({ label: labels[k]!, corners: [at(high, d, [0, 0], a.width / 2, 0), at(high, d, [0, 0], -a.width / 2, 0), at(low, d, [0, 0], -a.width / 2, 0), at(low, d, [0, 0], a.width / 2, 0)] });
    top = high; topTilt = tilt;
  }
  return out.reverse();
}

/** Applies a point map to every known corner. */
export function mapCorners(vs: readonly LabelledCorners[], f: (p: Point) => Point): LabelledCorners[] {
  return vs.map((v) => ({ label: v.label, corners: v.corners.map((c) => (c ? f(c) : null)) }));
}

/** Rotation by `deg` (clockwise on screen, y down) about `c`. */
export function rotateAbout(c: Point, deg: number): (p: Point) => Point {
  const t = (deg * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t);
  return (p) => { const x = p[0] - c[0], y = p[1] - c[1]; return [c[0] + x * cos - y * sin, c[1] + x * sin + y * cos]; };
}

export interface AcquiredSpine {
  /** Corners as the displayed (distorted) frame shows them. */
  readonly displayed: LabelledCorners[];
  /** The anatomy's angles (upright, undistorted, true horizontal). */
  readonly patient: Record<string, number>;
}

/**
 * Pushes upright anatomy through a C-arm tilt of `tiltDeg` about the frame
 * centre, then `toDisplayed` (the inverse of the display orientation; identity
 * when the display shows the spine upright), then the intensifier distortion.
 */
export function acquireSpine(anatomy: readonly LabelledCorners[], size: { width: number; height: number }, distortion: RadialDistortion, tiltDeg = 0, toDisplayed: (p: Point) => Point = (p) => p): AcquiredSpine {
  const tilt = rotateAbout([(size.width - 1) / 2, (size.height - 1) / 2], tiltDeg);
  const displayed = mapCorners(anatomy, (p) => distortPoint(distortion, toDisplayed(tilt(p))));
  return { displayed, patient: computeAngles(anatomy).angles };
}
