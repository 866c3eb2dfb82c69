/**
 * The capture with real ffmpeg: frame sizes after aspect correction (PAL
 * 16:15, NTSC 10:11), no duplicated frames, deinterlacing one frame out per
 * frame in, a source that never worked, recovery after ffmpeg is killed,
 * and SIGKILL after the grace period for an ffmpeg that ignores SIGTERM
 * (a stand-in script, as execa's fixtures do).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { CaptureState, FfmpegCapture, type CapturedFrame } from '../server/capture/ffmpeg-capture.js';
import { parseSource } from '../server/capture/source-spec.js';
import { resolveFfmpeg } from '../server/ffmpeg/resolve.js';

const TMP = '/tmp/monitor-tests/capture';
mkdirSync(TMP, { recursive: true });
const running: FfmpegCapture[] = [];
afterAll(async () => { await Promise.all(running.map((c) => c.stop())); });

/** Runs a capture until `until` says stop or its state is final; returns frames and states. */
async function capture(source: ReturnType<typeof parseSource>, until: (frames: CapturedFrame[], cap: FfmpegCapture) => boolean = () => false, extra: Partial<ConstructorParameters<typeof FfmpegCapture>[0]> = {}) {
  const frames: CapturedFrame[] = [], states: { state: string; detail?: string | undefined }[] = [];
  let cap!: FfmpegCapture;
  await new Promise<void>((resolve) => {
    cap = new FfmpegCapture({
      source, ...extra,
      onFrame: (f) => { frames.push({ ...f, data: Uint8Array.from(f.data) }); if (until(frames, cap)) resolve(); },
      onState: (state, detail) => { states.push({ state, detail }); if (state === 'ended' || state === 'failed') resolve(); },
    });
    running.push(cap);
    cap.start();
  });
  return { frames, states, cap };
}

describe('FfmpegCapture with real ffmpeg', () => {
  it('corrects PAL 16:15 pixels to 768×576 and delivers every frame exactly once', async () => {
    const { frames, states } = await capture(parseSource('lavfi:testsrc=size=720x576:rate=25:duration=1,setsar=16/15', { realtime: false }));
    expect(frames.length).toBe(25);
    expect(frames[0]).toMatchObject({ width: 768, height: 576, seq: 0 });
    expect(frames.every((f) => f.data.length === 768 * 576)).toBe(true);
    expect(states.map((s) => s.state)).toEqual(['starting', 'live', 'ended']);
  });

  it('forces NTSC 10:11 when the grabber does not flag it (720×480 → 654×480)', async () => {
    const { frames } = await capture(parseSource('lavfi:testsrc=size=720x480:rate=30:duration=0.2', { realtime: false, pixelAspect: '10:11' }));
    expect(frames[0]).toMatchObject({ width: 654, height: 480 });
    expect(frames.length).toBe(6);
  });

  it('deinterlaces an interlaced file one frame out per frame in', async () => {
    const file = `${TMP}/interlaced.mp4`;
    const r = spawnSync(resolveFfmpeg().path, ['-y', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=720x576:rate=25:duration=0.4', '-vf', 'setsar=16/15', '-c:v', 'libx264', '-flags', '+ilme+ildct', '-top', '1', file]);
    expect(r.status).toBe(0);
    const { frames } = await capture(parseSource(file, { realtime: false }));
    expect(frames.length).toBe(10);
    expect(frames[0]).toMatchObject({ width: 768, height: 576 });
  });

  it('reports a source that never worked with ffmpeg\'s last lines', async () => {
    const notVideo = `${TMP}/not-a-video.mp4`;
    writeFileSync(notVideo, 'this is not a video\n');
    const { frames, states } = await capture(parseSource(notVideo), () => false, { maxStartAttempts: 2 });
    expect(frames.length).toBe(0);
    const failed = states.at(-1)!;
    expect(failed.state).toBe(CaptureState.failed);
    expect(failed.detail).toMatch(/^ffmpeg could not read "\/tmp\/monitor-tests\/capture\/not-a-video.mp4" \(exited with code 1\); its last lines:\n/);
    expect(failed.detail).toMatch(/Invalid data found when processing input/);
  });

  it('restarts ffmpeg after it is killed mid-stream and keeps counting frames', async () => {
    let killed = false;
    const { frames, states, cap } = await capture(parseSource('lavfi:testsrc=size=160x120:rate=25'), (fs, cap) => {
      if (fs.length === 10 && !killed) { killed = true; process.kill(cap.pid!, 'SIGKILL'); }
      return fs.length >= 20;
    });
    expect(states.map((s) => s.state)).toContain('restarting');
    expect(states.find((s) => s.state === 'restarting')!.detail).toMatch(/^ffmpeg was killed by SIGKILL; restarting in 250 ms/);
    expect(frames.map((f) => f.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(cap.restartCount).toBe(1);
    await cap.stop();
    expect(cap.currentState).toBe('stopped');
  });

  it('sends SIGKILL after the grace period to an ffmpeg that ignores SIGTERM', async () => {
    const fake = `${TMP}/stubborn-ffmpeg.mjs`;
    writeFileSync(fake, `#!${process.execPath}
if (process.argv.includes('-h') || process.argv.includes('-protocols')) process.exit(0);
process.on('SIGTERM', () => {});
process.stderr.write('Output #0, rawvideo, to pipe:1:\\n    Stream #0:0: Video: rawvideo (Y800 / 0x30303859), gray, 4x2, q=2-31\\n');
setInterval(() => process.stdout.write(Buffer.alloc(8, 7)), 20);
`);
    chmodSync(fake, 0o755);
    const { frames, cap } = await capture(parseSource('lavfi:testsrc'), (fs) => fs.length >= 3, { ffmpegPath: fake, killGraceMs: 300 });
    expect(frames[0]).toMatchObject({ width: 4, height: 2 });
    const pid = cap.pid!;
    const t = performance.now();
    await cap.stop();
    expect(performance.now() - t).toBeGreaterThanOrEqual(250);
    expect(() => process.kill(pid, 0)).toThrow(); // gone
  });
});
