/** Every metric of `sagitta evaluate` on tiny hand-made truth/prediction pairs, worked by hand. */
import { describe, expect, it } from 'vitest';
import { cornerMetrics, extents } from '../server/evaluate/corners.js';
import { detects } from '../server/evaluate/detection.js';
import { insidePolygon } from '../server/geometry/polygon.js';
import { angleStats } from '../server/evaluate/angle-stats.js';
import { computeMetrics, type EvalImage } from '../server/evaluate/metrics.js';
import { computeAngles } from '../server/measure/angles.js';
import type { Point } from '../server/spec/labels.js';

// Truth L1: 10 wide, 20 high. Truth S1: endplate (0,30)–(10,30), y extent 0 → floored at 5.
const L1: Point[] = [[0, 0], [10, 0], [10, 20], [0, 20]];
const S1: (Point | null)[] = [[0, 30], [10, 30], null, null];
// Pred L1 step II errors: x 1, 2, 0, 0 px (10 %, 20 %, 0, 0); y 0, 0, 0, 4 px (0, 0, 0, 20 %).
const pL1 = { label: 'L1', corners: [[1, 0], [12, 0], [10, 20], [0, 24]] as Point[], score: 0.9, spread: [1.5, 1.5, 1, 1], stepI: { corners: [[3, 0], [13, 0], [13, 20], [3, 20]] as Point[] } };
// Pred S1: SA 1 px low (y error 1/5 = 20 %), SP exact.
const pS1 = { label: 'S1', corners: [[0, 31], [10, 30], null, null] as (Point | null)[], score: 0.8, spread: [1, null, null, null] };

describe('corner metrics (Table 1, PCK, spread honesty)', () => {
  const m = cornerMetrics([{ label: 'L1', truth: L1, pred: pL1 }, { label: 'S1', truth: S1, pred: pS1 }]);
  it('gives per-level medians after step I and II and the sample-weighted overall row', () => {
    // L1 x errors [10,20,0,0] → median (0+10)/2 = 5; y [0,0,0,20] → 0; step I x all 30 % → 30.
    expect(m.levels[0]).toEqual({ label: 'L1', samples: 1, medianXStepI: 30, medianXStepII: 5, medianYStepI: 0, medianYStepII: 0 });
    // S1 (SA, SP only): x [0,0] → 0; y [20,0] → 10. No step I given → step I = step II.
    expect(m.levels[1]).toEqual({ label: 'S1', samples: 1, medianXStepI: 0, medianXStepII: 0, medianYStepI: 10, medianYStepII: 10 });
    // Eq. 5–6: (5·1 + 0·1)/2 = 2.5 (x), (0 + 10)/2 = 5 (y); step I x (30 + 0)/2 = 15.
    expect(m.overall).toEqual({ samples: 2, medianXStepI: 15, medianXStepII: 2.5, medianYStepI: 5, medianYStepII: 5 });
    expect(extents('S1', S1)).toEqual({ x: 10, y: 5 });
  });
  it('computes PCK against the x extent', () => {
    // Euclidean errors: L1 [1, 2, 0, 4] (x extent 10), S1 [1, 0] (x extent 10).
    // 5 % → 0.5 px: 2 of 6 correct; 15 % → 1.5 px: 4 of 6; 45 % → 4.5 px: all (strictly under).
    expect(m.pck.overall[0]).toBe(33.33);
    expect(m.pck.overall[2]).toBe(66.67);
    expect(m.pck.overall[8]).toBe(100);
    expect(m.pck.perLevel.L1!.slice(0, 4)).toEqual([25, 25, 50, 50]);
  });
  it('counts corner errors within one and two spreads', () => {
    // (d, s): (1,1.5) (2,1.5) (0,1) (4,1) (1,1): within 1 spread 3/5, within 2 spreads 4/5; S1 SP has no spread.
    expect(m.spreadHonesty).toMatchObject({ corners: 5, within1: 60, within2: 80 });
    // ratios d/s: 0.667, 1.333, 0, 4, 1 → median 1 → scale 1/√(2 ln 2) = 0.849.
    expect(m.spreadHonesty.scale).toBeCloseTo(1 / Math.sqrt(2 * Math.LN2), 3);
  });
  it('treats a null predicted corner as an infinite error', () => {
    const r = cornerMetrics([{ label: 'L1', truth: L1, pred: { label: 'L1', corners: [null, [10, 0], [10, 20], [0, 20]] } }]);
    expect(r.levels[0]!.medianXStepII).toBe(0); // [∞, 0, 0, 0] → median 0
    expect(r.pck.overall[19]).toBe(75);
  });
});

