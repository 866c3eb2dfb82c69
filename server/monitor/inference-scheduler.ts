/**
 * Feeds the inference worker from the main thread: latest frame wins.
 * Frames that arrive while the worker is busy wait in a queue of at most
 * `maxBatch`; when it is full the oldest is dropped (counted). When the worker
 * becomes free it gets every waiting frame as one batch (never waiting for
 * more), so memory stays bounded whatever the source's rate.
 */
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { ImagePrediction } from '../pipeline/index.js';
import type { FromWorker, ToWorker, WorkerReady } from './worker-protocol.js';
import { MirrorPolicy, type MirrorPolicyOptions } from './mirror-policy.js';

export interface QueuedFrame<T> {
  readonly seq: number;
  /** Owned copy of the pixels (copied to the worker, kept for the preview). */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** performance.now() when submitted. */
  readonly queuedAtMs: number;
  readonly payload: T;
}

export interface BatchResult<T> {
  readonly frames: QueuedFrame<T>[];
  readonly predictions: ImagePrediction[];
  /** performance.now() when the batch was sent to the worker. */
  readonly sentAtMs: number;
  /** Time of pipeline.run inside the worker, ms. */
  readonly runMs: number;
}

export interface SchedulerOptions<T> {
  readonly modelsDir: string;
  readonly provider?: string;
  readonly threads?: number;
  /** Most frames per run and most frames waiting. Default 4. */
  readonly maxBatch?: number;
  readonly onResult: (r: BatchResult<T>) => void;
  /** The worker failed (a run threw, or the thread died). */
  readonly onError: (message: string) => void;
  /** Horizontal reference for the pipeline's own angles, degrees. */
  readonly horizontalDeg?: () => number;
  /** When a live frame runs the mirrored views (mirror-policy.ts); `false`: never. */
  readonly mirror?: MirrorPolicyOptions | false;
  /**
   * The fluoroscopy shot a frame belongs to: the worker reuses the field's
   * edges (grey blades) found on an earlier frame of the same shot for up to
   * FIELD_REUSE_MS (the collimator stays put within a shot). Without it every
   * frame is analysed.
   */
  readonly shotOf?: (payload: T) => number;
}

/** A one-off request (a pre-op still) run by the same worker between live batches. */
interface Still { images: { data: Uint8Array; width: number; height: number }[]; resolve: (p: ImagePrediction[]) => void; reject: (e: Error) => void }

export class InferenceScheduler<T> {
  private readonly worker: Worker;
  private readonly queue: QueuedFrame<T>[] = [];
  private inFlight: { id: number; frames: QueuedFrame<T>[]; sentAtMs: number; still?: Still } | undefined;
  private readonly mirrorPolicy: MirrorPolicy | undefined;
  private readonly stills: Still[] = [];
  private nextId = 1;
  private closing = false;
  private closedResolve: (() => void) | undefined;
  private readyPromise: Promise<WorkerReady>;
  /** Frames dropped because newer ones replaced them. */
  dropped = 0;
  /** Frames run through the pipeline. */
  processed = 0;
  readonly maxBatch: number;

