/**
 * Combining two shots that each miss an end of the lumbar spine (L1 in one,
 * S1 in the other) into L1–S1, worked on the synthetic spine: the second
 * shot is the same anatomy seen after the C-arm turned 10° and moved.
 */
import { describe, expect, it } from 'vitest';
import { computeAngles } from '../server/measure/angles.js';
import { combineShots } from '../server/measure/combine-shots.js';
import { spine } from './helpers/synthetic-spine.js';
import type { Point } from '../server/spec/labels.js';

const whole = spine([-10, -5, 0, 5, 10, 20]); // L1–S1 lordosis 30°, L1–L5 20°
const turn = (deg: number, dx: number) => (p: Point | null): Point | null => {
  if (!p) return null;
  const t = (deg * Math.PI) / 180;
  return [p[0] * Math.cos(t) - p[1] * Math.sin(t) + dx, p[0] * Math.sin(t) + p[1] * Math.cos(t)];
};

describe('combineShots', () => {
  const upper = whole.filter((v) => v.label !== 'S1' && v.label !== 'L5'); // L1–L4
  const lower = whole.filter((v) => v.label !== 'L1').map((v) => ({ ...v, corners: v.corners.map(turn(10, 80)) })); // L2–S1, C-arm turned 10°

  it('recovers L1–S1 and L1–L5 across a C-arm turn from the shared vertebrae', () => {
    const truth = computeAngles(whole).angles;
    const c = combineShots(upper, lower);
    expect(c.L1S1!.value).toBeCloseTo(truth.L1S1!, 6);
    expect(c.L1L5!.value).toBeCloseTo(truth.L1L5!, 6);
    expect(c.L1S1!.shared).toEqual(['L2', 'L3', 'L4']);
    expect(c.L1S1!.sd).toBeGreaterThan(0);
  });

  it('combines nothing when the shared anatomy disagrees, with fewer than two shared vertebrae, or when the current shot measures it alone', () => {
    const bent = lower.map((v) => (v.label === 'L3' ? { ...v, corners: v.corners.map(turn(6, 0)) } : v));
    expect(combineShots(upper, bent)).toEqual({});
    expect(combineShots(upper.filter((v) => v.label === 'L1' || v.label === 'L2'), lower)).toEqual({});
    expect(combineShots(upper, whole)).toEqual({});
  });
});
