/**
 * `npm run bench -- monitor`: the live monitor end to end (real ffmpeg,
 * inference worker, tracking, WebSocket client) on a clip with no held
 * frames. Prints:
 *  1. sustained frames per second and latency p50/p95 from frame read to
 *     WebSocket send, the clip played in real time at 15 fps;
 *  2. throughput batched (maxBatch 4) against unbatched (maxBatch 1), the
 *     clip read as fast as ffmpeg decodes it (latest frame wins);
 *  3. heap growth per hour of case over an accelerated run (frames read as
 *     fast as possible; case time = frames / 15 fps);
 *  4. the real-time figures again with one core kept busy by another process
 *     (a machine slowed by other work), with the scheduler's mirror policy and
 *     with the mirrored views run whenever a frame finds the worker idle.
 * Clip: `sagitta phantom video` (continuous fluoroscopy, ≥ 9 vertebrae) with
 * models/default when both exist, else the dot clip with the tiny fixture
 * package (then the figures measure plumbing, not the real networks).
 * Env: BENCH_SECONDS (real-time phase, default 20), BENCH_CASE_MIN (default 20).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { parseSource } from '../server/capture/source-spec.js';
import { Monitor } from '../server/monitor/monitor.js';
import type { MonitorOptions } from '../server/monitor/options.js';
import { TINY_MODELS } from '../test/fixtures/synthetic.js';
import { writeDotVideo } from '../test/helpers/dot-video.js';

const DIR = '/tmp/monitor-bench';
const DEFAULT_MODELS = fileURLToPath(new URL('../models/default', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CASE_MIN = Number(process.env.BENCH_CASE_MIN ?? 20);
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function clipAndModels(): Promise<{ clip: string; models: string; note: string }> {
  mkdirSync(DIR, { recursive: true });
  if (existsSync(`${DEFAULT_MODELS}/manifest.json`)) {
    const out = `${DIR}/phantom`, clip = `${out}/video.mp4`;
    if (!existsSync(clip)) {
      // Continuous 15 fps fluoroscopy for the whole clip: no holds, so every frame is live.
      const timeline = `${DIR}/continuous.json`;
      writeFileSync(timeline, JSON.stringify({ patient: { lordosisDeg: 45 }, discs: [{ t: 0, discDeg: { L4: 8, L5: 10 } }], shots: [{ t: 0, duration: 20, pulseFps: 15 }] }));
      const r = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/sagitta.js', import.meta.url)), 'phantom', 'video', '--out', out, '--seconds', '20', '--fps', '15', '--seed', '5', '--size', '768x768', '--timeline', timeline], { stdio: 'inherit' });
      if (r.status !== 0) console.log('(phantom video failed; falling back to the dot clip)');
    }
    if (existsSync(clip)) return { clip, models: DEFAULT_MODELS, note: 'phantom clip 768×768, models/default' };
  }
  const clip = `${DIR}/dots.mkv`;
  if (!existsSync(clip)) await writeDotVideo(clip, Array.from({ length: 300 }, () => ({})), 512);
  return { clip, models: TINY_MODELS, note: 'dot clip 512×512, tiny fixture package (models/default or the phantom video missing)' };
}

async function run(clip: string, models: string, o: { realtime: boolean; maxBatch: number; untilFrames?: number; seconds: number; onTick?: (m: Monitor) => void; mirror?: MonitorOptions['mirror'] }) {
  const m = await Monitor.start({ source: parseSource(clip, { realtime: o.realtime, loop: true }), sourceLabel: 'bench', modelsDir: models, maxBatch: o.maxBatch, host: '127.0.0.1', port: 0, uiDir: null, restartOnEnd: true, ...(o.mirror !== undefined ? { mirror: o.mirror } : {}) });
  const ws = new WebSocket(`${m.url.replace(/^http/, 'ws')}live`);
  let received = 0;
  ws.on('message', () => { received++; });
  await new Promise((r) => ws.once('open', r));
  await new Promise((r) => setTimeout(r, 2000)); // warm-up: JIT, first ORT runs
  m.resetStats();
  const m0 = m.measured, f0 = m.framesRead, t0 = performance.now();
  while (performance.now() - t0 < o.seconds * 1000 && (o.untilFrames === undefined || m.framesRead - f0 < o.untilFrames)) {
    await new Promise((r) => setTimeout(r, 250));
    o.onTick?.(m);
  }
  const s = (performance.now() - t0) / 1000;
  const result = { fps: (m.measured - m0) / s, read: (m.framesRead - f0) / s, framesRead: m.framesRead - f0, p50: m.latencyMs(50), p95: m.latencyMs(95), p99: m.latencyMs(99), max: m.latencyMs(100), dropped: m.droppedFrames, received, stages: m.status().stageMs, mirroredPct: m.status().mirroredPct };
  ws.close();
  await m.close();
  return result;
}

const { clip, models, note } = await clipAndModels();
console.log(`clip: ${note}`);

type Live = Awaited<ReturnType<typeof run>>;
function printLive(title: string, live: Live): void {
  console.log(`${title}: sustained ${live.fps.toFixed(1)} measured fps of ${live.read.toFixed(1)} read; latency frame read → WS send p50 ${live.p50.toFixed(0)} ms, p95 ${live.p95.toFixed(0)} ms, p99 ${live.p99.toFixed(0)} ms, max ${live.max.toFixed(0)} ms over the last ${Math.min(300, Math.round(live.fps * SECONDS))} frames after a 2 s warm-up (target 15 fps, p95 ≤ 100 ms)`);
  console.log(`  per-frame stage medians (ms): ${Object.entries(live.stages ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}; mirrored views on ${live.mirroredPct ?? '—'} % of the last 150 frames`);
}

printLive(`real time 15 fps, ${SECONDS} s`, await run(clip, models, { realtime: true, maxBatch: 4, seconds: SECONDS }));

const unbatched = await run(clip, models, { realtime: false, maxBatch: 1, seconds: 15 });
const batched = await run(clip, models, { realtime: false, maxBatch: 4, seconds: 15 });
console.log(`throughput as fast as decoded: unbatched ${unbatched.fps.toFixed(1)} fps (p50 ${unbatched.p50.toFixed(0)} ms), batched×4 ${batched.fps.toFixed(1)} fps (p50 ${batched.p50.toFixed(0)} ms): ratio ${(batched.fps / unbatched.fps).toFixed(2)}`);

const caseFrames = CASE_MIN * 60 * 15;
const heap: { frames: number; mb: number }[] = [];
let lastSample = -Infinity;
const acc = await run(clip, models, {
  realtime: false, maxBatch: 4, seconds: 600, untilFrames: caseFrames,
  onTick: (m) => { if (m.framesRead - lastSample >= caseFrames / 20) { lastSample = m.framesRead; gc(); heap.push({ frames: m.framesRead, mb: process.memoryUsage().heapUsed / 2 ** 20 }); } },
});
const n = heap.length, mx = heap.reduce((s, h) => s + h.frames, 0) / n, my = heap.reduce((s, h) => s + h.mb, 0) / n;
const slope = heap.reduce((s, h) => s + (h.frames - mx) * (h.mb - my), 0) / Math.max(1e-9, heap.reduce((s, h) => s + (h.frames - mx) ** 2, 0)); // MB per frame
const caseMin = acc.framesRead / 15 / 60;
console.log(`accelerated case: ${caseMin.toFixed(1)} min of 15 fps video read (${acc.framesRead} frames, ${acc.fps.toFixed(1)} measured/s); heap ${heap[0]?.mb.toFixed(1)} → ${heap.at(-1)?.mb.toFixed(1)} MB; growth ${(slope * 15 * 3600).toFixed(2)} MB per hour of case (least squares over ${n} samples after GC)`);

// 4. A machine slowed by other work: one core of the two kept busy by another process.
const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
try {
  printLive(`real time with one core busy, mirror policy (default)`, await run(clip, models, { realtime: true, maxBatch: 4, seconds: SECONDS }));
  printLive(`real time with one core busy, mirrored whenever a frame finds the worker idle`, await run(clip, models, { realtime: true, maxBatch: 4, seconds: SECONDS, mirror: { budgetShare: Number.MAX_VALUE } }));
} finally { busy.kill('SIGKILL'); }
