/**
 * The inference worker thread: the only place where ONNX Runtime sessions
 * live. `session.run` blocks its thread for the whole inference, so running
 * here keeps the main thread free for ffmpeg's pipe and the WebSockets.
 * Loaded through worker-entry.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { createPipeline, type Pipeline } from '../pipeline/index.js';
import type { ProviderChoice } from '../pipeline/sessions.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/**
 * How long the worker reuses the field's edges (grey collimator blades) found
 * on an earlier frame of the same shot: they take 2–4 ms a frame to find
 * (docs/pipeline.md), and the collimator does not move within a shot; a new
 * shot (the frame gate's large change) or this age finds them again.
 */
const FIELD_REUSE_MS = 1000;

const port = parentPort;
if (!port) throw new Error('inference-worker.ts must run in a worker thread');

let pipeline: Pipeline | undefined;
const post = (m: FromWorker): void => port.postMessage(m);

// Messages are handled one after the other: releasing the sessions while a
// run is in flight aborts the process (onnxruntime-node throws from native code).
let chain: Promise<void> = Promise.resolve();
port.on('message', (msg: ToWorker) => {
  chain = chain.then(() => handle(msg)).catch((err: unknown) => post({ type: 'error', ...(msg.type === 'run' ? { id: msg.id } : {}), message: (err as Error).message ?? String(err) }));
});

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'init') {
    // No ORT spin-waiting: ffmpeg and the server's event loop share these cores (docs/monitor.md, Measured here).
    pipeline = await createPipeline({ modelsDir: msg.modelsDir, provider: (msg.provider ?? 'auto') as ProviderChoice, threads: msg.threads ?? 0, maxBatch: msg.maxBatch, spinning: false });
    const m = pipeline.manifest;
    post({ type: 'ready', model: { name: m.name, version: m.version, syntheticOnly: m.syntheticOnly, trainingData: m.trainingData, intendedUse: m.intendedUse }, provider: pipeline.provider, providerNote: pipeline.providerNote, anglePresence: pipeline.anglePresence });
  } else if (msg.type === 'run') {
    if (!pipeline) throw new Error('inference worker: run before init');
    const images = msg.frames.map((f) => ({ data: new Uint8Array(f.data), width: f.width, height: f.height }));
    const t = performance.now();
    // Mirrored step-II crops or single ones, as the scheduler decided; each mode has its own
    // calibrated spread scale, so the SDs stay honest either way.
    const predictions = await pipeline.run(images, {
      horizontalDeg: msg.horizontalDeg, mirror: msg.mirror,
      ...(msg.shot === undefined ? {} : { reuseField: { key: msg.shot, maxAgeMs: FIELD_REUSE_MS } }),
    });
    post({ type: 'result', id: msg.id, predictions, runMs: performance.now() - t });
  } else {
    await pipeline?.dispose();
    pipeline = undefined;
    post({ type: 'closed' });
  }
}
