/**
 * The pure parts of the capture: splitting ffmpeg's raw byte stream into
 * frames across arbitrary chunk boundaries (as ws's receiver tests do), the
 * stderr ring, the ffmpeg argv, and the frame gate.
 */
import { describe, expect, it } from 'vitest';
import { FrameSplitter } from '../server/capture/frame-splitter.js';
import { LineRing } from '../server/capture/line-ring.js';
import { buildFfmpegArgs, parseOutputSize, videoFilter } from '../server/capture/ffmpeg-args.js';
import { parseSource } from '../server/capture/source-spec.js';
import { bestShift, FrameGate } from '../server/capture/frame-gate.js';
import { backoffMs } from '../server/capture/backoff.js';
import { seeded } from './helpers/synthetic-spine.js';

const bytes = (...xs: number[]) => Buffer.from(xs);

describe('FrameSplitter', () => {
  it('splits a frame spanning several writes', () => {
    const s = new FrameSplitter(6);
    expect(s.push(bytes(1, 2))).toEqual([]);
    expect(s.push(bytes(3, 4, 5))).toEqual([]);
    const [f] = s.push(bytes(6, 7));
    expect([...f!]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.pendingBytes).toBe(1);
  });

  it('returns several frames from one chunk, zero-copy views where possible', () => {
    const s = new FrameSplitter(2);
    const chunk = bytes(1, 2, 3, 4, 5);
    const frames = s.push(chunk);
    expect(frames.map((f) => [...f])).toEqual([[1, 2], [3, 4]]);
    expect(frames[0]!.buffer).toBe(chunk.buffer); // a view, not a copy
    expect([...s.push(bytes(6))[0]!]).toEqual([5, 6]);
  });

  it('gives the same frames whatever the chunking (byte by byte, random sizes)', () => {
    const rand = seeded(3), W = 7, H = 5, n = 9;
    const stream = Buffer.from(Array.from({ length: W * H * n }, (_, i) => i % 251));
    for (const mode of ['bytes', 'random']) {
      const s = new FrameSplitter(W * H);
      const got: number[][] = [];
      for (let i = 0; i < stream.length;) {
        const len = mode === 'bytes' ? 1 : 1 + Math.floor(rand() * 80);
        for (const f of s.push(stream.subarray(i, i + len))) got.push([...f]);
        i += len;
      }
      expect(got.length).toBe(n);
      got.forEach((f, k) => expect(f).toEqual([...stream.subarray(k * W * H, (k + 1) * W * H)]));
    }
  });

  it('holds bytes until the frame size is known, within a bound', () => {
    const s = new FrameSplitter(0, 8);
    expect(s.push(bytes(1, 2, 3))).toEqual([]);
    s.setFrameBytes(3);
    expect([...s.push(Buffer.alloc(0))[0]!]).toEqual([1, 2, 3]);
    const t = new FrameSplitter(0, 4);
    expect(() => t.push(Buffer.alloc(5))).toThrow(/^5 bytes of video arrived before the frame size was known$/);
  });
});

describe('LineRing', () => {
  it('keeps the last lines, split on \\n and \\r, with an unfinished tail', () => {
    const r = new LineRing(3);
    r.push('a\nb\r\nc\rd\n');
    r.push('e');
    expect(r.tail()).toEqual(['c', 'd', 'e']);
    expect(r.tail(2)).toEqual(['d', 'e']);
  });
});

