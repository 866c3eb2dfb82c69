/**
 * Level labels checked against the vertebrae's spacing and counted again from
 * S1 (server/pipeline/level-chain.ts), on hand-made spines: bodies 100 px
 * wide and 60 px tall, one level 78 px (1.3 heights) centre to centre, S1's
 * superior endplate 56 px (0.93 L5 heights) below L5's centre.
 */
import { describe, expect, it } from 'vitest';
import { countLevels, levelsBetween } from '../server/pipeline/level-chain.js';
import type { MaybeCorners, VertebraPrediction } from '../server/pipeline/types.js';
import type { Label } from '../server/spec/labels.js';

function v(label: Label, corners: MaybeCorners, score = 0.99): VertebraPrediction {
  const spread = corners.map((c) => (c ? 1 : null)) as VertebraPrediction['spread'];
  return { label, corners, score, spread, stepI: { corners, spread } };
}
/** A body centred at y = cy, `h` px tall. */
const body = (label: Label, cy: number, h = 60, score = 0.99) => v(label, [[0, cy - h / 2], [100, cy - h / 2], [100, cy + h / 2], [0, cy + h / 2]], score);
const s1 = (y: number, score = 0.99) => v('S1', [[0, y], [100, y], null, null], score);
const labels = (vs: readonly VertebraPrediction[]) => vs.map((x) => x.label);

/** The anatomy: T12 … L5 centres at 78 px steps, S1's endplate 56 px below L5's centre. */
const REAL = ['T12', 'L1', 'L2', 'L3', 'L4', 'L5'] as const;
const centre = (i: number) => 100 + 78 * i;
const S1_Y = centre(5) + 56;

describe('levelsBetween', () => {
  it('counts one level per 1.3 heights, and S1 one level below L5 at 0.93 heights, 1.5 per level more', () => {
    expect(levelsBetween(body('L3', centre(3)), body('L4', centre(4)))).toBe(1);
    expect(levelsBetween(body('L2', centre(2)), body('L4', centre(4)))).toBe(2);
    expect(levelsBetween(body('L5', centre(5)), s1(S1_Y))).toBe(1);
    expect(levelsBetween(body('L4', centre(4)), s1(S1_Y))).toBe(2); // L5 missed: 134 px = 2.2 heights
  });
  it('scales by the taller body: a vertebra that looks short (cut by the field) does not open a gap', () => {
    // 1.1 levels of the tall one, 3.9 "levels" of a 22 px one
    expect(levelsBetween(body('T11', 100, 22), body('T12', 100 + 86, 60))).toBe(1);
  });
});

describe('countLevels', () => {
  it('leaves a chain whose spacing matches its labels as it is, cranial to caudal', () => {
    const chain = [s1(S1_Y), ...REAL.map((l, i) => body(l, centre(i)))];
    const r = countLevels(chain);
    expect(r.check).toBe('consistent');
    expect(labels(r.vertebrae)).toEqual([...REAL, 'S1']);
    expect(r.vertebrae[0]).toBe(chain[1]); // the same objects
  });

  it('a chain with L5 missed is consistent too: the gap to S1 is two levels', () => {
    const chain = [...REAL.slice(0, 5).map((l, i) => body(l, centre(i))), s1(S1_Y)];
    expect(countLevels(chain).check).toBe('consistent');
  });

  // Step I missed L4; everything above it was named one level too low.
  const shifted = (s1Score: number) => [
    body('L1', centre(0)), body('L2', centre(1)), body('L3', centre(2)), body('L4', centre(3)), // really T12, L1, L2, L3
    body('L5', centre(5)), s1(S1_Y, s1Score),
  ];

  it('counts the labels again from a confident S1 when a missed vertebra shifted the chain above it', () => {
    const r = countLevels(shifted(0.97));
    expect(r.check).toBe('recounted-from-S1');
    expect(labels(r.vertebrae)).toEqual(['T12', 'L1', 'L2', 'L3', 'L5', 'S1']);
    expect(r.vertebrae.map((x) => x.corners[0]![1])).toEqual([centre(0), centre(1), centre(2), centre(3), centre(5)].map((c) => c - 30).concat([S1_Y]));
  });

  it('keeps the labels and says so when S1 is not confident enough to count from', () => {
    const chain = shifted(0.7);
    const r = countLevels(chain);
    expect(r.check).toBe('inconsistent');
    expect(labels(r.vertebrae)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'S1']);
  });

  it('keeps the labels of a chain without S1, however inconsistent', () => {
    const chain = [body('L1', centre(0)), body('L2', centre(1)), body('L3', centre(3))];
    const r = countLevels(chain);
    expect(r.check).toBe('inconsistent');
    expect(labels(r.vertebrae)).toEqual(['L1', 'L2', 'L3']);
  });

  it('renames two neighbours labelled two levels apart (step I skipped a label, not a vertebra)', () => {
    const chain = [body('L1', centre(2)), body('L2', centre(3)), body('L3', centre(4)), body('L5', centre(5)), s1(S1_Y)];
    // the model's "L3" sits right above L5: it is L4, and L2, L1 above it are L3, L2
    expect(labels(countLevels(chain).vertebrae)).toEqual(['L2', 'L3', 'L4', 'L5', 'S1']);
  });

  it('drops a vertebra the count would put above C2', () => {
    // "C3" right above S1 is L5; "C2" 23 levels above it has no label left
    const chain = [body('C2', 100 - 78), body('C3', 100 + 78 * 22), s1(100 + 78 * 22 + 56, 0.95)];
    const r = countLevels(chain);
    expect(r.check).toBe('recounted-from-S1');
    expect(labels(r.vertebrae)).toEqual(['L5', 'S1']);
  });
});
