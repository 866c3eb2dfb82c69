/**
 * Hand-worked checks of the pipeline's geometry: DSNT decoding of synthetic
 * heatmaps, the crop rule, and the crop → resize → back-map round trip.
 */
import { describe, expect, it } from 'vitest';
import type { ModelManifest } from '../server/pipeline/manifest-types.js';
import { DEFAULT_TRAINING_SIDE, trainingSide } from '../server/pipeline/landmark-pipeline.js';
import { decodeHeatmap } from '../server/pipeline/dsnt.js';
import { averageEstimates, mirroredRegion } from '../server/pipeline/decode.js';
import type { MaybeCorners, MaybeSpreads } from '../server/pipeline/types.js';
import { cropRegion, toImagePoint, toImageSpread, toNormalised } from '../server/pipeline/crop.js';
import { boxPrefilter, resampleInto, resizeInto, sourceCoord, wholeImage } from '../server/image/resample.js';

describe('decodeHeatmap (dsntnn convention u = (2x+1)/W − 1)', () => {
  it('puts a one-hot map at its pixel centre', () => {
    // W=4, H=2, all mass at x=1, y=0: u = 3/4 − 1 = −0.25, v = 1/2 − 1 = −0.5, no spread.
    const m = new Float32Array(8); m[1] = 1;
    const d = decodeHeatmap(m, 0, 4, 2)!;
    expect(d.u).toBeCloseTo(-0.25, 12); expect(d.v).toBeCloseTo(-0.5, 12);
    expect(d.sdU).toBe(0); expect(d.sdV).toBe(0);
  });
  it('gives mean and SD of a two-point map, renormalising its sum', () => {
    // Row 1 holds 0.25 at x=0 (u=−0.75) and 0.25 at x=3 (u=+0.75); sum 0.5 → renormalised.
    // mean u = 0, SD u = 0.75; v = (2·1+1)/2 − 1 = 0.5, SD v = 0.
    const m = new Float32Array(8); m[4] = 0.25; m[7] = 0.25;
    const d = decodeHeatmap(m, 0, 4, 2)!;
    expect(d.u).toBeCloseTo(0, 12); expect(d.sdU).toBeCloseTo(0.75, 12);
    expect(d.v).toBeCloseTo(0.5, 12); expect(d.sdV).toBeCloseTo(0, 12);
  });
  it('reads at an offset and refuses an all-zero or NaN map', () => {
    const m = new Float32Array(16); m[8 + 6] = 1; // second 4×2 map, x=2, y=1: u = 0.25, v = 0.5
    expect(decodeHeatmap(m, 8, 4, 2)).toMatchObject({ u: 0.25, v: 0.5 });
    expect(decodeHeatmap(m, 0, 4, 2)).toBeNull();
    m[0] = NaN; expect(decodeHeatmap(m, 0, 4, 2)).toBeNull();
  });
});

