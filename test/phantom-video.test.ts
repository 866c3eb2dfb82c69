/**
 * The phantom video end to end with the real ffmpeg: video.mp4 decoded back
 * matches truth.json frame by frame (frame count, held frames equal to their
 * live frame, PSNR ≥ 40 dB against the raw render), and the schedule of
 * pulses, holds and the C-arm move is what the timeline says.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../server/ffmpeg/resolve.js';
import { validateTimeline } from '../server/phantom/timeline.js';
import { videoFrames, writeVideo } from '../server/phantom/video.js';
import type { Dataset } from '../server/spec/dataset.js';

const W = 256, H = 224, FPS = 15, SECONDS = 3;
const timeline = validateTimeline({
  discs: [{ t: 0, discDeg: { L4: 2, L5: 4 } }, { t: 2.5, discDeg: { L4: 10, L5: 14 } }],
  implants: [{ t: 0, screws: ['L4', 'L5', 'S1'] }, { t: 1.5, cages: ['L4'], rods: true }],
  shots: [{ t: 0, duration: 0.8, pulseFps: 7.5 }, { t: 1.4, duration: 0.6, pulseFps: 30 }, { t: 2.4, duration: 0.4, pulseFps: 15 }],
  carm: [{ t: 1.2, panMm: [0, 20] }, { t: 2.2, panMm: [0, 0] }],
}, SECONDS);

const dir = mkdtempSync(join(tmpdir(), 'phantom-video-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function decode(path: string): Buffer {
  const r = spawnSync(resolveFfmpeg().path, ['-hide_banner', '-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ffmpeg decode failed: ${r.stderr.toString()}`);
  return r.stdout;
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) { const d = a[i]! - b[i]!; se += d * d; }
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255) / (se / a.length));
}

describe('phantom video', () => {
  it('writes video.mp4 whose decoded frames match truth.json and the raw render', async () => {
    const ds: Dataset = await writeVideo({ out: dir, seconds: SECONDS, fps: FPS, seed: 4, width: W, height: H, timeline });
    const onDisk = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Dataset;
    expect(onDisk.format).toBe('spine-landmarks/1');
    expect(onDisk.images).toEqual(ds.images);
    const raw = [...videoFrames({ seconds: SECONDS, fps: FPS, seed: 4, width: W, height: H, timeline })];
    const decoded = decode(join(dir, 'video.mp4'));
    const n = W * H;
    expect(decoded.length / n).toBe(SECONDS * FPS);
    expect(ds.images.length).toBe(SECONDS * FPS);
    let lastLive = -1, worst = Infinity;
    ds.images.forEach((f, k) => {
      expect(f.frame).toBe(k);
      expect(f.t).toBeCloseTo(k / FPS, 6);
      const frame = decoded.subarray(k * n, (k + 1) * n);
      const q = psnr(frame, raw[k]!.image);
      worst = Math.min(worst, q);
      expect(q, `frame ${k} PSNR`).toBeGreaterThanOrEqual(40);
      if (f.held) {
        expect(lastLive).toBeGreaterThanOrEqual(0);
        const live = ds.images[lastLive]!;
        expect({ ...f, frame: 0, t: 0, held: false }).toEqual({ ...live, frame: 0, t: 0, held: false });
        expect(raw[k]!.image).toEqual(raw[lastLive]!.image);
        expect(psnr(frame, decoded.subarray(lastLive * n, (lastLive + 1) * n)), `held frame ${k}`).toBeGreaterThanOrEqual(45);
      } else lastLive = k;
    });
    expect(worst).toBeGreaterThanOrEqual(40);
  }, 300_000); // real ffmpeg encode + two renders of the clip; slow on a loaded 2-core machine

  it('follows the timeline: pulses, holds, shots, rising disc angles, the C-arm move', () => {
    const ds = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Dataset;
    const im = ds.images;
    // Shot 0 at 7.5 pulses/s in a 15 fps video: live, held, live, held … for 0.8 s (12 frames).
    expect(im.slice(0, 12).map((f) => f.held)).toEqual([false, true, false, true, false, true, false, true, false, true, false, true]);
    expect(im.slice(0, 12).every((f) => f.shot === 0)).toBe(true);
    // Between shots: last-image hold, still shot 0.
    expect(im.slice(12, 21).every((f) => f.held === true && f.shot === 0)).toBe(true);
    // Shot 1 at 30 pulses/s > 15 fps: every frame live.
    expect(im.slice(21, 30).every((f) => f.held === false && f.shot === 1)).toBe(true);
    expect(im[36]!.shot).toBe(2);
    const first = im[0]!.angles!, last = im[im.length - 1]!.angles!;
    expect(last['disc:L4L5']! - first['disc:L4L5']!).toBeGreaterThan(6);
    expect(last['disc:L5S1']! - first['disc:L5S1']!).toBeGreaterThan(8);
    // The C-arm pan between shots 0 and 1 moves the corners.
    const l3a = im[0]!.vertebrae.find((v) => v.label === 'L3')!.corners[0]!;
    const l3b = im[21]!.vertebrae.find((v) => v.label === 'L3')!.corners[0]!;
    expect(Math.hypot(l3a[0] - l3b[0], l3a[1] - l3b[1])).toBeGreaterThan(10);
  });
});
