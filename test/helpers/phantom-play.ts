/**
 * Plays a phantom video through the real monitor (ffmpeg, inference worker,
 * tracking, WebSocket) with models/default and collects what a client gets.
 * Shared by test/monitor-phantom.test.ts and bench/monitor-accuracy.bench.ts.
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { parseSource } from '../../server/capture/source-spec.js';
import { Monitor } from '../../server/monitor/monitor.js';
import type { MeasurementMessage, ServerMessage } from '../../server/protocol/messages.js';

export const DEFAULT_MODELS = fileURLToPath(new URL('../../models/default', import.meta.url));

/**
 * Plays `video` once through a monitor; resolves to every message a client received (the monitor stays open).
 * Models: models/default, or SAGITTA_BENCH_MODELS for a benchmark of another package.
 */
export async function play(video: string, monitors: Monitor[]): Promise<ServerMessage[]> {
  const monitor = await Monitor.start({ source: parseSource(video), sourceLabel: 'phantom', modelsDir: process.env.SAGITTA_BENCH_MODELS ?? DEFAULT_MODELS, maxBatch: 4, host: '127.0.0.1', port: 0, uiDir: null, statusIntervalMs: 250 });
  monitors.push(monitor);
  const ws = new WebSocket(`${monitor.url.replace(/^http/, 'ws')}live`);
  const got: ServerMessage[] = [];
  ws.on('message', (d) => got.push(JSON.parse(d.toString()) as ServerMessage));
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (got.some((m) => m.type === 'status' && (m.sourceState === 'ended' || m.sourceState === 'failed'))) { clearInterval(timer); setTimeout(resolve, 1500); }
    }, 100);
  });
  ws.close();
  return got;
}

/** p-th percentile (nearest rank below) of `xs`; NaN when empty. */
export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
export const measurementsOf = (got: ServerMessage[]) => got.filter((m): m is MeasurementMessage => m.type === 'measurement');
export const value = (m: MeasurementMessage, name: string): number | null => m.angles[name]?.value ?? null;

/** The demo's correction timeline (cages, rods, pulsed shots with holds, a C-arm move). */
export function demoTimeline(): unknown {
  return JSON.parse(readFileSync(new URL('../../server/monitor/demo/correction-timeline.json', import.meta.url), 'utf8')) as unknown;
}

/** A still patient under continuous 15 fps fluoroscopy for 10 s, with the given disc keyframes (seed 21 unless given: the scene). */
export const stillPatient = (discs: unknown[], seed = 21) => ({ seconds: 10, fps: 15, seed, timeline: { patient: { lordosisDeg: 40 }, discs, shots: [{ t: 0, duration: 10, pulseFps: 15 }], motionMm: 0 } });
