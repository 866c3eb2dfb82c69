/**
 * The batched pipeline on real ONNX Runtime sessions with the tiny analytic
 * package (test/fixtures/make-models.py): step I reports L1…S1 at fixed
 * corners, step II finds the dot drawn near each corner. So refined corners
 * must land on the dots, and batching must not change any result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, type Pipeline } from '../server/pipeline/index.js';
import { computeAngles } from '../server/measure/angles.js';
import { dotImage, dotTruth, tinyStepICorners, TINY_MODELS } from './fixtures/synthetic.js';

let p: Pipeline;
beforeAll(async () => { p = await createPipeline({ modelsDir: TINY_MODELS, provider: 'cpu', threads: 1 }); }, 30_000);
afterAll(async () => { await p?.dispose(); });

describe('pipeline on the tiny analytic models', () => {
  it('reports the provider and the validated manifest', () => {
    expect(p.provider).toBe('cpu');
    expect(p.providerNote).toMatch(/using cpu/);
    expect(p.manifest.stepII.crop).toEqual({ enlarge: 0.7, square: true });
  });

  it('finds L1…S1, step I at the fixed corners and step II on the dots', async () => {
    // 768 px: vertebrae ≈ 100 px wide, so the endplate SDs from the spreads stay under 2°.
    const W = 768, H = 768, truth = dotTruth(W, H, 3);
    const [r] = await p.run([dotImage(W, H, Object.values(truth).flat(), 4)]);
    expect(r!.vertebrae.map((v) => v.label)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'S1']);
    expect(r!.levelCheck).toBe('consistent'); // the fixture's bodies are spaced like a spine
    const fixed = tinyStepICorners(W, H), px = W / 256; // tolerances scale with the image
    for (const v of r!.vertebrae) {
      expect(v.score).toBeCloseTo(1 / (1 + Math.exp(-4)), 5);
      truth[v.label]!.forEach((t, c) => {
        const got = v.corners[c]!;
        // softmax(20·pixel) of dots sampled on a 32-pixel crop: a fraction of a crop pixel (5.3 px here)
        expect(Math.hypot(got[0] - t[0], got[1] - t[1])).toBeLessThan(1.0 * px); // half a crop-input pixel, < 3 % of the width
        expect(v.spread[c]!).toBeGreaterThan(0); expect(v.spread[c]!).toBeLessThan(3);
        // step I: the analytic Gaussian bumps (sd 0.1) decode within 0.5 px (at 256) of their centres
        const f = fixed[v.label]![c]!, s1 = v.stepI.corners[c]!;
        expect(Math.hypot(s1[0] - f[0], s1[1] - f[1])).toBeLessThan(0.5 * px);
      });
      if (v.label === 'S1') { expect(v.corners.slice(2)).toEqual([null, null]); expect(v.stepI.corners.slice(2)).toEqual([null, null]); }
    }
    // Angles from the refined corners equal the spec angles of the truth dots (within 2°).
    const t = computeAngles(Object.entries(truth).map(([label, corners]) => ({ label, corners: [...corners, null, null].slice(0, 4) })));
    for (const name of ['L1L5', 'L1S1', 'SS', 'disc:L4L5']) {
      expect(r!.angles[name], `${name}: ${r!.unmeasurable[name]}`).toBeDefined();
      expect(Math.abs(r!.angles[name]! - t.angles[name]!)).toBeLessThan(2);
      expect(r!.sd[name]!).toBeLessThan(2);
    }
    expect(r!.unmeasurable['disc:T12L1']).toBe('T12 not found in the image');
  });

  it('gives the same answers in one batch as one by one (8-bit, 16-bit, odd sizes)', async () => {
    const imgs = [
      dotImage(256, 256, Object.values(dotTruth(256, 256, 1)).flat()),
      dotImage(300, 200, Object.values(dotTruth(300, 200, -1.5)).flat(), 2.5, 16),
      dotImage(320, 384, Object.values(dotTruth(320, 384, 2.5)).flat(), 3.5),
    ];
    const batched = await p.run(imgs);
    for (let k = 0; k < imgs.length; k++) {
      const [single] = await p.run([imgs[k]!]);
      expect(batched[k]!.width).toBe(imgs[k]!.width);
      batched[k]!.vertebrae.forEach((v, i) => v.corners.forEach((c, j) => {
        const s = single!.vertebrae[i]!.corners[j];
        if (c === null) expect(s).toBeNull(); else { expect(c[0]).toBeCloseTo(s![0], 3); expect(c[1]).toBeCloseTo(s![1], 3); }
      }));
    }
    expect(batched[0]!.timings.stepIMs).toBeGreaterThan(0);
  });

  it('serialises overlapping calls (shared buffers) and keeps each answer with its caller', async () => {
    const a = dotImage(256, 256, Object.values(dotTruth(256, 256, 1)).flat());
    const b = dotImage(320, 320, Object.values(dotTruth(320, 320, -1)).flat());
    const [ra, rb, bad] = await Promise.allSettled([p.run([a]), p.run([b]), p.run([{ data: new Uint8Array(0), width: 0, height: 0 }])]);
    const [sa] = await p.run([a]), [sb] = await p.run([b]);
    expect(ra.status === 'fulfilled' && ra.value[0]!.vertebrae[0]!.corners).toEqual(sa!.vertebrae[0]!.corners);
    expect(rb.status === 'fulfilled' && rb.value[0]!.vertebrae[0]!.corners).toEqual(sb!.vertebrae[0]!.corners);
    expect(bad.status).toBe('rejected');
  });

  it('splits inputs larger than maxBatch and keeps their order', async () => {
    const q = await createPipeline({ modelsDir: TINY_MODELS, provider: 'cpu', maxBatch: 2 });
    try {
      const sizes = [[200, 200], [210, 220], [230, 200], [240, 260], [250, 250]] as const;
      const r = await q.run(sizes.map(([w, h]) => dotImage(w, h, Object.values(dotTruth(w, h)).flat())));
      expect(r.map((x) => [x.width, x.height])).toEqual(sizes.map((s) => [...s]));
      expect(r.every((x) => x.vertebrae.length === 6)).toBe(true);
    } finally { await q.dispose(); }
  });

  it('gives the same answers with ORT spin-waiting off (the live monitor\'s setting)', async () => {
    const q = await createPipeline({ modelsDir: TINY_MODELS, provider: 'cpu', threads: 2, spinning: false });
    try {
      const W = 400, H = 400, img = dotImage(W, H, Object.values(dotTruth(W, H)).flat());
      const [a] = await p.run([img]), [b] = await q.run([img]);
      expect(b!.vertebrae.map((v) => v.label)).toEqual(a!.vertebrae.map((v) => v.label));
      b!.vertebrae.forEach((v, i) => v.corners.forEach((c, k) => {
        const o = a!.vertebrae[i]!.corners[k];
        if (c === null || o === null) expect(c).toBe(o);
        else expect(Math.hypot(c[0] - o![0], c[1] - o![1])).toBeLessThan(1e-3);
      }));
    } finally { await q.dispose(); }
  });

  it('refuses an empty image and a 10 000 × 10 000 image by name', async () => {
    await expect(p.run([{ data: new Uint8Array(0), width: 0, height: 0 }])).rejects.toThrow('image: empty image (0×0)');
    await expect(p.run([{ data: new Uint8Array(0), width: 10000, height: 10000 }])).rejects.toThrow('image: 10000×10000 is too large (at most 8192 pixels a side)');
    await expect(p.run([{ data: new Uint8Array(10), width: 4, height: 4 }])).rejects.toThrow('pixel data has 10 values, expected 4×4 = 16');
  });

  it('with a package presence threshold under 0.5, reports presences mapped to it and asks angles for step I\'s 0.5', async () => {
    const low = await createPipeline({ modelsDir: TINY_MODELS, provider: 'cpu', threads: 1, presenceThreshold: 0.3 });
    try {
      expect(low.presenceThreshold).toBe(0.3);
      expect(low.anglePresence).toBeCloseTo(1 / (1 + Math.exp(-Math.log(7 / 3))), 9); // 0.5 raw → 0.70 reported
      expect(p.anglePresence).toBe(0.5);
      const W = 768, img = dotImage(W, W, Object.values(dotTruth(W, W, 3)).flat(), 4);
      const [a] = await p.run([img]), [b] = await low.run([img]);
      expect(b!.vertebrae.map((v) => v.label)).toEqual(a!.vertebrae.map((v) => v.label));
      // raw 1/(1 + e^−4) → logit 4 + logit(0.5) − logit(0.3) = 4.85
      for (const v of b!.vertebrae) expect(v.score).toBeCloseTo(1 / (1 + Math.exp(-(4 + Math.log(7 / 3)))), 5);
      expect(b!.angles).toEqual(a!.angles); // every vertebra is far above both thresholds
    } finally { await low.dispose(); }
    await expect(createPipeline({ modelsDir: TINY_MODELS, provider: 'cpu', threads: 1, presenceThreshold: 1.2 })).rejects.toThrow('presenceThreshold must be in (0, 1), got 1.2');
  });
});
