/**
 * Grey collimator blades (server/pipeline/blades.ts): found on synthetic
 * fields and on a real phantom still, refused for look-alikes (an instrument
 * laid over the field, a soft-tissue ramp, a faint straight edge), and the
 * rule that drops a vertebra with a corner behind one. Also the reported
 * presence mapping of a package's presence threshold.
 */
import { describe, expect, it } from 'vitest';
import { bladeKeepPx, clearOfBlades, findGreyBlades, type Blade } from '../server/pipeline/blades.js';
import { createPipeline, reportedPresence } from '../server/pipeline/index.js';
import { renderStill } from '../server/phantom/still.js';
import { hashSeed } from '../server/phantom/rng.js';
import { encodePng } from '../server/image/png.js';
import { decodePng } from '../server/image/png.js';
import type { GrayImage } from '../server/image/types.js';

const W = 1024, H = 1024;
/** A deterministic noise source (±amp, uniform). */
function noise(seed: number, amp: number): () => number {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return ((s % 2001) / 1000 - 1) * amp; };
}
/** An 8-bit frame: tissue with texture (gentle waves) and noise, then `paint` per pixel. */
function frame(paint: (x: number, y: number, g: number) => number, seed = 3): GrayImage<Uint8Array> {
  const data = new Uint8Array(W * H), n = noise(seed, 6);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const g = 140 + 20 * Math.sin(x / 90) * Math.cos(y / 130) + n();
    data[y * W + x] = Math.max(0, Math.min(255, Math.round(paint(x, y, g))));
  }
  return { data, width: W, height: H };
}
/**
 * The blade within 1° and 3 px of (nx, ny, c), or undefined. 3 px: on these
 * noisy synthetic fields the edge points scatter ±2.5 px (the phantom still
 * below, 0.5 px); a corner keeps 4 px from a blade's edge.
 */
const near = (bs: readonly Blade[], nx: number, ny: number, c: number) =>
  bs.find((b) => b.nx * nx + b.ny * ny > Math.cos(Math.PI / 180) && Math.abs(b.c - c) <= 3);

describe('findGreyBlades', () => {
  it('finds a tilted grey blade (anatomy still showing through it) to 3 px and 1°', () => {
    // Blade beyond the line 0.9976·x + 0.0698·y = 900 (4° from vertical), the image there at 40 % of the tissue.
    const nx = Math.cos((4 * Math.PI) / 180), ny = Math.sin((4 * Math.PI) / 180);
    const img = frame((x, y, g) => (nx * x + ny * y > 900 ? 0.4 * g : g));
    const bs = findGreyBlades(img);
    expect(bs).toHaveLength(1);
    expect(near(bs, nx, ny, 900)).toBeDefined();
  });
  it('finds the same blade shown brighter on an inverted display, and two blades at once', () => {
    const img = frame((x, y, g) => (y < 120 || x < 90 ? 255 - 0.3 * (255 - g) : g));
    const bs = findGreyBlades(img);
    expect(bs).toHaveLength(2);
    expect(near(bs, 0, -1, -119.5)).toBeDefined(); // rows 0…119 behind the blade: the edge at y = 119.5
    expect(near(bs, -1, 0, -89.5)).toBeDefined();
  });
  it('does not take a dark bar laid across the field (a retractor), a soft-tissue ramp or a faint straight edge for a blade', () => {
    // A 60 px bar from the right edge into the field: both its edges are long straight steps.
    const bar = frame((x, y, g) => (x > 500 && Math.abs(y - 0.3 * x - 300) < 30 ? 0.3 * g : g));
    expect(findGreyBlades(bar)).toEqual([]);
    // The abdomen's edge: the image brightens over 120 px.
    const ramp = frame((x, _y, g) => g + 100 * Math.min(1, Math.max(0, (x - 760) / 120)));
    expect(findGreyBlades(ramp)).toEqual([]);
    // A straight edge stepping 10 grey levels, about a fifth of this image's 2–98 % range (the straight
    // edges of soft tissue in the phantom step 19–29 % of it, blades 40–68 %).
    const faint = frame((_x, y, g) => (y > 850 ? g - 10 : g));
    expect(findGreyBlades(faint)).toEqual([]);
  });
  it('finds the four grey blades of a phantom still (calibration seed 515151, image 37) to 1 px', () => {
    const r = renderStill({ seed: hashSeed(515151, 37), width: W, height: H });
    // As a PNG round trip would give it: 8-bit.
    const img = decodePng(encodePng(r.image, 8));
    const bs = findGreyBlades(img);
    expect(r.view.shutters).toHaveLength(4);
    expect(bs).toHaveLength(4);
    for (const s of r.view.shutters) {
      const b = bs.find((x) => x.nx * s.nx + x.ny * s.ny > Math.cos(Math.PI / 180));
      expect(b, JSON.stringify(s)).toBeDefined();
      expect(Math.abs(b!.c - s.c)).toBeLessThan(1);
    }
  });
  it('returns no blade for a flat image', () => {
    expect(findGreyBlades({ data: new Uint8Array(W * H).fill(128), width: W, height: H })).toEqual([]);
  });
});

