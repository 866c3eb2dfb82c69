import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  correctCorners, correctImage, horizontalDeg, horizontalDegFromPoints, identityProfile, loadCalibration, orientImage, pointMaps,
  QUARTER_TURNS, rescaleProfile, withHorizontal, type CalibrationProfile,
} from '../calibration/index.js';
import { computeAngles } from '../server/measure/angles.js';
import { acquireSpine, spineCorners, DEFAULT_SPINE } from '../server/phantom/calibration-spine.js';
import type { RadialDistortion } from '../server/geometry/distortion.js';
import type { Point } from '../server/spec/labels.js';

const SIZE = { width: 1024, height: 1024 };
/** Typical image-intensifier pincushion: k1 = 0.08 with R the half-diagonal (spec of server/geometry/distortion.ts). */
const PINCUSHION: RadialDistortion = { cx: 520, cy: 500, radius: Math.hypot(1024, 1024) / 2, k1: 0.08, k2: 0.01 };

function profileWith(over: Partial<CalibrationProfile>): CalibrationProfile {
  return { ...identityProfile(SIZE.width, SIZE.height, 'test'), ...over };
}

describe('orientation', () => {
  it('moves every pixel where the point map says, for all rotations and mirrors', () => {
    // A 5×3 image with distinct values: pixel (x, y) holds 10·y + x.
    const img = { width: 5, height: 3, data: Uint8Array.from({ length: 15 }, (_, i) => 10 * Math.floor(i / 5) + (i % 5)) };
    for (const rotateDeg of QUARTER_TURNS) for (const mirror of [false, true]) {
      const p = { ...identityProfile(5, 3), orientation: { rotateDeg, fineDeg: 0, mirror } };
      const out = orientImage(p, img);
      expect([out.width, out.height]).toEqual(rotateDeg % 180 ? [3, 5] : [5, 3]);
      const maps = pointMaps(p);
      for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) {
        const [ox, oy] = maps.orient([x, y]);
        expect(out.data[Math.round(oy) * out.width + Math.round(ox)]).toBe(10 * y + x);
        expect(Math.abs(ox - Math.round(ox)) + Math.abs(oy - Math.round(oy))).toBeLessThan(1e-9);
      }
    }
  });

  it('turns 90° clockwise on screen: the top-left pixel goes top-right', () => {
    // Displayed 5×3, rotate 90° clockwise → 3×5; displayed (0,0) → oriented (2,0).
    const p = { ...identityProfile(5, 3), orientation: { rotateDeg: 90 as const, fineDeg: 0, mirror: false } };
    expect(pointMaps(p).orient([0, 0])).toEqual([2, 0]);
    // Mirror alone: (0,0) → (4,0).
    const m = { ...identityProfile(5, 3), orientation: { rotateDeg: 0 as const, fineDeg: 0, mirror: true } };
    expect(pointMaps(m).orient([0, 0])).toEqual([4, 0]);
  });

  it('moves a dot where the point map says under a fine angle (bilinear path)', () => {
    const w = 120, h = 90, q = [80.4, 30.2] as const;
    const data = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = Math.exp(-((x - q[0]) ** 2 + (y - q[1]) ** 2) / 8);
    const p = { ...identityProfile(w, h), orientation: { rotateDeg: 270 as const, fineDeg: -7.5, mirror: true } };
    const out = orientImage(p, { width: w, height: h, data });
    let sw = 0, sx = 0, sy = 0;
    for (let y = 0; y < out.height; y++) for (let x = 0; x < out.width; x++) { const v = out.data[y * out.width + x]!; sw += v; sx += v * x; sy += v * y; }
    const want = pointMaps(p).orient(q);
    expect(Math.hypot(sx / sw - want[0], sy / sw - want[1])).toBeLessThan(0.05);
  });

  it('refuses a frame of another size, naming both sizes', () => {
    expect(() => orientImage(identityProfile(1024, 1024, 'or3'), { width: 640, height: 480, data: new Uint8Array(640 * 480) }))
      .toThrow('calibration "or3" is for 1024×1024 frames, got 640×480');
  });
});

