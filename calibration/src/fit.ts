/**
 * Fits the shared radial distortion model to an image of a calibration grid:
 * detect nodes → index the lattice → Levenberg–Marquardt on
 * displayed = distort(c, k1, k2; o + i·a + j·b), the lattice origin o and
 * steps a, b (an affine lattice: a plate slightly tilted to the beam is
 * allowed) being nuisance parameters, outliers dropped and refitted. A grid
 * that cannot give a trustworthy fit is refused with a reason.
 */
import { distortPoint, type RadialDistortion } from '../../server/geometry/distortion.js';
import type { GrayImage } from '../../server/image/types.js';
import { detectBlobs, type Blob } from './blobs.js';
import { findFieldOfView } from './fov.js';
import { median } from './image-ops.js';
import { indexLattice, type IndexedPoint } from './lattice.js';
import { levenbergMarquardt } from './lm.js';
import type { FieldOfView, GridFitReport } from './profile.js';

/** Why a grid was refused (stable codes; the message gives the numbers). */
export const REFUSALS = {
  tooFewPoints: 'too-few-points',
  noLattice: 'no-lattice',
  tooLittleCoverage: 'too-little-coverage',
  tooManyOutliers: 'too-many-outliers',
  residualTooHigh: 'residual-too-high',
  implausibleDistortion: 'implausible-distortion',
} as const;
export type RefusalCode = (typeof REFUSALS)[keyof typeof REFUSALS];

export class CalibrationRefused extends Error {
  constructor(readonly code: RefusalCode, message: string) {
    super(`grid refused (${code}): ${message}`);
    this.name = 'CalibrationRefused';
  }
}

export interface GridFitOptions {
  /** Pitch of the grid on the plate, millimetres. */
  readonly spacingMm: number;
  readonly kind?: 'beads' | 'wires';
  /** Fewest indexed nodes accepted (default 25). */
  readonly minPoints?: number;
  /** Largest RMS and maximum residual accepted, displayed pixels (defaults 0.75 and 3). */
  readonly maxRmsPx?: number;
  readonly maxResidualPx?: number;
}

export interface FittedNode extends IndexedPoint {
  /** Residual of the final fit, pixels; `used` false for a rejected outlier. */
  readonly residualPx: number;
  readonly used: boolean;
}

export interface GridFit {
  readonly distortion: RadialDistortion;
  readonly fieldOfView: FieldOfView | null;
  /** Lattice on the plate (undistorted pixels): node (i, j) at o + i·a + j·b. */
  readonly lattice: { readonly o: readonly [number, number]; readonly a: readonly [number, number]; readonly b: readonly [number, number] };
  readonly pixelSpacingMm: number;
  readonly report: GridFitReport;
  readonly nodes: FittedNode[];
  readonly detections: Blob[];
}

const KEEP_CENTRE = 0.01; // weight of the soft prior holding the centre near the field centre (px residual per px)

function model(p: Float64Array, R: number, i: number, j: number): [number, number] {
  const d: RadialDistortion = { cx: p[0]!, cy: p[1]!, radius: R, k1: p[2]!, k2: p[3]! };
  const q = distortPoint(d, [p[4]! + i * p[6]! + j * p[8]!, p[5]! + i * p[7]! + j * p[9]!]);
  return [q[0], q[1]];
}

/** Affine least squares of node positions on (1, i, j): the start of the lattice. */
function affineStart(nodes: readonly IndexedPoint[]): number[] {
  const A = new Float64Array(9), bx = new Float64Array(3), by = new Float64Array(3);
  for (const n of nodes) {
    const f = [1, n.i, n.j];
    for (let u = 0; u < 3; u++) { for (let v = 0; v < 3; v++) A[u * 3 + v] = A[u * 3 + v]! + f[u]! * f[v]!; bx[u] = bx[u]! + f[u]! * n.x; by[u] = by[u]! + f[u]! * n.y; }
  }
  const inv = (b: Float64Array) => {
    const M = [...A], y = [...b];
    for (let c = 0; c < 3; c++) for (let r = c + 1; r < 3; r++) { const f = M[r * 3 + c]! / M[c * 3 + c]!; for (let k = c; k < 3; k++) M[r * 3 + k]! -= f * M[c * 3 + k]!; y[r]! -= f * y[c]!; }
    const x = [0, 0, 0];
    for (let r = 2; r >= 0; r--) { let s = y[r]!; for (let k = r + 1; k < 3; k++) s -= M[r * 3 + k]! * x[k]!; x[r] = s / M[r * 3 + r]!; }
    return x;
  };
  const [ox, ax, bxx] = inv(bx), [oy, ay, byy] = inv(by);
  return [ox!, oy!, ax!, ay!, bxx!, byy!];
}