describe('clearOfBlades (a corner keeps 4 px from a grey blade\'s edge at 1024²)', () => {
  const blade: Blade = { nx: 1, ny: 0, c: 900 };
  const body = (x: number) => ({ corners: [[x - 100, 400], [x, 400], [x, 480], [x - 100, 480]] as [number, number][] });
  it('keeps a vertebra inside, drops one with a corner within 4 px of the edge or behind it', () => {
    expect(bladeKeepPx(W, H)).toBeCloseTo(4.1, 1); // 2 × 0.2 % of 1024
    expect(clearOfBlades(body(896), [blade], 4)).toBe(true);
    expect(clearOfBlades(body(896.5), [blade], 4)).toBe(false);
    expect(clearOfBlades(body(950), [blade], 4)).toBe(false);
    expect(clearOfBlades(body(950), [], 4)).toBe(true);
  });
  it('ignores missing corners (S1 has two)', () => {
    expect(clearOfBlades({ corners: [[800, 400], [850, 420], null, null] }, [blade], 4)).toBe(true);
  });
});

describe('reportedPresence', () => {
  it('maps the package threshold to 0.5, keeps the order, and is the identity at 0.5', () => {
    expect(reportedPresence(0.3, 0.3)).toBeCloseTo(0.5, 12);
    expect(reportedPresence(0.29, 0.3)).toBeLessThan(0.5);
    expect(reportedPresence(0.5, 0.3)).toBeCloseTo(0.7, 2); // logit 0 + 0.847
    expect(reportedPresence(0.999, 0.3)).toBeLessThanOrEqual(1);
    expect(reportedPresence(0.42, 0.5)).toBe(0.42);
    const xs = [0.01, 0.2, 0.3, 0.5, 0.9, 0.99];
    const ys = xs.map((x) => reportedPresence(x, 0.3));
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
  });
});

describe('the pipeline with grey blades (models/default)', () => {
  it('drops the vertebrae behind them, and reuses them within a key (a live shot) until it changes', async () => {
    // The same patient and look, rendered with and without the collimator's four grey blades.
    const seed = hashSeed(515151, 37);
    const r = renderStill({ seed, width: W, height: H });
    const open = renderStill({ seed, view: { ...r.view, shutters: [] } });
    const bladed = decodePng(encodePng(r.image, 8)), clear = decodePng(encodePng(open.image, 8));
    const p = await createPipeline({ modelsDir: 'models/default', provider: 'cpu', threads: 2 });
    try {
      const labels = async (img: GrayImage, o = {}) => (await p.run([img], o))[0]!.vertebrae.map((v) => v.label);
      const truth = (t: typeof r.truth) => t.vertebrae.map((v) => v.label);
      expect(await labels(bladed)).toEqual(truth(r.truth)); // T10…L4: the blades hide T9, L5 and S1
      expect(await labels(clear)).toEqual(truth(open.truth)); // T9…S1
      const shot = (key: number) => ({ reuseField: { key, maxAgeMs: 60_000 } });
      await labels(bladed, shot(1));
      expect(await labels(clear, shot(1))).toEqual(truth(r.truth)); // the same key: the blades found before
      expect(await labels(clear, shot(2))).toEqual(truth(open.truth)); // a new key: found again
    } finally { await p.dispose(); }
  }, 60_000);
});