describe('corner correction against the spec angles (synthetic spine, exact distortion)', () => {
  const anatomy = spineCorners(DEFAULT_SPINE);

  it('recovers the patient angles for every display orientation, mirror and C-arm tilt', () => {
    for (const rotateDeg of QUARTER_TURNS) for (const mirror of [false, true]) for (const tiltDeg of [0, 12]) {
      const profile = profileWith({ orientation: { rotateDeg, fineDeg: 3, mirror }, distortion: PINCUSHION, horizontal: { source: 'tilt', tiltDeg } });
      const maps = pointMaps(profile);
      // The display shows oriented⁻¹ of the upright image; the intensifier distorts in displayed pixels.
      const { displayed, patient } = acquireSpine(anatomy, SIZE, PINCUSHION, tiltDeg, maps.display);
      const seen = displayed.map((v) => ({ ...v, corners: v.corners.map((c) => (c ? maps.orient(c) : null)) }));
      const got = computeAngles(correctCorners(profile, seen), { horizontalDeg: horizontalDeg(profile) }).angles;
      for (const k of ['L1L5', 'L1S1', 'SS', 'disc:L4L5']) expect(got[k]).toBeCloseTo(patient[k]!, 6);
    }
  });

  it('shows how far off the angles are without correction', () => {
    const { displayed, patient } = acquireSpine(anatomy, SIZE, PINCUSHION);
    const raw = computeAngles(displayed).angles;
    const err = Object.fromEntries(['L1L5', 'L1S1', 'SS'].map((k) => [k, raw[k]! - patient[k]!]));
    // Pincushion stretches the periphery: the uncorrected angles are measurably off.
    expect(Math.max(...Object.values(err).map(Math.abs))).toBeGreaterThan(0.5);
  });
});

describe('whole-frame correction', () => {
  it('puts a displayed dot where correctCorners puts its centre (rotation, mirror, fine angle, pincushion)', () => {
    // 200×160 displayed frame, one Gaussian dot (σ 2 px) at q; profile: mirror, 90°, fine 5°, k1 0.1.
    const w = 200, h = 160, q = [150.3, 40.7] as const;
    const data = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = Math.exp(-((x - q[0]) ** 2 + (y - q[1]) ** 2) / 8);
    const profile: CalibrationProfile = {
      ...identityProfile(w, h), orientation: { rotateDeg: 90, fineDeg: 5, mirror: true },
      distortion: { cx: 95, cy: 85, radius: 128, k1: 0.1, k2: 0 },
    };
    const out = correctImage(profile, { width: w, height: h, data });
    expect([out.width, out.height]).toEqual([160, 200]);
    let sw = 0, sx = 0, sy = 0;
    for (let y = 0; y < out.height; y++) for (let x = 0; x < out.width; x++) { const v = out.data[y * out.width + x]!; sw += v; sx += v * x; sy += v * y; }
    const want = pointMaps(profile).correct(pointMaps(profile).orient(q));
    expect(Math.hypot(sx / sw - want[0], sy / sw - want[1])).toBeLessThan(0.05);
  });
});

describe('horizontal reference', () => {
  it('measures a drawn line, folded to (−90, 90]', () => {
    // (0,0)→(10,1): atan(1/10) = 5.711°; drawn right-to-left gives the same line.
    expect(horizontalDegFromPoints([0, 0], [10, 1])).toBeCloseTo(5.7106, 4);
    expect(horizontalDegFromPoints([10, 1], [0, 0])).toBeCloseTo(5.7106, 4);
    expect(horizontalDegFromPoints([0, 0], [0, 5])).toBe(90);
    expect(() => horizontalDegFromPoints([3, 3], [3, 3])).toThrow('the two points are the same');
  });

  it('corrects a table edge drawn on the displayed frame into the upright frame', () => {
    // Upright truth: the table edge is the line at 12° through the frame; the display is rotated 270° and mirrored.
    const base = profileWith({ orientation: { rotateDeg: 270, fineDeg: 0, mirror: true }, distortion: PINCUSHION });
    const maps = pointMaps(base);
    const t = (12 * Math.PI) / 180;
    const edge = [[200, 800], [200 + 600 * Math.cos(t), 800 + 600 * Math.sin(t)]] as const;
    const drawn = edge.map((p) => maps.display(maps.distort(p))); // as shown on the displayed (distorted) frame
    const p = withHorizontal(base, { source: 'line', space: 'displayed', points: [drawn[0]!, drawn[1]!] });
    expect(horizontalDeg(p)).toBeCloseTo(12, 6);
  });
});