/** Beads or crossings on the frame; a second pass with a window matched to big beads. */
function detectNodes(img: GrayImage, kind: 'beads' | 'wires', fov: FieldOfView | null): Blob[] {
  const first = detectBlobs(img, { kind, fieldOfView: fov, backgroundRadius: 10 });
  const beadR = Math.sqrt(median(first.map((b) => b.area)) / Math.PI);
  return kind === 'beads' && beadR > 4 ? detectBlobs(img, { kind, fieldOfView: fov, backgroundRadius: Math.round(2.5 * beadR) }) : first;
}

/** LM fit with outlier rounds: parameters [cx, cy, k1, k2, ox, oy, ax, ay, bx, by], the nodes kept, every node's residual. */
function fitModel(indexed: readonly IndexedPoint[], R: number, c0: readonly [number, number], fixed: number[], reach: number) {
  let used = indexed.slice();
  let p: Float64Array = Float64Array.from([c0[0], c0[1], 0, 0, ...affineStart(used.filter((n) => Math.hypot(n.x - c0[0], n.y - c0[1]) < 0.5 * reach))]);
  let residuals: number[] = [];
  for (let round = 0; round < 5; round++) {
    const nodes = used;
    const fn = (q: Float64Array) => {
      const r = new Float64Array(2 * nodes.length + 2);
      nodes.forEach((n, k) => { const m = model(q, R, n.i, n.j); r[2 * k] = n.x - m[0]; r[2 * k + 1] = n.y - m[1]; });
      r[2 * nodes.length] = KEEP_CENTRE * (q[0]! - c0[0]); r[2 * nodes.length + 1] = KEEP_CENTRE * (q[1]! - c0[1]);
      return r;
    };
    p = levenbergMarquardt(fn, p, { fixed, maxIterations: 60 }).params;
    const q = p;
    residuals = indexed.map((n) => { const m = model(q, R, n.i, n.j); return Math.hypot(n.x - m[0], n.y - m[1]); });
    const usedSet = new Set(used);
    const cut = Math.max(1, 4 * 1.4826 * median(indexed.filter((n) => usedSet.has(n)).map((n) => residuals[indexed.indexOf(n)]!)));
    const next = indexed.filter((_, k) => residuals[k]! <= cut);
    if (next.length === used.length && next.every((n, k) => n === used[k])) break;
    used = next;
  }
  return { p, used, residuals };
}

/** Throws CalibrationRefused when the fit cannot be trusted. */
function checkFit(d: RadialDistortion, usedRes: readonly number[], rejected: number, total: number, img: GrayImage, o: GridFitOptions, minPoints: number): void {
  const rmsPx = Math.sqrt(usedRes.reduce((s, v) => s + v * v, 0) / usedRes.length), maxPx = Math.max(...usedRes);
  if (usedRes.length < minPoints || rejected > 0.25 * total) throw new CalibrationRefused(REFUSALS.tooManyOutliers, `${rejected} of ${total} lattice nodes do not fit the model`);
  const maxRms = o.maxRmsPx ?? 0.75, maxRes = o.maxResidualPx ?? 3;
  if (rmsPx > maxRms || maxPx > maxRes) {
    throw new CalibrationRefused(REFUSALS.residualTooHigh, `residuals RMS ${rmsPx.toFixed(2)} px, max ${maxPx.toFixed(2)} px (limits ${maxRms} and ${maxRes} px): not a radial distortion of a regular grid`);
  }
  const rFar = Math.hypot(img.width, img.height) / d.radius;
  for (let s = 0; s <= 50; s++) {
    const r2 = (rFar * s / 50) ** 2;
    if (Math.abs(d.k1) > 0.4 || 1 + 3 * d.k1 * r2 + 5 * d.k2 * r2 * r2 <= 0) {
      throw new CalibrationRefused(REFUSALS.implausibleDistortion, `k1 = ${d.k1.toFixed(4)}, k2 = ${d.k2.toFixed(4)} would fold the image`);
    }
  }
}

