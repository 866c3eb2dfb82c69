import { describe, expect, it } from 'vitest';
import { fitGrid, CalibrationRefused, type GridFit } from '../calibration/src/fit.js';
import { findFieldOfView } from '../calibration/index.js';
import { distortPoint, undistortPoint, type RadialDistortion } from '../server/geometry/distortion.js';
import { DEFAULT_GRID, renderGrid, type GridPhantomOptions } from '../server/phantom/grid.js';
import { createRng } from '../server/phantom/rng.js';

/** Typical image-intensifier pincushion (k1 0.08 with R the half-diagonal), centre off the frame centre. */
const TRUE: RadialDistortion = { cx: 520, cy: 500, radius: Math.hypot(1024, 1024) / 2, k1: 0.08, k2: 0.01 };

function grid(over: Partial<GridPhantomOptions> = {}) {
  return renderGrid({ ...DEFAULT_GRID, distortion: TRUE, noiseSd: 0.03, ...over });
}

/** Largest disagreement (px) between the fitted and the true correction over points of the field within `radius` of its centre. */
function correctionError(fit: GridFit, radius: number): number {
  // Both corrections are defined up to the lattice's own placement; compare the displayed position
  // each model predicts for the same plate point, through the fitted lattice ↔ true plate relation,
  // i.e. how far a displayed point's correction differs after removing the best similarity (here: none needed,
  // as both keep the centre's scale at 1). Sample a polar grid.
  let worst = 0;
  for (let r = 0; r <= radius; r += radius / 8) for (let t = 0; t < 360; t += 15) {
    const q = [516 + r * Math.cos((t * Math.PI) / 180), 508 + r * Math.sin((t * Math.PI) / 180)] as const;
    const a = undistortPoint(fit.distortion, q), b = undistortPoint(TRUE, q);
    // Remove the translation the two corrections may differ by (the centre's pixel is fixed by neither).
    const a0 = undistortPoint(fit.distortion, [516, 508]), b0 = undistortPoint(TRUE, [516, 508]);
    worst = Math.max(worst, Math.hypot(a[0] - a0[0] - (b[0] - b0[0]), a[1] - a0[1] - (b[1] - b0[1])));
  }
  return worst;
}

describe('grid fitting on phantom grids', () => {
  it('fits a bead plate with noise and 8% missing beads', () => {
    const g = grid({ missing: 0.08 });
    const fit = fitGrid(g.image, { spacingMm: 10 });
    expect(fit.report.points).toBeGreaterThan(350);
    expect(fit.report.rmsPx).toBeLessThan(0.2);
    expect(fit.report.maxPx).toBeLessThan(0.6);
    expect(fit.distortion.k1).toBeCloseTo(TRUE.k1, 2);
    expect(Math.hypot(fit.distortion.cx - TRUE.cx, fit.distortion.cy - TRUE.cy)).toBeLessThan(3);
    expect(correctionError(fit, 480)).toBeLessThan(0.5);
    expect(fit.pixelSpacingMm).toBeCloseTo(10 / 40, 3); // pitch 40 px per 10 mm
    // Every used node sits where the truth put it.
    for (const n of fit.nodes.filter((m) => m.used)) {
      const nearest = Math.min(...g.nodes.map((t) => Math.hypot(t.displayed[0] - n.x, t.displayed[1] - n.y)));
      expect(nearest).toBeLessThan(0.6);
    }
  });

  it('fits a wire grid from its crossings', () => {
    const fit = fitGrid(grid({ kind: 'wires', beadRadiusPx: 1, angleDeg: -7 }).image, { spacingMm: 5, kind: 'wires' });
    expect(fit.report.rmsPx).toBeLessThan(0.35);
    expect(fit.distortion.k1).toBeCloseTo(TRUE.k1, 2);
    expect(correctionError(fit, 480)).toBeLessThan(0.6);
    expect(fit.pixelSpacingMm).toBeCloseTo(5 / 40, 3);
  });

  it('fits bright beads on a partial field: a plate smaller than the field and a collimator shutter', () => {
    const g = grid({ polarity: 'bright', plateHalfNodes: 8, shutter: { nx: 1, ny: 0.3, c: 760 }, missing: 0.05 });
    const fit = fitGrid(g.image, { spacingMm: 10 });
    expect(fit.report.points).toBeGreaterThan(150);
    expect(fit.report.rmsPx).toBeLessThan(0.25);
    // Inside the fitted area (the plate reaches ~ 8·40·√2 px from the centre) the correction is right.
    expect(correctionError(fit, 300)).toBeLessThan(0.5);
  });

  it('finds the intensifier circle, also when the frame cuts it', () => {
    const fov = findFieldOfView(grid({ fieldOfView: { cx: 530, cy: 490, radius: 470 } }).image)!;
    expect(fov.cx).toBeCloseTo(530, 0);
    expect(fov.cy).toBeCloseTo(490, 0);
    expect(Math.abs(fov.radius - 470)).toBeLessThan(1);
    const cut = findFieldOfView(grid({ fieldOfView: { cx: 512, cy: 520, radius: 600 } }).image)!;
    expect(Math.hypot(cut.cx - 512, cut.cy - 520)).toBeLessThan(1);
    expect(Math.abs(cut.radius - 600)).toBeLessThan(1);
    // No mask at all: nothing to find.
    expect(findFieldOfView(grid({ fieldOfView: null, width: 400, height: 400 }).image)).toBeNull();
  });
});

