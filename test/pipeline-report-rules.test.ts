/** What the pipeline reports after step II: one label per vertebral body, and only vertebrae wholly in the image (worked by hand). */
import { describe, expect, it } from 'vitest';
import { dropDuplicates, sameVertebra } from '../server/pipeline/duplicates.js';
import { whollyInImage } from '../server/pipeline/in-view.js';
import type { MaybeCorners, VertebraPrediction } from '../server/pipeline/types.js';
import type { Label } from '../server/spec/labels.js';

function v(label: Label, corners: MaybeCorners, score: number): VertebraPrediction {
  const spread = corners.map((c) => (c ? 1 : null)) as VertebraPrediction['spread'];
  return { label, corners, score, spread, stepI: { corners, spread } };
}
/** A 100 × 60 body whose superior endplate is at y = top. */
const body = (label: Label, top: number, score: number) => v(label, [[0, top], [100, top], [100, top + 60], [0, top + 60]], score);

describe('dropDuplicates', () => {
  const L4 = body('L4', 0, 0.99), L5 = body('L5', 80, 0.97);
  it('keeps distinct bodies, in their order', () => {
    expect(sameVertebra(L4, L5)).toBe(false);
    expect(dropDuplicates([L4, L5])).toEqual({ kept: [L4, L5], dropped: [] });
  });
  it('drops the lower-scored of two labels on one body (an "S1" placed on L5)', () => {
    // S1 has SA and SP only: its endplate midpoint (50, 110) lies inside L5 (y 80…140).
    const S1 = v('S1', [[0, 110], [100, 110], null, null], 0.6);
    expect(sameVertebra(L5, S1)).toBe(true);
    expect(dropDuplicates([L4, L5, S1])).toEqual({ kept: [L4, L5], dropped: ['S1'] });
  });
  it('keeps the higher score whichever label it has, and the earlier label on a tie', () => {
    const L5onL4 = body('L5', 10, 1.0);
    expect(dropDuplicates([L4, L5onL4]).kept).toEqual([L5onL4]);
    const tie = body('L5', 10, 0.99);
    expect(dropDuplicates([L4, tie]).dropped).toEqual(['L5']);
  });
  it('removes a weak label straddling two bodies and keeps both bodies', () => {
    const a = body('L3', 0, 0.9), b = body('L4', 70, 0.9), straddle = body('L5', 20, 0.5); // centre (50, 50) lies in a (y 0…60)
    expect(sameVertebra(a, straddle)).toBe(true);
    expect(sameVertebra(b, straddle)).toBe(false); // b's centre (50, 100) is below straddle (20…80), straddle's is above b
    expect(dropDuplicates([a, b, straddle])).toEqual({ kept: [a, b], dropped: ['L5'] });
  });
});

describe('whollyInImage (1 % inset by default)', () => {
  it('refuses a corner beyond the frame or within the inset of its edge', () => {
    // body: x 0…100, y top…top+60; frame 200 × 200, default inset 1 % of 200 = 2 px
    expect(whollyInImage(v('L1', [[10, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 200)).toBe(true);
    expect(whollyInImage(v('L1', [[10, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 71)).toBe(false); // y = 70 is the last row (inset 0.71 px)
    expect(whollyInImage(v('L1', [[10, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 73)).toBe(true); // last row 72: y = 70 is 2 px inside (inset 0.73 px)
    expect(whollyInImage(v('L1', [[1, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 200)).toBe(false); // x = 1 < 2 px inset
    expect(whollyInImage(v('L1', [[1, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 200, 0)).toBe(true);
    expect(whollyInImage(v('L1', [[-1, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 200, 0)).toBe(false);
  });
  it('ignores the corners the model does not report (S1 IP, IA)', () => {
    expect(whollyInImage(v('S1', [[10, 10], [90, 20], null, null], 0.9), 100, 100)).toBe(true);
  });
});