describe('rescaleProfile', () => {
  it('gives the same corrected angles at half the capture resolution', () => {
    const anatomy = spineCorners(DEFAULT_SPINE);
    const big = profileWith({ orientation: { rotateDeg: 90, fineDeg: 0, mirror: true }, distortion: PINCUSHION, horizontal: { source: 'line', space: 'displayed', points: [[100, 900], [900, 850]] } });
    const small = rescaleProfile(big, 512, 512);
    expect(small.distortion!.cx).toBeCloseTo((520 + 0.5) / 2 - 0.5, 9);
    // The same anatomy imaged at 1024² and at 512² (all pixel coordinates halved about pixel edges).
    const half = (p: Point): Point => [(p[0] + 0.5) / 2 - 0.5, (p[1] + 0.5) / 2 - 0.5];
    const seenBig = acquireSpine(anatomy, SIZE, PINCUSHION, 0, pointMaps(big).display).displayed.map((v) => ({ ...v, corners: v.corners.map((c) => (c ? pointMaps(big).orient(c) : null)) }));
    const seenSmall = seenBig.map((v) => ({ ...v, corners: v.corners.map((c) => (c ? half(c) : null)) }));
    const a = computeAngles(correctCorners(big, seenBig), { horizontalDeg: horizontalDeg(big) }).angles;
    const b = computeAngles(correctCorners(small, seenSmall), { horizontalDeg: horizontalDeg(small) }).angles;
    for (const k of ['L1L5', 'L1S1', 'SS']) expect(b[k]).toBeCloseTo(a[k]!, 6);
    expect(() => rescaleProfile(big, 640, 480)).toThrow('calibration "test" is for 1024×1024 frames and cannot be rescaled to 640×480 (another aspect ratio): recalibrate at this resolution');
  });
});

describe('loadCalibration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calib-'));
  const write = (name: string, body: unknown) => { const f = join(dir, name); writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body)); return f; };
  const good = { format: 'sagitta-calibration/1', name: 'or3', image: { width: 1024, height: 1024 }, orientation: { rotateDeg: 90, mirror: true }, distortion: PINCUSHION };

  it('loads the example profile made by sagitta calibrate', async () => {
    const p = await loadCalibration('calibration/profiles/phantom-example.json');
    expect(p.distortion!.k1).toBeCloseTo(0.08, 2);
    expect(p.pixelSpacingMm).toBeCloseTo(0.25, 3);
  });

  it('loads a valid profile with defaults', async () => {
    const p = await loadCalibration(write('ok.json', good));
    expect(p.orientation).toEqual({ rotateDeg: 90, fineDeg: 0, mirror: true });
    expect(p.horizontal).toEqual({ source: 'image' });
    expect(p.pixelSpacingMm).toBeNull();
  });

  it('names the file and the problem', async () => {
    await expect(loadCalibration(join(dir, 'none.json'))).rejects.toThrow(/none\.json: cannot read \(ENOENT\)/);
    await expect(loadCalibration(write('bad.json', '{'))).rejects.toThrow(/bad\.json: not valid JSON/);
    await expect(loadCalibration(write('rot.json', { ...good, orientation: { rotateDeg: 45 } })))
      .rejects.toThrow(/rot\.json: orientation\.rotateDeg must be one of 0, 90, 180, 270, got 45/);
    await expect(loadCalibration(write('fmt.json', { ...good, format: 'x' }))).rejects.toThrow(/format must be "sagitta-calibration\/1", got "x"/);
    await expect(loadCalibration(write('fold.json', { ...good, distortion: { ...PINCUSHION, k1: -0.45 } })))
      .rejects.toThrow(/fold\.json: distortion must be one-to-one/);
    await expect(loadCalibration(write('h.json', { ...good, horizontal: { source: 'line', points: [[1, 1]] } })))
      .rejects.toThrow(/horizontal\.points must be two points/);
  });
});
