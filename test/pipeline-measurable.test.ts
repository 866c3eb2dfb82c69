/** measureAngles: the spec angles plus the rules that make an angle unmeasurable (worked by hand). */
import { describe, expect, it } from 'vitest';
import { measureAngles, neededLabels } from '../server/measure/measurable.js';
import type { Point } from '../server/spec/labels.js';

// Facing left (anterior = −x), y down. L1 superior endplate level; L5 inferior endplate
// tilted by 30° with its anterior corner lower, so the two open anteriorly (lordosis).
const L1 = { label: 'L1', corners: [[0, 0], [100, 0], [100, 60], [0, 60]] as Point[], score: 0.9, spread: [1, 1, 1, 1] };
const c30 = Math.cos(Math.PI / 6) * 100, s30 = Math.sin(Math.PI / 6) * 100;
const L5 = { label: 'L5', corners: [[0, 400], [100, 400], [c30, 460], [0, 460 + s30]] as Point[], score: 0.95, spread: [1, 1, 1, 1] };
const S1 = { label: 'S1', corners: [[0, 520], [100, 480], null, null] as (Point | null)[], score: 0.8, spread: [1, 1, null, null] };

describe('measureAngles', () => {
  it('measures L1L5, L1S1 and SS with their SDs', () => {
    const m = measureAngles([L1, L5, S1]);
    // L5 inferior: A = IA (0, 510), P = IP (86.6, 460) → d = (−86.6, 50); L1 superior d = (−100, 0):
    // 30° between them, the anterior gap (510) larger than the posterior one (460) → +30° lordosis.
    expect(m.angles.L1L5).toBeCloseTo(30, 6);
    // S1 superior: A (0,520), P (100,480): SS = atan2(40, 100) = 21.80°.
    expect(m.angles.SS).toBeCloseTo(Math.atan2(40, 100) * 180 / Math.PI, 6);
    // SD of an endplate: √(1²+1²)/100 rad = 0.810°; of L1L5: √2 · 0.810 = 1.146°.
    expect(m.sd.L1L5).toBeCloseTo(Math.sqrt(2) * (Math.SQRT2 / 100) * 180 / Math.PI, 6);
    // Disc angles are listed when one of their vertebrae is seen; L5–S1 has both.
    expect(m.unmeasurable).toEqual({ 'disc:T12L1': 'T12 not found in the image', 'disc:L1L2': 'L2 not found in the image', 'disc:L4L5': 'L4 not found in the image' });
    expect(m.angles['disc:L5S1']).toBeDefined();
  });
  it('names a missing vertebra, a low score and a large SD', () => {
    expect(measureAngles([L1, S1]).unmeasurable.L1L5).toBe('L5 not found in the image');
    expect(measureAngles([L1, { ...L5, score: 0.3 }, S1]).unmeasurable.L1L5).toBe('L5 presence 0.30 < 0.50: not sure enough it is there for its angles');
    // A package with a lower step-I threshold reports such a vertebra at 0.6; its angles ask for 0.70.
    const m = measureAngles([L1, { ...L5, score: 0.6 }, S1], { minScore: 0.7 });
    expect(m.unmeasurable.L1L5).toBe('L5 presence 0.60 < 0.70: not sure enough it is there for its angles');
    expect(m.angles.L1S1).toBeDefined();
    // spreads of 2 px: SD = 2·√2·√2/100 rad = 2.29° > 2°.
    const wide = measureAngles([{ ...L1, spread: [2, 2, 2, 2] }, { ...L5, spread: [2, 2, 2, 2] }, S1]);
    expect(wide.unmeasurable.L1L5).toBe('SD 2.29° > 2°');
    expect(wide.angles.L1L5).toBeUndefined();
    expect(measureAngles([L1, L5, S1], { maxSdDeg: 1 }).unmeasurable.L1L5).toBe('SD 1.15° > 1°');
  });
  it('withholds the angles through a vertebra whose anterior and posterior corners are swapped', () => {
    // L3 reported facing right while L1, L2, L5 and S1 face left: its disc angles would read about 180°.
    const L2 = { label: 'L2', corners: [[0, 100], [100, 100], [100, 160], [0, 160]] as Point[], score: 0.9, spread: [1, 1, 1, 1] };
    const L3 = { label: 'L3', corners: [[100, 200], [0, 200], [0, 260], [100, 260]] as Point[], score: 0.9, spread: [1, 1, 1, 1] };
    const m = measureAngles([L1, L2, L3, L5, S1]);
    const why = 'L3 faces the other way from the other vertebrae (anterior and posterior corners swapped)';
    expect(m.unmeasurable['disc:L2L3']).toBe(why);
    expect(m.unmeasurable['disc:L3L4']).toBe('L4 not found in the image');
    expect(m.angles['disc:L2L3']).toBeUndefined();
    // Angles that do not go through L3 are unchanged.
    expect(m.angles.L1L5).toBeCloseTo(30, 6);
    expect(m.angles['disc:L1L2']).toBeCloseTo(0, 6);
    // The same L3 facing like the others is measured.
    const fine = measureAngles([L1, L2, { ...L3, corners: [[0, 200], [100, 200], [100, 260], [0, 260]] as Point[] }, L5, S1]);
    expect(fine.angles['disc:L2L3']).toBeCloseTo(0, 6);
  });
  it('keeps SS against a tilted horizontal reference', () => {
    // Reference line at −21.8° (the S1 endplate itself) → SS 0.
    const m = measureAngles([L1, L5, S1], { horizontalDeg: -Math.atan2(40, 100) * 180 / Math.PI });
    expect(m.angles.SS).toBeCloseTo(0, 6);
  });
  it('knows which vertebrae each angle needs', () => {
    expect(neededLabels('L1S1')).toEqual(['L1', 'S1']);
    expect(neededLabels('disc:T12L1')).toEqual(['T12', 'L1']);
    expect(neededLabels('SS')).toEqual(['S1']);
  });
});