describe('grids that cannot be fitted are refused with a reason', () => {
  const refusal = (f: () => unknown): CalibrationRefused => {
    try { f(); } catch (err) { if (err instanceof CalibrationRefused) return err; throw err; }
    throw new Error('expected a refusal');
  };

  it('refuses a frame without a grid', () => {
    const e = refusal(() => fitGrid(grid({ missing: 1 }).image, { spacingMm: 10 }));
    expect(e.code).toBe('too-few-points');
    expect(e.message).toMatch(/^grid refused \(too-few-points\): \d+ beads found, at least 25 needed$/);
  });

  it('refuses scattered dots that form no lattice', () => {
    // 120 random dark dots on the field.
    const g = grid({ missing: 1 });
    const rng = createRng(9);
    const data = g.image.data.slice();
    for (let k = 0; k < 120; k++) {
      const a = rng.uniform(0, 2 * Math.PI), r = 420 * Math.sqrt(rng.next());
      const cx = 516 + r * Math.cos(a), cy = 508 + r * Math.sin(a);
      for (let y = -4; y <= 4; y++) for (let x = -4; x <= 4; x++) if (x * x + y * y <= 12) data[Math.round(cy + y) * 1024 + Math.round(cx + x)] = 60;
    }
    const e = refusal(() => fitGrid({ ...g.image, data }, { spacingMm: 10 }));
    expect(e.code).toBe('no-lattice');
    expect(e.message).toMatch(/only \d+ of \d+ detections form a regular lattice/);
  });

  it('refuses a plate too small to show the distortion', () => {
    const e = refusal(() => fitGrid(grid({ plateHalfNodes: 3, pitchPx: 24, beadRadiusPx: 3 }).image, { spacingMm: 10 }));
    expect(e.code).toBe('too-little-coverage');
  });

  it('refuses an S-distorted grid the radial model cannot describe', () => {
    const e = refusal(() => fitGrid(grid({ sDistortionDeg: 3 }).image, { spacingMm: 10 }));
    expect(['residual-too-high', 'too-many-outliers']).toContain(e.code);
    expect(e.message).toMatch(/residuals RMS \d+\.\d+ px|lattice nodes do not fit the model/);
  });
});

describe('the fitted profile through the shared model', () => {
  it('round-trips displayed ↔ true points (distortPoint inverts undistortPoint) over the frame', () => {
    const fit = fitGrid(grid().image, { spacingMm: 10 });
    for (const q of [[0, 0], [1023, 0], [512, 512], [100, 900]] as const) {
      const back = distortPoint(fit.distortion, undistortPoint(fit.distortion, q));
      expect(Math.hypot(back[0] - q[0], back[1] - q[1])).toBeLessThan(1e-6);
    }
  });
});