describe('detection', () => {
  it('uses the centroid in the truth quadrilateral, and the ±25 % endplate rule for S1', () => {
    expect(insidePolygon([5, 10], L1)).toBe(true);
    expect(insidePolygon([11, 10], L1)).toBe(false);
    expect(detects('L1', L1, pL1)).toBe(true); // centroid (5.75, 11)
    expect(detects('L1', L1, { label: 'L1', corners: L1.map(([x, y]) => [x + 12, y] as Point) })).toBe(false);
    // S1 midpoint (5, 30.5) vs truth (5, 30): 0.5 ≤ 0.25·10 → detected; 3 px off → not.
    expect(detects('S1', S1, pS1)).toBe(true);
    expect(detects('S1', S1, { label: 'S1', corners: [[3, 30], [13, 30], null, null] })).toBe(false);
  });
});

describe('angle statistics', () => {
  it('gives median/max error, share over 5°, R², SD and Bland–Altman', () => {
    // d = pred − truth = [2, −1, 6, 0]; |d| = [2, 1, 6, 0] → median 1.5, max 6, over 5°: 25 %.
    // bias 1.75; SD √(28.75/3) = 3.0957; limits 1.75 ± 1.96·3.0957 = −4.318 … 7.818.
    // R² = 505² / (500 · 538.75) = 0.94673.
    const s = angleStats([{ truth: 10, pred: 12 }, { truth: 20, pred: 19 }, { truth: 30, pred: 36 }, { truth: 40, pred: 40 }]);
    expect(s).toMatchObject({ n: 4, medianAbsError: 1.5, maxAbsError: 6, over5: 25, bias: 1.75, sd: 3.096, loaLower: -4.318, loaUpper: 7.818 });
    expect(s.r2).toBeCloseTo(0.94673, 4);
    expect(angleStats([]).medianAbsError).toBeNull();
  });
});

describe('computeMetrics on two images', () => {
  const items: EvalImage[] = [
    { truth: { vertebrae: [{ label: 'L1', corners: L1 }, { label: 'S1', corners: S1 }] }, pred: { vertebrae: [pL1, pS1], angles: { L1S1: 12 } } },
    // Image 2: L1 not reported (score 0.3), L2 reported but absent → one miss, one false positive.
    { truth: { vertebrae: [{ label: 'L1', corners: L1 }] }, pred: { vertebrae: [{ ...pL1, score: 0.3 }, { ...pL1, label: 'L2' }], angles: {} } },
  ];
  const m = computeMetrics(items);
  it('counts detection accuracy and false positives per image', () => {
    expect(m.detection).toMatchObject({ truth: 3, detected: 2, missed: 1, falsePositives: 1, images: 2, accuracy: 66.67, falsePositivesPerImage: 0.5 });
    expect(m.overall.samples).toBe(2); // the unreported L1 only lowers detection
  });
  it('counts wrong level labels only in images with S1 in view: a label on another truth vertebra\'s body', () => {
    expect(m.detection.withS1).toEqual({ images: 1, reported: 2, wrongLevel: 0, wrongLevelImages: [] });
    const L2: Point[] = [[0, -30], [10, -30], [10, -10], [0, -10]];
    const shifted = computeMetrics([
      items[1]!, // no S1 in the truth: not counted
      // L1's body reported as "L2" and L2's as "T12": both on another level; S1 right
      { truth: { vertebrae: [{ label: 'L2', corners: L2 }, { label: 'L1', corners: L1 }, { label: 'S1', corners: S1 }] },
        pred: { vertebrae: [{ ...pL1, label: 'T12', corners: L2 }, { ...pL1, label: 'L2' }, pS1], angles: {} } },
    ]);
    expect(shifted.detection.withS1).toEqual({ images: 1, reported: 3, wrongLevel: 2, wrongLevelImages: [1] });
    expect(shifted.detection).toMatchObject({ falsePositives: 2, detected: 1 }); // T12 absent; the L2 of image 0 too
  });
  it('pairs each truth angle with the measured one and counts the unmeasured', () => {
    const t = computeAngles([{ label: 'L1', corners: L1 }, { label: 'S1', corners: S1 }]).angles;
    expect(m.pairs.L1S1).toEqual([{ truth: t.L1S1, pred: 12 }]);
    expect(m.angles.SS).toMatchObject({ n: 0, unmeasured: 1 });
    expect(m.angles.L1S1!.maxAbsError).toBeCloseTo(Math.abs(12 - t.L1S1!), 3);
  });
});