describe('crop rule and back-mapping', () => {
  it('enlarges the bounding box by 70 % about its centre and squares it', () => {
    // Box 20×10 centred at (20, 25): 34×17 → square 34: left 20−17 = 3, top 25−17 = 8.
    const r = cropRegion([[10, 20], [30, 20], [30, 30], [10, 30]], { enlarge: 0.7, square: true })!;
    expect(r).toEqual({ left: 3, top: 8, width: 34, height: 34 });
    const nr = cropRegion([[10, 20], [30, 20], null, null], { enlarge: 0.7, square: false })!;
    expect(nr.width).toBeCloseTo(34, 12); expect(nr.height).toBe(8); // flat S1 box floored at MIN_CROP_SIDE
    expect(cropRegion([null, null, null, null], { enlarge: 0.7, square: true })).toBeNull();
  });
  it('maps u = −1, 0, +1 to the left edge, centre and right edge of the region', () => {
    const r = { left: 3, top: 8, width: 34, height: 34 };
    expect(toImagePoint({ u: -1, v: -1, sdU: 0, sdV: 0 }, r)).toEqual([3, 8]);
    expect(toImagePoint({ u: 0, v: 0, sdU: 0, sdV: 0 }, r)).toEqual([20, 25]);
    expect(toImagePoint({ u: 1, v: 1, sdU: 0, sdV: 0 }, r)).toEqual([37, 42]);
    // spread: σx = 0.1·34/2 = 1.7, σy = 0.2·34/2 = 3.4 → √((1.7²+3.4²)/2) = 2.6879…
    expect(toImageSpread({ u: 0, v: 0, sdU: 0.1, sdV: 0.2 }, r)).toBeCloseTo(Math.sqrt((1.7 ** 2 + 3.4 ** 2) / 2), 12);
  });
  it('samples the whole image with align_corners=false: 1024 → 256, pixel 0 reads x = 1.5', () => {
    // (0 + 0.5)·1024/256 − 0.5 = 1.5; pixel 255 reads 255.5·4 − 0.5 = 1021.5.
    const w = wholeImage({ width: 1024, height: 1024 });
    expect(sourceCoord(w.left, w.width, 256, 0)).toBe(1.5);
    expect(sourceCoord(w.left, w.width, 256, 255)).toBe(1021.5);
  });
  it('round-trips crop → resize → heatmap at the sampled pixel → back-map to 1e-3 px', () => {
    // Linear ramps X(x, y) = x and Y(x, y) = y are reproduced exactly by bilinear sampling, so
    // each input pixel's values tell which source point it sampled; a one-hot heatmap at that
    // pixel must decode (DSNT) and back-map to the same source point.
    const W = 300, H = 200, rx = new Float32Array(W * H), ry = new Float32Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) { rx[y * W + x] = x; ry[y * W + x] = y; }
    const region = cropRegion([[101.3, 52.7], [161.9, 60.2], [158.4, 98.8], [99.1, 90.05]], { enlarge: 0.7, square: true })!;
    const n = 48, inX = new Float32Array(n * n), inY = new Float32Array(n * n), unit = { scale: 1, mean: 0, std: 1 };
    resampleInto({ data: rx, width: W, height: H }, region, unit, inX, 0, n, n);
    resampleInto({ data: ry, width: W, height: H }, region, unit, inY, 0, n, n);
    for (const [i, j] of [[0, 0], [17, 5], [47, 47], [30, 12]] as const) {
      const sx = inX[j * n + i]!, sy = inY[j * n + i]!;
      const heat = new Float32Array(n * n); heat[j * n + i] = 1;
      const p = toImagePoint(decodeHeatmap(heat, 0, n, n)!, region);
      expect(Math.abs(p[0] - sx)).toBeLessThan(1e-3);
      expect(Math.abs(p[1] - sy)).toBeLessThan(1e-3);
    }
    const q: [number, number] = [123.456, 77.001];
    const back = toImagePoint((([u, v]) => ({ u, v, sdU: 0, sdV: 0 }))(toNormalised(q, region)), region);
    expect(Math.abs(back[0] - q[0]) + Math.abs(back[1] - q[1])).toBeLessThan(1e-9);
  });
  it('reads outside the image as 0 and normalises (v·scale − mean)/std', () => {
    const img = { data: new Uint8Array([255, 255, 255, 255]), width: 2, height: 2 };
    const out = new Float32Array(16);
    // Region 4×4 starting one pixel left/up of the image: output pixel (0,0) samples (−1,−1) → 0.
    resampleInto(img, { left: -1.5, top: -1.5, width: 4, height: 4 }, { scale: 1 / 255, mean: 0.5, std: 0.25 }, out, 0, 4, 4);
    expect(out[0]).toBeCloseTo(-2, 6);   // (0 − 0.5)/0.25
    expect(out[5]).toBeCloseTo(2, 6);    // pixel (1,1) samples (0,0) = 255 → (1 − 0.5)/0.25
  });
});

