/**
 * `stepI.mirror` and `stepII.mirror` on the trained package (models/default)
 * with real ONNX Runtime sessions: step I also sees the whole image mirrored
 * (scores and corners averaged), every crop is also run mirrored and the two
 * estimates are averaged. On phantom stills with exact truth the mirrored run
 * must find the same vertebrae, move no corner far and not be less accurate;
 * each mode uses its own calibrated spread scale, and a run can turn
 * mirroring off (what the live monitor does when frames queue up).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, type Pipeline } from '../server/pipeline/index.js';
import { renderStill } from '../server/phantom/index.js';
import { DEFAULT_MODELS } from './helpers/phantom-play.js';
import type { GrayImage } from '../server/image/types.js';

const dirs: string[] = [];
type Manifest = { stepI: { mirror?: { spreadScale: number } }; stepII: { spreadScale?: number; mirror?: { spreadScale: number } } };
/** A copy of models/default with its manifest edited. */
function variant(edit: (m: Manifest) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'sagitta-mirror-'));
  dirs.push(dir);
  cpSync(DEFAULT_MODELS, dir, { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  edit(m);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  return dir;
}

const stills = [11, 12, 13, 14].map((seed) => renderStill({ seed, width: 1024, height: 1024, look: { metal: false } }));
const images = stills.map((s) => s.image);
let plain: Pipeline, mirrored: Pipeline, mirroredI: Pipeline, mirroredII: Pipeline;
beforeAll(async () => {
  plain = await createPipeline({ modelsDir: variant((m) => { delete m.stepI.mirror; delete m.stepII.mirror; m.stepII.spreadScale = 0.4; }), provider: 'cpu', threads: 2 });
  mirrored = await createPipeline({ modelsDir: variant((m) => { m.stepI.mirror = { spreadScale: 1 }; m.stepII.mirror = { spreadScale: 0.3 }; m.stepII.spreadScale = 0.4; }), provider: 'cpu', threads: 2 });
  mirroredI = await createPipeline({ modelsDir: variant((m) => { m.stepI.mirror = { spreadScale: 1 }; delete m.stepII.mirror; m.stepII.spreadScale = 0.4; }), provider: 'cpu', threads: 2 });
  mirroredII = await createPipeline({ modelsDir: variant((m) => { delete m.stepI.mirror; m.stepII.mirror = { spreadScale: 0.3 }; m.stepII.spreadScale = 0.4; }), provider: 'cpu', threads: 2 });
}, 60_000);
afterAll(async () => {
  await plain?.dispose(); await mirrored?.dispose(); await mirroredI?.dispose(); await mirroredII?.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The image mirrored left–right (same pixel type). */
function flipped(img: GrayImage): GrayImage {
  const data = img.data.slice();
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) data[y * img.width + x] = img.data[y * img.width + img.width - 1 - x]!;
  return { ...img, data };
}

describe('mirrored views (models/default)', () => {
  it('are on by default only for a package with a mirror, and the timings say so', async () => {
    expect(plain.mirrorByDefault).toBe(false);
    expect(mirrored.mirrorByDefault).toBe(true);
    expect(mirroredI.mirrorByDefault).toBe(true);
    const [a] = await plain.run([images[0]!], { mirror: true }); // no mirror in the package: stays single
    const [b] = await mirrored.run([images[0]!]);
    expect([a!.timings.mirrored, b!.timings.mirrored]).toEqual([false, true]);
  }, 60_000);

  it("step I's score is the mean of the image's and its mirror image's", async () => {
    let compared = 0;
    for (const img of images.slice(0, 2)) {
      const [both] = await mirroredI.run([img]);
      const [a] = await plain.run([img]), [b] = await plain.run([flipped(img)]);
      for (const v of both!.vertebrae) {
        const p = a!.vertebrae.find((x) => x.label === v.label), q = b!.vertebrae.find((x) => x.label === v.label);
        if (!p || !q) continue;
        expect(v.score).toBeCloseTo((p.score + q.score) / 2, 5);
        compared++;
      }
      // In a batch, image k's mirror is image N + k: the same answer as one at a time.
      const batched = await mirroredI.run([img, images[3]!]);
      expect(batched[0]!.vertebrae.map((v) => [v.label, v.score.toFixed(5)])).toEqual(both!.vertebrae.map((v) => [v.label, v.score.toFixed(5)]));
    }
    expect(compared).toBeGreaterThan(8);
  }, 60_000);

  it('mirrored crops find the same vertebrae, stay near the plain corners and are at least as accurate on phantom stills', async () => {
    // Step II alone: the same crops, seen twice. (Mirroring step I too moves the crops themselves.)
    const a = await plain.run(images), b = await mirroredII.run(images);
    let errPlain = 0, errMirror = 0, n = 0, differ = 0;
    stills.forEach((s, k) => {
      // A vertebra at the edge of the view can fall on either side of the in-view rules
      // (in-view.ts) with corners that moved a pixel: at most one such over the set.
      const la = a[k]!.vertebrae.map((v) => v.label), lb = b[k]!.vertebrae.map((v) => v.label);
      differ += la.filter((l) => !lb.includes(l)).length + lb.filter((l) => !la.includes(l)).length;
      const truth = new Map(s.truth.vertebrae.map((v) => [v.label, v.corners]));
      b[k]!.vertebrae.forEach((v) => {
        const p = a[k]!.vertebrae.find((x) => x.label === v.label), t = truth.get(v.label);
        if (!p) return;
        v.corners.forEach((c, j) => {
          const q = p.corners[j];
          if (!c || !q) { expect(c).toBe(q); return; }
          expect(Math.hypot(c[0] - q[0], c[1] - q[1])).toBeLessThan(6); // px on a 1024² image, vertebrae ≈ 100 px wide
          expect(v.spread[j]!).toBeGreaterThan(0);
          const tc = t?.[j];
          if (tc) { errPlain += Math.hypot(q[0] - tc[0], q[1] - tc[1]); errMirror += Math.hypot(c[0] - tc[0], c[1] - tc[1]); n++; }
        });
      });
    });
    expect(differ).toBeLessThanOrEqual(1);
    expect(n).toBeGreaterThan(60);
    console.log(`mean corner error over ${n} corners: plain ${(errPlain / n).toFixed(2)} px, mirrored ${(errMirror / n).toFixed(2)} px`);
    expect(errMirror / n).toBeLessThanOrEqual((errPlain / n) * 1.05);
  }, 60_000);

  it('both mirrored views together are at least as accurate as the single views on phantom stills', async () => {
    const a = await plain.run(images), b = await mirrored.run(images);
    let errPlain = 0, errMirror = 0, n = 0;
    stills.forEach((s, k) => {
      const truth = new Map(s.truth.vertebrae.map((v) => [v.label, v.corners]));
      b[k]!.vertebrae.forEach((v) => {
        const p = a[k]!.vertebrae.find((x) => x.label === v.label), t = truth.get(v.label);
        if (!p || !t) return;
        v.corners.forEach((c, j) => {
          const q = p.corners[j], tc = t[j];
          if (c && q && tc) { errPlain += Math.hypot(q[0] - tc[0], q[1] - tc[1]); errMirror += Math.hypot(c[0] - tc[0], c[1] - tc[1]); n++; }
        });
      });
    });
    expect(n).toBeGreaterThan(60);
    console.log(`mean corner error over ${n} corners: single views ${(errPlain / n).toFixed(2)} px, mirrored views ${(errMirror / n).toFixed(2)} px`);
    expect(errMirror / n).toBeLessThanOrEqual((errPlain / n) * 1.05);
  }, 60_000);

  it('a run with mirror off is the single-crop answer, with the single-crop spread scale', async () => {
    const a = await plain.run(images), c = await mirrored.run(images, { mirror: false });
    expect(c.map((p) => p.timings.mirrored)).toEqual([false, false, false, false]);
    c.forEach((p, k) => p.vertebrae.forEach((v, i) => {
      expect(v.corners).toEqual(a[k]!.vertebrae[i]!.corners);
      expect(v.spread).toEqual(a[k]!.vertebrae[i]!.spread); // both use stepII.spreadScale 0.4
    }));
  }, 60_000);
});
