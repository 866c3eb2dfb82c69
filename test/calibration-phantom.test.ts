/**
 * Calibration on the phantom (server/phantom): one C-arm with a typical
 * image-intensifier pincushion, its bead-plate image fitted by fitGrid, and
 * patients imaged through it. Checks the done-criteria of issue 8: truth
 * corners corrected with the FITTED profile give the truth's `patient` angles
 * within 0.5° (errors without calibration printed for docs/calibration.md),
 * and orientation + horizontal reference on rotated and mirrored frames.
 */
import { describe, expect, it } from 'vitest';
import {
  correctCorners, findFieldOfView, horizontalDeg, identityProfile, orientImage, pointMaps, withHorizontal,
  type CalibrationProfile, type Orientation,
} from '../calibration/index.js';
import { fitGrid } from '../calibration/src/fit.js';
import { orientationAffine, applyAffine, resample } from '../calibration/src/orient.js';
import { computeAngles } from '../server/measure/angles.js';
import type { RadialDistortion } from '../server/geometry/distortion.js';
import { distortPoint } from '../server/geometry/distortion.js';
import type { GrayImage } from '../server/image/types.js';
import { buildAnatomy, computeTruth, createRng, renderStill, samplePatient, sampleView } from '../server/phantom/index.js';
import { DEFAULT_GRID, renderGrid } from '../server/phantom/grid.js';
import type { Point } from '../server/spec/labels.js';

const W = 1024, H = 1024;
/** The C-arm: pincushion k1 0.08 (typical image intensifier, R the half-diagonal), centre a little off the circle's. */
const CARM: RadialDistortion = { cx: 515, cy: 505, radius: Math.hypot(W, H) / 2, k1: 0.08, k2: 0.008 };
const CIRCLE = { cx: 511.5, cy: 510, r: 505 };
const MAIN = ['L1L5', 'L1S1', 'SS'] as const;

/** 8-bit copy of a phantom still (what a capture delivers). */
function to8(img: GrayImage<Float32Array>): GrayImage<Uint8Array> {
  return { width: img.width, height: img.height, data: Uint8Array.from(img.data, (v) => (v === v ? Math.round(255 * Math.min(1, Math.max(0, v))) : 0)) };
}

/** What a display with orientation⁻¹ shows: displayed pixel x holds upright pixel O(x). */
function display<T extends GrayImage['data']>(o: Orientation, upright: GrayImage<T>): GrayImage<T> {
  const size = o.rotateDeg % 180 ? { width: upright.height, height: upright.width } : { width: upright.width, height: upright.height };
  const m = orientationAffine(o, size);
  return resample(upright, size, (x, y) => applyAffine(m, [x, y]));
}

describe('calibration on phantom patients imaged through one C-arm', () => {
  it('gives the patient angles within 0.5° from truth corners and the fitted profile (80 patients)', () => {
    const grid = renderGrid({ ...DEFAULT_GRID, distortion: CARM, fieldOfView: { cx: CIRCLE.cx, cy: CIRCLE.cy, radius: CIRCLE.r }, missing: 0.05, noiseSd: 0.03 });
    const fit = fitGrid(grid.image, { spacingMm: 10 });
    const worst = { corrected: [0, 0, 0], raw: [0, 0, 0], rawTiltKnown: [0, 0, 0], correctedDiscs: 0, rawDiscs: 0 };
    let measured = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const rng = createRng(seed);
      const anatomy = buildAnatomy(samplePatient(rng.fork(1)), seed);
      const view = sampleView(rng.fork(4), anatomy, { width: W, height: H, fluoro: true, hard: false });
      view.distortion = CARM;
      view.circle = CIRCLE;
      const truth = computeTruth(anatomy, view);
      const profile: CalibrationProfile = { ...identityProfile(W, H, 'C-arm'), distortion: fit.distortion, horizontal: { source: 'tilt', tiltDeg: view.rotationDeg } };
      const corrected = computeAngles(correctCorners(profile, truth.vertebrae), { horizontalDeg: horizontalDeg(profile) }).angles;
      const rawTiltKnown = computeAngles(truth.vertebrae, { horizontalDeg: view.rotationDeg }).angles;
      MAIN.forEach((k, n) => {
        if (truth.patient[k] === undefined) return;
        measured++;
        worst.corrected[n] = Math.max(worst.corrected[n]!, Math.abs(corrected[k]! - truth.patient[k]!));
        worst.raw[n] = Math.max(worst.raw[n]!, Math.abs(truth.angles[k]! - truth.patient[k]!));
        worst.rawTiltKnown[n] = Math.max(worst.rawTiltKnown[n]!, Math.abs(rawTiltKnown[k]! - truth.patient[k]!));
      });
      for (const k of Object.keys(truth.patient).filter((a) => a.startsWith('disc:'))) {
        worst.correctedDiscs = Math.max(worst.correctedDiscs, Math.abs(corrected[k]! - truth.patient[k]!));
        worst.rawDiscs = Math.max(worst.rawDiscs, Math.abs(truth.angles[k]! - truth.patient[k]!));
      }
    }
    const row = (v: number[]) => Object.fromEntries(MAIN.map((k, n) => [k, Number(v[n]!.toFixed(3))]));
    console.log(`grid fit: k1 ${fit.distortion.k1.toFixed(4)} (true ${CARM.k1}), RMS ${fit.report.rmsPx.toFixed(3)} px; ${measured} angles measured`);
    console.table({ corrected: row(worst.corrected), 'raw (no profile)': row(worst.raw), 'raw, tilt known': row(worst.rawTiltKnown) });
    console.log(`worst disc angle error: corrected ${worst.correctedDiscs.toFixed(3)}°, raw ${worst.rawDiscs.toFixed(3)}°`);
    expect(measured).toBeGreaterThan(60);
    for (const e of worst.corrected) expect(e).toBeLessThan(0.5);
    expect(worst.correctedDiscs).toBeLessThan(0.5);
    expect(Math.max(...worst.rawTiltKnown)).toBeGreaterThan(0.5); // the distortion alone is worth correcting
  });
});

