/**
 * Rendered phantom images: facing and in-plane rotation leave L1L5, L1S1 and
 * the disc angles unchanged while SS turns by exactly the rotation; every
 * truth corner sits on a rendered edge; same seed → same bytes.
 */
import { describe, expect, it } from 'vitest';
import { renderStill, NO_IMPLANTS, type StillOptions } from '../server/phantom/index.js';
import type { ImageAnnotation } from '../server/spec/dataset.js';

const SIZE = { width: 384, height: 384 };
/** One patient: same seed and patient overrides; plain radiograph without distortion so only facing/rotation change. */
const base: StillOptions = { seed: 77, ...SIZE, fluoro: false, k1: 0, spacingMm: 0.62, lordosisDeg: 48, sacralSlopeDeg: 36, cranial: 'L1', caudal: 'S1' };

describe('facing and rotation', () => {
  const ref = renderStill({ ...base, facing: 1, rotationDeg: 0 }).truth;
  it('the reference view shows L1 to S1', () => {
    expect(ref.vertebrae.map((v) => v.label)).toEqual(expect.arrayContaining(['L1', 'L2', 'L3', 'L4', 'L5', 'S1']));
    expect(ref.angles!.L1S1).toBeCloseTo(48, 1);
  });
  const variants = [-1, 1].flatMap((facing) => [-30, -12, 0, 17, 30].map((rotationDeg) => ({ facing: facing as 1 | -1, rotationDeg })));
  it.each(variants)('facing $facing, rotated $rotationDeg°: same lordosis and discs, SS turned by the rotation', ({ facing, rotationDeg }) => {
    const { image, truth } = renderStill({ ...base, facing, rotationDeg });
    expect(image.data.length).toBe(SIZE.width * SIZE.height);
    const a = truth.angles!;
    for (const k of ['L1L5', 'L1S1', 'disc:L1L2', 'disc:L2L3', 'disc:L3L4', 'disc:L4L5', 'disc:L5S1']) {
      expect(a[k], k).toBeDefined();
      expect(Math.abs(a[k]! - ref.angles![k]!), k).toBeLessThan(0.01);
    }
    // Image y points down: a positive rotation turns a right-facing S1 endplate further down, a left-facing one up.
    expect(Math.abs(a.SS! - (ref.angles!.SS! + facing * rotationDeg))).toBeLessThan(0.01);
    expect(Math.abs(truth.patient!.SS! - ref.angles!.SS!)).toBeLessThan(0.01);
  });
});

/** Bilinear sample of a Float32 image. */
function sample(img: { data: Float32Array; width: number }, x: number, y: number): number {
  const ix = Math.floor(x), iy = Math.floor(y), fx = x - ix, fy = y - iy, w = img.width, d = img.data;
  const a = d[iy * w + ix]! * (1 - fx) + d[iy * w + ix + 1]! * fx;
  const b = d[(iy + 1) * w + ix]! * (1 - fx) + d[(iy + 1) * w + ix + 1]! * fx;
  return a * (1 - fy) + b * fy;
}

/**
 * For each endplate corner: walk ±3.5 px along the endplate's normal through a point
 * 6% of the endplate length in from the corner; the steepest intensity step
 * of that profile must lie within 1.5 px of the endplate, and be a real step.
 */
function edgeOffsets(img: { data: Float32Array; width: number }, ann: ImageAnnotation): { offset: number; step: number; label: string }[] {
  const out: { offset: number; step: number; label: string }[] = [];
  for (const v of ann.vertebrae) {
    const pairs: [number, number][] = v.label === 'S1' ? [[0, 1], [1, 0]] : [[0, 1], [1, 0], [2, 3], [3, 2]];
    const known = v.corners.filter((c): c is [number, number] => c !== null);
    const cx = known.reduce((s, c) => s + c[0], 0) / known.length, cy = known.reduce((s, c) => s + c[1], 0) / known.length;
    for (const [i, j] of pairs) {
      const c = v.corners[i]!, o = v.corners[j]!;
      const ex = o[0] - c[0], ey = o[1] - c[1], len = Math.hypot(ex, ey);
      const px = c[0] + 0.06 * ex, py = c[1] + 0.06 * ey;
      let nx = -ey / len, ny = ex / len;
      if ((cx - px) * nx + (cy - py) * ny < 0) { nx = -nx; ny = -ny; } // inward
      let best = 0, at = 0;
      const prof: number[] = [];
      for (let t = -3.5; t <= 3.5; t += 0.25) prof.push(sample(img, px + nx * t, py + ny * t));
      for (let k = 1; k < prof.length; k++) {
        const g = Math.abs(prof[k]! - prof[k - 1]!);
        if (g > best) { best = g; at = -3.5 + (k - 0.5) * 0.25; }
      }
      out.push({ offset: at, step: Math.abs(prof[prof.length - 1 - 6]! - prof[6]!), label: `${v.label}[${i}]` });
    }
  }
  return out;
}

describe('corners on rendered edges', () => {
  const clean: Partial<StillOptions> = { implants: NO_IMPLANTS, text: [], look: { noise: 0, texture: 0, sharpen: 0, blurPx: 0.5, vignette: 0, doubleMm: 0 } };
  it.each([11, 12, 13, 14, 15, 16])('seed %i: each corner has an intensity step across its endplate', (seed) => {
    const { image, truth } = renderStill({ seed, width: 512, height: 512, ...clean });
    const res = edgeOffsets(image, truth);
    expect(res.length).toBeGreaterThan(10);
    for (const r of res) {
      expect(Math.abs(r.offset), `${r.label} edge offset`).toBeLessThanOrEqual(1.5);
      expect(r.step, `${r.label} step`).toBeGreaterThan(0.01);
    }
  });
});

describe('determinism', () => {
  it('the same seed gives the same pixels and truth; another seed does not', () => {
    const a = renderStill({ seed: 9, width: 200, height: 160, hard: true });
    const b = renderStill({ seed: 9, width: 200, height: 160, hard: true });
    const c = renderStill({ seed: 10, width: 200, height: 160, hard: true });
    expect(Buffer.from(a.image.data.buffer).equals(Buffer.from(b.image.data.buffer))).toBe(true);
    expect(JSON.stringify(a.truth)).toBe(JSON.stringify(b.truth));
    expect(Buffer.from(a.image.data.buffer).equals(Buffer.from(c.image.data.buffer))).toBe(false);
  });
});