/** Detects, indexes and fits a calibration grid image. Throws CalibrationRefused with the reason. */
export function fitGrid(img: GrayImage, options: GridFitOptions): GridFit {
  const kind = options.kind ?? 'beads', minPoints = options.minPoints ?? 25;
  const fov = findFieldOfView(img);
  const R = Math.hypot(img.width, img.height) / 2;
  const c0: [number, number] = fov ? [fov.cx, fov.cy] : [(img.width - 1) / 2, (img.height - 1) / 2];
  const detections = detectNodes(img, kind, fov);
  if (detections.length < minPoints) throw new CalibrationRefused(REFUSALS.tooFewPoints, `${detections.length} ${kind === 'beads' ? 'beads' : 'wire crossings'} found, at least ${minPoints} needed`);
  const indexed = indexLattice(detections, c0[0], c0[1]);
  if (indexed.length < minPoints) throw new CalibrationRefused(REFUSALS.noLattice, `only ${indexed.length} of ${detections.length} detections form a regular lattice, at least ${minPoints} needed`);
  const reach = Math.max(...indexed.map((n) => Math.hypot(n.x - c0[0], n.y - c0[1])));
  if (reach < 0.25 * R) throw new CalibrationRefused(REFUSALS.tooLittleCoverage, `the grid reaches ${reach.toFixed(0)} px from the centre, at least ${(0.25 * R).toFixed(0)} px (a quarter of the half-diagonal) needed to see the distortion`);
  const fixed = reach < 0.45 * R ? [3] : []; // k2 is not measurable over a small field

  const { p, used, residuals } = fitModel(indexed, R, c0, fixed, reach);
  const distortion: RadialDistortion = { cx: p[0]!, cy: p[1]!, radius: R, k1: p[2]!, k2: p[3]! };
  const usedSet = new Set(used);
  const usedRes = indexed.filter((n) => usedSet.has(n)).map((n) => residuals[indexed.indexOf(n)]!);
  const rejected = indexed.length - used.length;
  checkFit(distortion, usedRes, rejected, indexed.length, img, options, minPoints);
  const a: [number, number] = [p[6]!, p[7]!], b: [number, number] = [p[8]!, p[9]!];
  const maxDisplacementPx = Math.max(...used.map((n) => {
    const t: [number, number] = [p[4]! + n.i * a[0] + n.j * b[0], p[5]! + n.i * a[1] + n.j * b[1]];
    const q = distortPoint(distortion, t);
    return Math.hypot(q[0] - t[0], q[1] - t[1]);
  }));
  return {
    distortion, fieldOfView: fov,
    lattice: { o: [p[4]!, p[5]!], a, b },
    pixelSpacingMm: options.spacingMm / Math.sqrt(Math.abs(a[0] * b[1] - a[1] * b[0])),
    report: {
      spacingMm: options.spacingMm, points: used.length, rejected,
      rmsPx: Math.sqrt(usedRes.reduce((s, v) => s + v * v, 0) / usedRes.length), maxPx: Math.max(...usedRes),
      pitchPx: [Math.hypot(...a), Math.hypot(...b)], latticeDeg: (Math.atan2(a[1], a[0]) * 180) / Math.PI, maxDisplacementPx,
    },
    nodes: indexed.map((n, k) => ({ ...n, residualPx: residuals[k]!, used: usedSet.has(n) })),
    detections,
  };
}