describe('step I resize', () => {
  it('averages 4×4 blocks for 1024 → 256 and keeps the geometry exact', () => {
    // A ramp x is linear, so box averages and bilinear reproduce it: input pixel i reads 4i + 1.5.
    const W = 1024, rx = new Float32Array(W * 8);
    for (let y = 0; y < 8; y++) for (let x = 0; x < W; x++) rx[y * W + x] = x;
    const pooled = boxPrefilter({ data: rx, width: W, height: 8 }, 256, 2);
    expect([pooled.width, pooled.height]).toEqual([256, 2]);
    expect(pooled.data[0]).toBeCloseTo(1.5, 6); // mean of 0, 1, 2, 3
    const out = new Float32Array(256 * 2);
    resizeInto({ data: rx, width: W, height: 8 }, { scale: 1, mean: 0, std: 1 }, out, 0, 256, 2);
    for (const i of [0, 100, 255]) expect(out[i]).toBeCloseTo(sourceCoord(-0.5, W, 256, i), 3);
    // Via the training side: the same geometry (the ramp is linear), by either path.
    const sq = new Float32Array(W * W);
    for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) sq[y * W + x] = x;
    for (const via of [1024, 512]) {
      const o = new Float32Array(256 * 256);
      resizeInto({ data: sq, width: W, height: W }, { scale: 1, mean: 0, std: 1 }, o, 0, 256, 256, via);
      for (const i of [0, 100, 255]) expect(o[7 * 256 + i]).toBeCloseTo(sourceCoord(-0.5, W, 256, i), 2);
    }
    // Without a training side, a checkerboard (period 2) averages to flat grey instead of aliasing.
    const cb = new Uint8Array(64 * 64).map((_, k) => (((k % 64) + Math.floor(k / 64)) % 2) * 255);
    const o2 = new Float32Array(16 * 16);
    resizeInto({ data: cb, width: 64, height: 64 }, { scale: 1 / 255, mean: 0, std: 1 }, o2, 0, 16, 16);
    expect(Math.max(...o2) - Math.min(...o2)).toBeLessThan(1e-6);
  });
});

describe('training side from the manifest', () => {
  it('reads training.cache_size and defaults to 1024', () => {
    const m = (training?: Record<string, unknown>): ModelManifest => ({ training } as unknown as ModelManifest);
    expect(trainingSide(m({ cache_size: 512 }))).toBe(512);
    expect(trainingSide(m({ cacheSize: 768 }))).toBe(768);
    expect(trainingSide(m())).toBe(DEFAULT_TRAINING_SIDE);
    expect(trainingSide(m({ cache_size: 'big' }))).toBe(1024);
  });
});

describe('mirrored step-II crops', () => {
  const r = { left: 100, top: 50, width: 64, height: 80 };
  it('decode through the mirrored region as u → −u on the crop', () => {
    for (const [u, v] of [[-0.8, 0.1], [0, -0.5], [0.37, 0.9]] as const) {
      const a = toImagePoint({ u, v, sdU: 0.1, sdV: 0.2 }, mirroredRegion(r));
      const b = toImagePoint({ u: -u, v, sdU: 0.1, sdV: 0.2 }, r);
      expect(a[0]).toBeCloseTo(b[0], 10); expect(a[1]).toBeCloseTo(b[1], 10);
    }
    // The spread does not depend on the mirroring.
    expect(toImageSpread({ u: 0.2, v: 0, sdU: 0.1, sdV: 0.2 }, mirroredRegion(r))).toBeCloseTo(toImageSpread({ u: -0.2, v: 0, sdU: 0.1, sdV: 0.2 }, r), 12);
  });
  it('a one-hot map at pixel x of the mirrored crop lands on pixel W − 1 − x of the crop', () => {
    const W = 8, H = 4, m = new Float32Array(W * H);
    m[1 * W + 2] = 1; // mirrored crop pixel (2, 1)
    const d = decodeHeatmap(m, 0, W, H)!;
    const back = toImagePoint(d, mirroredRegion(r)), plain = toImagePoint({ u: (2 * (W - 1 - 2) + 1) / W - 1, v: d.v, sdU: 0, sdV: 0 }, r);
    expect(back[0]).toBeCloseTo(plain[0], 10); expect(back[1]).toBeCloseTo(plain[1], 10);
  });
  it('averages the two estimates, the disagreement adding to the spread', () => {
    const a = { corners: [[10, 10], [20, 10], null, [0, 0]] as MaybeCorners, spread: [1, 2, null, 1] as MaybeSpreads };
    const b = { corners: [[14, 10], [20, 10], [5, 5], null] as MaybeCorners, spread: [1, 2, 3, null] as MaybeSpreads };
    const m = averageEstimates(a, b);
    expect(m.corners).toEqual([[12, 10], [20, 10], [5, 5], [0, 0]]);
    // SA: √((1 + 1)/2 + 4²/8) = √3; SP: the same point twice keeps its spread; one-sided corners keep theirs.
    expect(m.spread[0]).toBeCloseTo(Math.sqrt(3), 12);
    expect(m.spread.slice(1)).toEqual([2, 3, 1]);
  });
});
