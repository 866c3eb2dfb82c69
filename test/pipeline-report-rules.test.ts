/** What the pipeline reports after step II: one label per vertebral body, and only vertebrae wholly in view (worked by hand). */
import { describe, expect, it } from 'vitest';
import { dropDuplicates, sameVertebra } from '../server/pipeline/duplicates.js';
import { clearOfSurround, surroundLevels, whollyInImage } from '../server/pipeline/in-view.js';
import { withDisagreement } from '../server/pipeline/decode.js';
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

describe('whollyInImage (2 px plus two spreads from the frame\'s edge by default)', () => {
  it('refuses a corner beyond the frame or within the inset of its edge', () => {
    // Frame 200 × 200, outermost pixel centres 0 and 199; default inset 2 px + 2 × spread (1 px) = 4 px.
    expect(whollyInImage(v('L1', [[10, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 200)).toBe(true);
    expect(whollyInImage(v('L1', [[4, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 200)).toBe(true); // 4 px from the first column
    expect(whollyInImage(v('L1', [[3.9, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 200)).toBe(false); // 3.9 px
    expect(whollyInImage(v('L1', [[10, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 74)).toBe(false); // y = 70 is 3 px from the last row (73)
    expect(whollyInImage(v('L1', [[10, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 75)).toBe(true); // 4 px
    expect(whollyInImage(v('L1', [[1, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 200, 0, 0)).toBe(true);
    expect(whollyInImage(v('L1', [[-1, 10], [110, 10], [110, 70], [10, 70]], 1), 200, 200, 0, 0)).toBe(false);
  });
  it('keeps more distance from a corner with a larger spread', () => {
    const near = v('L1', [[8, 10], [110, 10], [110, 70], [10, 70]], 1); // SA 8 px from the first column
    expect(whollyInImage(near, 200, 200)).toBe(true); // keeps 2 + 2 × 1 = 4 px
    expect(whollyInImage({ ...near, spread: [3.5, 1, 1, 1] }, 200, 200)).toBe(false); // keeps 2 + 2 × 3.5 = 9 px
    expect(whollyInImage({ ...near, spread: [3, 1, 1, 1] }, 200, 200)).toBe(true); // keeps 8 px
  });
  it('ignores the corners the model does not report (S1 IP, IA)', () => {
    expect(whollyInImage(v('S1', [[10, 10], [90, 20], null, null], 0.9), 100, 100)).toBe(true);
  });
});

/**
 * A 200 × 200 field: an intensifier circle (centre 100, 100, radius 90) with
 * black outside at `black`, tissue at black + 100 with ±4 noise, a top
 * collimator blade (rows 0…29, black + 3 ± 3) and a black screw head inside
 * (a 10 px square at 95…104, 95…104). `inverted`: shown inverted (surround,
 * blade and screw head white).
 */
function field(black = 0, bits: 8 | 16 = 8, inverted = false) {
  const w = 200, h = 200, data = bits === 8 ? new Uint8Array(w * h) : new Uint16Array(w * h);
  const k = bits === 8 ? 1 : 257;
  let s = 7;
  const noise = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return (s % 9) - 4; };
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let g = Math.hypot(x - 100, y - 100) > 90 ? black : black + 100 + noise();
    if (y < 30 && g > black) g = black + 3 + (noise() > 0 ? 3 : 0);
    if (x >= 95 && x < 105 && y >= 95 && y < 105) g = black;
    data[y * w + x] = (inverted ? 255 - g : g) * k;
  }
  return { data, width: w, height: h };
}
/** A small body whose corner 0 (SA) is at (x, y). */
const at = (x: number, y: number) => v('L3', [[x, y], [x + 20, y], [x + 20, y + 15], [x, y + 15]], 0.9);

describe('clearOfSurround (the dark surround of the field)', () => {
  const img = field();
  const level = surroundLevels(img);
  it('finds the surround levels: darkest 1 % plus 2.5 % of full scale, brightest 1 % minus 5 % (at least 80 %)', () => {
    expect(level.dark).toBeCloseTo(0.025 * 255, 1);
    expect(level.bright).toBeCloseTo(0.8 * 255, 1); // tissue at 96…104: the floor
    expect(surroundLevels(field(16)).dark).toBeCloseTo((16 / 256 + 0.025) * 255, 1); // video black at 16
    expect(surroundLevels(field(0, 16)).dark).toBeCloseTo(0.025 * 65535, -1);
    expect(surroundLevels(field(0, 8, true)).bright).toBeCloseTo((255 / 256 - 0.05) * 255, 1);
  });
  it('keeps a body well inside the circle and drops one with a corner near or past its edge', () => {
    expect(clearOfSurround(at(60, 60), img, level, 4, 0)).toBe(true);
    // Circle edge on row 100 at x = 10 (pixels 0…9 are outside): x = 12 is 2.5 px from it.
    expect(clearOfSurround(v('L3', [[12, 100], [40, 100], [40, 120], [12, 120]], 0.9), img, level, 4, 0)).toBe(false);
    // Rows 96…108 (within 4 px of the corners): the circle edge is at most at x = 10.1, 5.4 px away or more.
    expect(clearOfSurround(v('L3', [[16, 100], [30, 100], [30, 104], [16, 104]], 0.9), img, level, 4, 0)).toBe(true);
    expect(clearOfSurround(v('L3', [[5, 100], [40, 100], [40, 120], [5, 120]], 0.9), img, level, 4, 0)).toBe(false);
  });
  it('drops a body just below a dark collimator blade and keeps one clear of it', () => {
    expect(clearOfSurround(at(90, 32), img, level, 4, 0)).toBe(false); // blade's last row 29: 3 rows away
    expect(clearOfSurround(at(90, 36), img, level, 4, 0)).toBe(true);
  });
  it('keeps twice the corner\'s spread more: a corner that may be hidden behind the blade is not in view', () => {
    const spread = (sp: number) => ({ ...at(90, 34), spread: [sp, sp, sp, sp] as VertebraPrediction['spread'] });
    // Corner row 34, 5 rows below the blade's last row (29); default inset on 200 px: 2 px.
    expect(clearOfSurround(spread(0.5), img, level)).toBe(true); // keeps 2 + 1 = 3 px
    expect(clearOfSurround(spread(2), img, level)).toBe(false); // keeps 2 + 4 = 6 px
  });
  it('ignores dark metal inside the field (it does not reach the frame edge)', () => {
    expect(clearOfSurround(at(106, 100), img, level, 4, 0)).toBe(true); // 1.5 px right of the screw head
  });
  it('finds a white blade and circle on an inverted display, and ignores the white screw head', () => {
    const inv = field(0, 8, true);
    expect(clearOfSurround(at(90, 32), inv, undefined, 4, 0)).toBe(false);
    expect(clearOfSurround(at(90, 36), inv, undefined, 4, 0)).toBe(true);
    expect(clearOfSurround(v('L3', [[12, 100], [40, 100], [40, 120], [12, 120]], 0.9), inv, undefined, 4, 0)).toBe(false);
    expect(clearOfSurround(at(106, 100), inv, undefined, 4, 0)).toBe(true);
  });
  it('finds no surround on marks over a black background (the median pixel is black)', () => {
    const w = 100, h = 100, data = new Uint8Array(w * h);
    for (let y = 40; y < 60; y++) for (let x = 10; x < 90; x++) data[y * w + x] = 200;
    const lv = surroundLevels({ data, width: w, height: h });
    expect(lv.dark).toBe(-Infinity);
    expect(clearOfSurround(v('L3', [[12, 42], [88, 42], [88, 58], [12, 58]], 0.9), { data, width: w, height: h }, lv)).toBe(true);
  });
  it('works the same on the 16-bit image and with the video black level at 16', () => {
    expect(clearOfSurround(at(90, 32), field(0, 16), undefined, 4, 0)).toBe(false);
    expect(clearOfSurround(at(90, 32), field(0, 16), undefined, undefined, 0)).toBe(true); // default inset on 200 px: 2 px
    expect(clearOfSurround(at(60, 60), field(0, 16))).toBe(true);
    expect(clearOfSurround(at(90, 32), field(16), undefined, 4, 0)).toBe(false);
    expect(clearOfSurround(at(60, 60), field(16), undefined, 4, 0)).toBe(true);
  });
});

describe('withDisagreement (step II far from step I widens the spread)', () => {
  const stepII = v('S1', [[100, 100], [200, 100], null, null], 0.99);
  const at = (corners: MaybeCorners, spread: number) => ({ corners, spread: corners.map((c) => (c ? spread : null)) as VertebraPrediction['spread'] });
  it('leaves a corner within one step-I spread of step I as step II gave it', () => {
    // Step I 10 px off per axis (hypot / √2 = 10), its spread 12: they agree.
    const r = withDisagreement({ ...stepII, stepI: at([[110, 90], [200, 100], null, null], 12) });
    expect(r.spread).toEqual([1, 1, null, null]);
  });
  it('widens a corner step II moved beyond step I\'s spread to half the distance moved, per axis', () => {
    // SA moved 30 px per axis (42.4 px) from step I, whose spread is 12: spread becomes 15.
    const r = withDisagreement({ ...stepII, stepI: at([[130, 70], [200, 100], null, null], 12) });
    expect(r.spread[0]).toBeCloseTo(15, 6);
    expect(r.spread[1]).toBe(1);
    expect(r.corners).toEqual(stepII.corners); // the corners are step II's
  });
  it('never narrows a spread, and skips corners either step lacks', () => {
    const wide = { ...stepII, spread: [20, 1, null, null] as VertebraPrediction['spread'], stepI: at([[130, 70], [200, 100], null, null], 12) };
    expect(withDisagreement(wide).spread).toEqual([20, 1, null, null]);
    const noStepI = { ...stepII, stepI: at([null, [200, 100], null, null], 12) };
    expect(withDisagreement(noStepI).spread).toEqual([1, 1, null, null]);
  });
});