describe('rotated and mirrored phantom frames', () => {
  // One fluoroscopy still with S1 in view and a clear in-plane rotation (its true horizontal).
  const still = renderStill({ seed: 5, width: W, height: H, fluoro: true, k1: 0.08, hard: false, rotationDeg: 14, lordosisDeg: 50 });
  const upright = to8(still.image);
  const d = still.view.distortion, c = still.view.circle!;
  const gridUpright = renderGrid({ ...DEFAULT_GRID, distortion: d, fieldOfView: { cx: c.cx, cy: c.cy, radius: c.r }, noiseSd: 0.03, missing: 0.03 }).image;

  it('turns every display upright, finds the circle and recovers the patient angles and horizontal', () => {
    expect(still.truth.patient!.SS).toBeDefined();
    // Each quarter turn once, mirrored half of the time (the 8 combinations are covered on points in calibration-correct).
    for (const [rotateDeg, mirror] of [[0, false], [90, true], [180, true], [270, false]] as const) {
      const o: Orientation = { rotateDeg, fineDeg: 0, mirror };
      const shown = display(o, upright), gridShown = display(o, gridUpright);
      // The grid is imaged through the same display: the fit is in displayed pixels.
      const fit = fitGrid(gridShown, { spacingMm: 10 });
      let profile: CalibrationProfile = { ...identityProfile(shown.width, shown.height, 'shown'), orientation: o, distortion: fit.distortion, fieldOfView: fit.fieldOfView, horizontal: { source: 'tilt', tiltDeg: still.view.rotationDeg } };
      const maps = pointMaps(profile);
      // orientImage undoes the display exactly.
      expect(Buffer.from(orientImage(profile, shown).data).equals(Buffer.from(upright.data))).toBe(true);
      // The intensifier circle, found on the displayed frame, is the truth's circle moved by the display.
      const fov = findFieldOfView(shown)!;
      const centre = maps.display([c.cx, c.cy]);
      expect(Math.hypot(fov.cx - centre[0], fov.cy - centre[1])).toBeLessThan(2);
      expect(Math.abs(fov.radius - c.r)).toBeLessThan(2);
      // Truth corners as displayed → seen by the pipeline on the upright frame → corrected.
      const seen = still.truth.vertebrae.map((v) => ({ ...v, corners: v.corners.map((p) => (p ? maps.orient(maps.display(p)) : null)) }));
      const got = computeAngles(correctCorners(profile, seen), { horizontalDeg: horizontalDeg(profile) }).angles;
      for (const k of MAIN) expect(Math.abs(got[k]! - still.truth.patient![k]!)).toBeLessThan(0.5);
      // The same SS with the horizontal drawn as a line along the true horizontal, on the displayed frame (as distorted).
      const t = (still.view.rotationDeg * Math.PI) / 180;
      const along = ([x, y]: Point, s: number): Point => [x + s * Math.cos(t), y + s * Math.sin(t)];
      const line = [along([500, 700], -300), along([500, 700], 300)].map((p) => maps.display(distortPoint(d, p)));
      profile = withHorizontal(profile, { source: 'line', space: 'displayed', points: [line[0]!, line[1]!] });
      expect(Math.abs(horizontalDeg(profile) - still.view.rotationDeg)).toBeLessThan(0.1);
      const ss = computeAngles(correctCorners(profile, seen), { horizontalDeg: horizontalDeg(profile) }).angles.SS!;
      expect(Math.abs(ss - still.truth.patient!.SS!)).toBeLessThan(0.5);
    }
  });
});
