import { describe, expect, it } from 'vitest';
import { computeAngles, handedness, type LabelledCorners } from '../server/measure/angles.js';
import type { Point } from '../server/spec/labels.js';

/**
 * A right-facing (anterior = +x) upright spine in image axes (y down):
 * L1 superior endplate tilted so that its anterior corner is 10° "up" relative
 * to the L5 inferior endplate, which is horizontal.
 */
function vert(label: string, cx: number, cy: number, tiltDeg: number, w = 40, h = 30): LabelledCorners {
  // Endplate direction anterior − posterior = (cos t, −sin t): positive tilt raises the anterior corner.
  const t = (tiltDeg * Math.PI) / 180;
  const ux = Math.cos(t), uy = -Math.sin(t); // anterior direction
  const vx = -uy, vy = ux; // caudal direction (perpendicular, pointing down)
  const p = (a: number, b: number): Point => [cx + a * ux + b * vx, cy + a * uy + b * vy];
  return { label, corners: [p(w / 2, -h / 2), p(-w / 2, -h / 2), p(-w / 2, h / 2), p(w / 2, h / 2)] };
}

function transform(v: LabelledCorners, f: (p: Point) => Point): LabelledCorners {
  return { label: v.label, corners: v.corners.map((c) => (c ? f(c) : null)) };
}

describe('spec angles', () => {
  // L1 tilted +10° (anterior up), L5 0°, S1 −30° (anterior down = sacral slope 30°).
  // lordosis(L1 sup, L5 inf): endplates open anteriorly by 10° → +10.
  // L1S1: 10 − (−30) = 40. SS = 30. disc L4L5 between L4 (tilt 2) inf and L5 (0) sup = 2.
  const spine = [
    vert('L1', 100, 100, 10), vert('L2', 100, 140, 7), vert('L3', 100, 180, 5), vert('L4', 100, 220, 2),
    vert('L5', 100, 260, 0), vert('S1', 105, 300, -30),
  ];

  it('gives the hand-worked values on an upright right-facing spine', () => {
    const r = computeAngles(spine);
    expect(r.angles.L1L5).toBeCloseTo(10, 9);
    expect(r.angles.L1S1).toBeCloseTo(40, 9);
    expect(r.angles.SS).toBeCloseTo(30, 9);
    expect(r.angles['disc:L4L5']).toBeCloseTo(2, 9);
    expect(r.angles['disc:L5S1']).toBeCloseTo(30, 9);
  });

  it('does not depend on facing (mirror) for L1L5, L1S1, discs and SS', () => {
    const mirrored = spine.map((v) => transform(v, ([x, y]) => [400 - x, y]));
    expect(handedness(mirrored)).toBe(-handedness(spine));
    const a = computeAngles(spine).angles, b = computeAngles(mirrored).angles;
    for (const k of Object.keys(a)) expect(b[k]).toBeCloseTo(a[k]!, 9);
  });

  it('keeps lordosis under rotation while SS turns with the image', () => {
    // Rotate by +20° in image axes (clockwise on screen since y is down).
    const t = (20 * Math.PI) / 180;
    const rot = spine.map((v) => transform(v, ([x, y]) => [x * Math.cos(t) - y * Math.sin(t), x * Math.sin(t) + y * Math.cos(t)]));
    const a = computeAngles(spine).angles, b = computeAngles(rot).angles;
    expect(b.L1L5).toBeCloseTo(a.L1L5!, 9);
    expect(b.L1S1).toBeCloseTo(a.L1S1!, 9);
    // Anterior (+x) rotated by +20° in y-down axes points downward more: SS 30 → 50.
    expect(b.SS).toBeCloseTo(50, 9);
    // With the reference line rotated with the image, SS is back to 30.
    expect(computeAngles(rot, { horizontalDeg: 20 }).angles.SS).toBeCloseTo(30, 9);
  });

  it('reports kyphosis as negative', () => {
    const kyph = [vert('L1', 100, 100, -8), vert('L5', 100, 260, 0)];
    expect(computeAngles(kyph).angles.L1L5).toBeCloseTo(-8, 9);
  });

  it('names what is missing', () => {
    const r = computeAngles([vert('L2', 100, 140, 7), vert('L3', 100, 180, 5)]);
    expect(r.missing.L1L5).toBe('L1 not found in the image');
    expect(r.missing.SS).toBe('S1 not found in the image');
    expect(computeAngles([vert('S1', 100, 300, -30)]).missing.SS).toBe('fewer than two vertebrae in view');
  });

  it('propagates corner spreads to angle SDs', () => {
    // SS endplate length 40 px; spreads 2 px at SA and SP: SD = √(4+4)/40 rad = 4.0514°.
    const s1 = { ...vert('S1', 100, 300, -30), spread: [2, 2, null, null] };
    const r = computeAngles([vert('L5', 100, 260, 0), s1]);
    expect(r.sd.SS).toBeCloseTo((Math.sqrt(8) / 40) * (180 / Math.PI), 9);
  });
});

import { distortPoint, undistortPoint } from '../server/geometry/distortion.js';

describe('radial distortion', () => {
  it('round-trips a point and pushes edges outwards for pincushion', () => {
    const d = { cx: 511.5, cy: 511.5, radius: 512, k1: 0.08, k2: 0.01 };
    // ρ = 1 at the radius: factor 1 + 0.08 + 0.01 = 1.09 → (511.5 + 512·1.09, 511.5).
    expect(distortPoint(d, [1023.5, 511.5])[0]).toBeCloseTo(511.5 + 512 * 1.09, 9);
    const p: [number, number] = [100.25, 900.75];
    const back = undistortPoint(d, distortPoint(d, p));
    expect(back[0]).toBeCloseTo(p[0], 8);
    expect(back[1]).toBeCloseTo(p[1], 8);
  });
});