describe('ffmpeg argv', () => {
  it('uses low-latency input flags and passthrough for a network stream', () => {
    const a = buildFfmpegArgs(parseSource('rtsp://user:pw@10.0.0.2/live'), { fpsMode: false });
    expect(a.slice(a.indexOf('-fflags'), a.indexOf('-fflags') + 8)).toEqual(['-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '32768', '-analyzeduration', '0']);
    expect(a).toContain('-rtsp_transport');
    expect(a.slice(a.indexOf('-vsync'), a.indexOf('-vsync') + 2)).toEqual(['-vsync', 'passthrough']);
    expect(a.slice(-5)).toEqual(['-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
    expect(buildFfmpegArgs(parseSource('udp://0.0.0.0:5000'), { fpsMode: true })).toContain('-fps_mode');
  });

  it('plays a file in real time, looped when asked; a V4L2 device as v4l2', () => {
    const file = buildFfmpegArgs(parseSource('package.json', { loop: true }), { fpsMode: false });
    expect(file.slice(file.indexOf('-re'), file.indexOf('-re') + 5)).toEqual(['-re', '-stream_loop', '-1', '-i', 'package.json']);
    const dev = buildFfmpegArgs(parseSource('/dev/video0'), { fpsMode: false });
    expect(dev.slice(dev.indexOf('-f'), dev.indexOf('-f') + 4)).toEqual(['-f', 'v4l2', '-i', '/dev/video0']);
  });

  it('deinterlaces and scales to square pixels, forcing a pixel aspect when asked', () => {
    expect(videoFilter(parseSource('lavfi:testsrc', { pixelAspect: '16:15' }))).toBe(
      "bwdif=mode=send_frame:parity=auto:deint=interlaced,setsar=16/15,scale=w='if(gt(sar,0),trunc(iw*sar/2)*2,iw)':h=ih,setsar=1,format=gray");
    expect(videoFilter(parseSource('lavfi:testsrc', { deinterlace: 'off' }))).not.toContain('bwdif');
  });

  it('names a bad source', () => {
    expect(() => parseSource('/nonexistent/clip.mp4')).toThrow(/^video source "\/nonexistent\/clip.mp4" does not exist$/);
    expect(() => parseSource('ftp://host/x')).toThrow(/^unsupported source URL scheme/);
    expect(() => parseSource('lavfi:x', { pixelAspect: '16/15' })).toThrow(/^pixel aspect must be N:D/);
  });

  it('reads the output size from ffmpeg\'s stream line', () => {
    expect(parseOutputSize('    Stream #0:0(und): Video: rawvideo (Y800 / 0x30303859), gray, 768x576 [SAR 1:1 DAR 4:3], q=2-31')).toEqual({ width: 768, height: 576 });
    expect(parseOutputSize('    Stream #0:0: Video: h264 (High), yuv420p, 720x576')).toBeNull();
  });

  it('backs off 250 ms doubling to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => backoffMs(a))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });
});

describe('FrameGate', () => {
  const W = 64, H = 48;
  const picture = (rand: () => number, shift = 0, noise = 16) => {
    const d = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) d[y * W + x] = 60 + (((x + shift) >> 3) % 2) * 100 + Math.round((rand() - 0.5) * noise);
    return d;
  };

  it('tells live, held, no-signal, pulse gaps, a new shot and a C-arm move apart', () => {
    const rand = seeded(1), g = new FrameGate({ stride: 1 });
    let t = 0;
    const next = (d: Uint8Array, dt = 66) => g.classify(d, W, H, (t += dt));
    expect(next(picture(rand))).toMatchObject({ kind: 'live', newShot: true, shot: 1 });
    const live = picture(rand);
    expect(next(live)).toMatchObject({ kind: 'live', newShot: false, shot: 1 }); // fresh noise: live
    expect(next(live)).toMatchObject({ kind: 'held' }); // same pixels: held
    const nearly = live.map((v, i) => (i % 7 === 0 ? v + 1 : v));
    expect(next(nearly).kind).toBe('held'); // codec noise: still held
    expect(next(picture(rand))).toMatchObject({ kind: 'live', newShot: false, shot: 1 }); // a short hold: the gap between pulses
    const last = picture(rand);
    next(last);
    expect(next(last, 2000).kind).toBe('held');
    expect(next(picture(rand))).toMatchObject({ kind: 'live', newShot: true, moved: false, shot: 2 }); // after a 2 s hold: new shot
    expect(next(picture(rand, 4))).toMatchObject({ kind: 'live', newShot: true, moved: true, shot: 3 }); // moved
    expect(next(new Uint8Array(W * H)).kind).toBe('no-signal');
    expect(next(new Uint8Array(W * H).fill(128)).kind).toBe('no-signal'); // uniform gray
    expect(next(picture(rand, 4))).toMatchObject({ kind: 'live', newShot: true, shot: 4 });
  });

  it('finds a whole-picture shift in the centre of the thumbnail', () => {
    const rand = seeded(5), N = 64;
    const base = new Float32Array(N * N).map(() => rand() * 100);
    const moved = new Float32Array(N * N);
    for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) moved[y * N + x] = base[Math.min(N - 1, Math.max(0, y - 3)) * N + Math.min(N - 1, Math.max(0, x + 5))]!;
    expect(bestShift(base, moved)).toMatchObject({ dx: -5, dy: 3 });
    expect(bestShift(base, base)).toMatchObject({ dx: 0, dy: 0, err: 0 });
  });
});
