/**
 * Grid-fit accuracy on phantom grids (docs/calibration.md): for each case a
 * grid is rendered through a known distortion, fitted, and compared with the
 * truth: fitted k1, RMS / max residual, and the largest disagreement between
 * the fitted and the true correction inside the fitted area (px).
 *
 * Usage: nice -n 10 node --import tsx calibration/scripts/grid-sweep.ts
 */
import { fitGrid } from '../src/fit.js';
import { undistortPoint, type RadialDistortion } from '../../server/geometry/distortion.js';
import { DEFAULT_GRID, renderGrid, type GridPhantomOptions } from '../../server/phantom/grid.js';

const R = Math.hypot(1024, 1024) / 2;
const cases: [string, Partial<GridPhantomOptions>, number][] = [
  ['beads, k1 0.03, noise 0.02', { noiseSd: 0.02 }, 0.03],
  ['beads, k1 0.08, noise 0.03, 8% missing', { noiseSd: 0.03, missing: 0.08 }, 0.08],
  ['beads, k1 0.14, noise 0.06, 15% missing', { noiseSd: 0.06, missing: 0.15 }, 0.14],
  ['beads, k1 0.08, bright, plate ±8 nodes + shutter', { polarity: 'bright', plateHalfNodes: 8, shutter: { nx: 1, ny: 0.3, c: 760 }, missing: 0.05 }, 0.08],
  ['wires, k1 0.08, noise 0.03', { kind: 'wires', beadRadiusPx: 1, noiseSd: 0.03, angleDeg: -7 }, 0.08],
  ['wires, k1 0.08, noise 0.06, pitch 30 px', { kind: 'wires', beadRadiusPx: 1, noiseSd: 0.06, pitchPx: 30 }, 0.08],
];
console.log('case | k1 fitted (true) | nodes used/rejected | RMS / max residual px | correction error px (max, fitted area) | fit ms');
for (const [name, over, k1] of cases) {
  const truth: RadialDistortion = { cx: 520, cy: 500, radius: R, k1, k2: 0.01 };
  const g = renderGrid({ ...DEFAULT_GRID, distortion: truth, ...over });
  const t0 = performance.now();
  try {
    const fit = fitGrid(g.image, { spacingMm: 10, kind: over.kind ?? 'beads' });
    const ms = performance.now() - t0;
    // Correction error: over the used nodes' displayed positions, the difference between fitted and
    // true undistortion after removing the translation both leave free at the field centre.
    const ref = [516, 508] as const, a0 = undistortPoint(fit.distortion, ref), b0 = undistortPoint(truth, ref);
    let worst = 0;
    for (const nd of fit.nodes.filter((m) => m.used)) {
      const a = undistortPoint(fit.distortion, [nd.x, nd.y]), b = undistortPoint(truth, [nd.x, nd.y]);
      worst = Math.max(worst, Math.hypot(a[0] - a0[0] - b[0] + b0[0], a[1] - a0[1] - b[1] + b0[1]));
    }
    console.log(`${name} | ${fit.distortion.k1.toFixed(4)} (${k1}) | ${fit.report.points}/${fit.report.rejected} | ${fit.report.rmsPx.toFixed(3)} / ${fit.report.maxPx.toFixed(3)} | ${worst.toFixed(3)} | ${ms.toFixed(0)}`);
  } catch (e) { console.log(`${name} | ${(e as Error).message}`); }
}
