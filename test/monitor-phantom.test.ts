/**
 * End to end on the phantom with the trained default models (models/default):
 * `sagitta phantom video` renders a correction (cages, rods, a C-arm move,
 * pulsed shots with held frames), the monitor plays it in real time through
 * real ffmpeg, the inference worker and tracking, and a real WebSocket client
 * checks what is streamed against the truth: no held frame measured, each
 * frame measured once, every angle it does publish within 2° median / 4° p95
 * of the truth, and the C-arm move starting a new shot.
 * Then a still patient under continuous 15 fps fluoroscopy (fresh noise on
 * every frame): published angles jitter < 0.3° frame to frame.
 *
 * How much of the correction is measurable (target ≥ 90 %) and how fast the
 * stream settles after a step change (target 0.5° within 300 ms) depend on
 * how well models/default is trained: `npm run bench -- monitor-accuracy`
 * prints those figures against their targets (current figures in the
 * README).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Monitor } from '../server/monitor/monitor.js';
import { phantomVideo, type TruthFrame } from './helpers/phantom-video.js';
import { sd } from './helpers/synthetic-spine.js';
import { demoTimeline, measurementsOf, pct, play, stillPatient, value } from './helpers/phantom-play.js';

const monitors: Monitor[] = [];
afterAll(async () => { for (const m of monitors) await m.close(); });

describe('monitor on the phantom with models/default', () => {
  it('never measures held frames, measures each frame once, publishes angles within 2° / 4° of the truth, sees the C-arm move', async () => {
    const { video, truth } = phantomVideo({ seconds: 24, fps: 15, seed: 3, timeline: demoTimeline() });
    const got = await play(video, monitors);
    const ms = measurementsOf(got);
    const byFrame = new Map<number, TruthFrame>(truth.map((t) => [t.frame, t]));
    expect(ms.filter((m) => byFrame.get(m.frame)?.held).map((m) => m.frame)).toEqual([]); // held frames never measured
    expect(new Set(ms.map((m) => m.frame)).size).toBe(ms.length);
    const live = ms.filter((m) => { const t = byFrame.get(m.frame); return t && !t.held && t.shot >= 0; });
    expect(live.length).toBeGreaterThan(30); // of 158 live frames; a loaded machine drops many (latest frame wins)
    const report: string[] = [];
    let published = 0;
    for (const name of ['L1L5', 'L1S1', 'SS']) {
      const measured = live.filter((m) => byFrame.get(m.frame)!.angles?.[name] !== undefined && value(m, name) !== null);
      const errs = measured.map((m) => Math.abs(value(m, name)! - byFrame.get(m.frame)!.angles![name]!));
      report.push(`${name}: ${measured.length} published, median ${pct(errs, 50).toFixed(2)}°, p95 ${pct(errs, 95).toFixed(2)}°`);
      published += measured.length;
      if (errs.length === 0) continue; // not published at all: the screen showed a dash and why
      expect(pct(errs, 50), report.at(-1)).toBeLessThanOrEqual(2);
      expect(pct(errs, 95), report.at(-1)).toBeLessThanOrEqual(4);
    }
    console.log(report.join('\n'));
    expect(published, report.join('; ')).toBeGreaterThan(0);
    // models/default has mirrored step-II crops: frames that found the worker idle ran them (status mirroredPct).
    const mirrored = got.flatMap((m) => (m.type === 'status' && m.mirroredPct !== undefined ? [m.mirroredPct] : []));
    expect(mirrored.length).toBeGreaterThan(0);
    expect(Math.max(...mirrored)).toBeGreaterThan(0);
    // The C-arm move of the default timeline starts a new shot flagged as moved.
    expect(got.some((m) => m.type === 'event' && m.kind === 'shot' && /C-arm moved/.test(m.note ?? '') && !/^shot 1 /.test(m.note ?? ''))).toBe(true);
  }, 400_000);

  it('keeps a still patient within 0.3° frame-to-frame jitter over 10 s of 15 fps fluoroscopy', async () => {
    const { video } = phantomVideo(stillPatient([{ t: 0, discDeg: { L4: 6, L5: 8 } }]));
    const ms = measurementsOf(await play(video, monitors)).filter((m) => m.frame >= 15);
    for (const name of ['L1L5', 'L1S1', 'SS']) {
      const vals = ms.map((m) => value(m, name)).filter((v): v is number => v !== null);
      expect(vals.length / ms.length, name).toBeGreaterThanOrEqual(0.9);
      const diffs = vals.slice(1).map((v, i) => v - vals[i]!);
      expect(sd(diffs), `${name} frame-to-frame SD`).toBeLessThan(0.3);
    }
  }, 400_000);
});