  constructor(private readonly o: SchedulerOptions<T>) {
    this.maxBatch = o.maxBatch ?? 4;
    this.mirrorPolicy = o.mirror === false ? undefined : new MirrorPolicy(o.mirror ?? {});
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new RangeError(`maxBatch must be an integer ≥ 1, got ${this.maxBatch}`);
    this.worker = new Worker(new URL('./worker-entry.mjs', import.meta.url));
    let resolveReady!: (r: WorkerReady) => void, rejectReady!: (e: Error) => void;
    this.readyPromise = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
    this.readyPromise.catch(() => undefined);
    let ready = false;
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') { ready = true; resolveReady(m); }
      else if (m.type === 'result') this.onResult(m.id, m.predictions, m.runMs);
      else if (m.type === 'error') {
        if (!ready) rejectReady(new Error(m.message));
        else {
          const still = this.inFlight?.still;
          this.inFlight = undefined;
          if (still) still.reject(new Error(m.message)); else this.o.onError(m.message);
          this.pump();
        }
      } else if (m.type === 'closed') this.closedResolve?.();
    });
    this.worker.on('error', (err) => { if (!ready) rejectReady(err); else this.o.onError(`inference worker died: ${err.message}`); });
    this.worker.on('exit', (code) => {
      if (!ready) rejectReady(new Error(`inference worker exited with code ${code} before loading the models`));
      else if (!this.closing) this.o.onError(`inference worker exited with code ${code}`);
      this.closedResolve?.();
    });
    this.post({ type: 'init', modelsDir: o.modelsDir, ...(o.provider ? { provider: o.provider } : {}), threads: o.threads ?? 0, maxBatch: this.maxBatch });
  }

  /** Resolves when the models are loaded; rejects with the loader's error. */
  ready(): Promise<WorkerReady> { return this.readyPromise; }

  /** Frames waiting (at most maxBatch). */
  get waiting(): number { return this.queue.length; }
  get busy(): boolean { return this.inFlight !== undefined; }

  /** Queues a copy of the frame's pixels; drops the oldest waiting frame when the queue is full. */
  submit(seq: number, pixels: Uint8Array, width: number, height: number, payload: T): void {
    if (this.closing) return;
    const data = new Uint8Array(pixels.length);
    data.set(pixels);
    const queuedAtMs = performance.now();
    this.mirrorPolicy?.arrived(queuedAtMs);
    this.queue.push({ seq, data, width, height, queuedAtMs, payload });
    while (this.queue.length > this.maxBatch) { this.queue.shift(); this.dropped++; }
    this.pump();
  }

  /**
   * Runs still 8-bit images (a pre-op radiograph) through the same worker,
   * before the next live batch, so that no second set of ORT sessions exists.
   */
  runStill(images: readonly { data: Uint8Array; width: number; height: number }[]): Promise<ImagePrediction[]> {
    if (this.closing) return Promise.reject(new Error('the monitor is closing'));
    return new Promise((resolve, reject) => {
      this.stills.push({ images: images.map((i) => ({ data: Uint8Array.from(i.data), width: i.width, height: i.height })), resolve, reject });
      this.pump();
    });
  }

  /** Drops the waiting frames (new shot, source restart). */
  clear(): void { this.dropped += this.queue.length; this.queue.length = 0; }

  /** Stops the worker after its current run; disposes the ORT sessions. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.queue.length = 0;
    const closed = new Promise<void>((res) => { this.closedResolve = res; });
    this.post({ type: 'close' });
    const timeout = new Promise<void>((res) => setTimeout(res, 5000).unref());
    await Promise.race([closed, timeout]);
    await this.worker.terminate();
  }

  private post(m: ToWorker, transfer: ArrayBuffer[] = []): void { this.worker.postMessage(m, transfer); }

  private pump(): void {
    if (this.inFlight || this.closing) return;
    const still = this.stills.shift();
    if (still) {
      const id = this.nextId++;
      this.inFlight = { id, frames: [], sentAtMs: performance.now(), still };
      // Stills (imported images) have no deadline: always the mirrored views when the package has them.
      this.post({ type: 'run', id, frames: still.images.map((im, k) => ({ seq: -1 - k, data: im.data.buffer as ArrayBuffer, width: im.width, height: im.height })), horizontalDeg: 0, mirror: true });
      return;
    }
    if (this.queue.length === 0) return;
    const frames = this.queue.splice(0, this.maxBatch);
    const id = this.nextId++;
    const sentAtMs = performance.now();
    // Mirrored views (twice the work of step I and of step II) only for a frame that found the worker
    // idle and when they are predicted to finish well within the frame interval (mirror-policy.ts):
    // a frame that had to wait, or several waiting frames, mean the monitor is behind, so that run
    // takes the single views and catches up sooner.
    const mirror = this.mirrorPolicy?.decide(frames.length, sentAtMs - frames[0]!.queuedAtMs) ?? false;
    this.inFlight = { id, frames, sentAtMs };
    const wire = frames.map((f) => ({ seq: f.seq, data: f.data.buffer as ArrayBuffer, width: f.width, height: f.height }));
    // Copied, not transferred: the main thread keeps the pixels for the preview of this frame.
    const shot = this.o.shotOf?.(frames[frames.length - 1]!.payload);
    this.post({ type: 'run', id, frames: wire, horizontalDeg: this.o.horizontalDeg?.() ?? 0, mirror, ...(shot === undefined ? {} : { shot }) });
  }

  private onResult(id: number, predictions: ImagePrediction[], runMs: number): void {
    const job = this.inFlight;
    if (!job || job.id !== id) return;
    this.inFlight = undefined;
    if (job.still) { job.still.resolve(predictions); this.pump(); return; }
    this.processed += job.frames.length;
    const first = predictions[0];
    if (job.frames.length === 1 && first) this.mirrorPolicy?.ran(first.timings.mirrored, runMs);
    // The next waiting frames go to the worker before this result's tracking, sending and preview
    // on the main thread, so that the two overlap instead of the next frame waiting for both.
    this.pump();
    this.o.onResult({ frames: job.frames, predictions, sentAtMs: job.sentAtMs, runMs });
  }
}
