/**
 * The live monitor: capture → frame gate → inference worker (batched,
 * latest frame wins) → tracking → angles and targets → WebSocket and
 * recorders. One object owns every resource; `close()` releases them in
 * order: capture, inference, recorders, sockets.
 *
 * @example
 * const m = await Monitor.start({ source: parseSource('clip.mp4'), sourceLabel: 'clip.mp4', modelsDir: 'models/default', host: '127.0.0.1', port: 8080, uiDir: null });
 * console.log(m.url); … await m.close();
 */
import { performance } from 'node:perf_hooks';
import { correctCorners, horizontalDeg, orientImage } from '../../calibration/index.js';
import { CaptureState, FfmpegCapture, type CapturedFrame } from '../capture/ffmpeg-capture.js';
import { FrameGate, FrameKind } from '../capture/frame-gate.js';
import { shiftLevels } from '../measure/level-shift.js';
import { combineShots } from '../measure/combine-shots.js';
import { PROTOCOL_VERSION, type MeasurementMessage, type ServerMessage, type StatusMessage, type PreviewMessage, type Target } from '../protocol/messages.js';
import { Tracker, type TrackedVertebra } from '../tracking/tracker.js';
import { startHttpServer, type MonitorServer } from '../transport/http-server.js';
import { LiveHub } from '../transport/live-hub.js';
import { PreviewEncoder } from '../transport/preview-encoder.js';
import { MonitorControls } from './controls.js';
import { InferenceScheduler, type BatchResult } from './inference-scheduler.js';
import { buildMeasurement } from './measurement.js';
import { ShotLevelCheck } from './level-check.js';
import { SYNTHETIC_NOTICE, defaultInferenceThreads, type MonitorOptions } from './options.js';
import { RateMeter, Ring } from './stats.js';
import type { WorkerReady } from './worker-protocol.js';
import type { ImagePrediction } from '../pipeline/index.js';

interface Payload { timestampMs: number; readMs: number; gateMs: number; shot: number; newShot: boolean; moved: boolean }

const STAGES = ['decode', 'gate', 'queue', 'pre', 'stepI', 'stepII', 'post', 'tracking', 'send'] as const;

export class Monitor {
  private readonly gate: FrameGate;
  private readonly tracker: Tracker;
  private readonly hub: LiveHub;
  private readonly controls: MonitorControls;
  private readonly stageRings = new Map<string, Ring>(STAGES.map((s) => [s, new Ring(150)]));
  /** 1 per measured frame that ran the mirrored views, else 0. */
  private readonly mirroredRing = new Ring(150);
  private readonly latency = new Ring(300);
  private readonly fps = new RateMeter();
  private capture!: FfmpegCapture;
  private scheduler!: InferenceScheduler<Payload>;
  private server!: MonitorServer;
  private model!: WorkerReady;
  /** ORT intra-op threads of the inference worker (0: ORT decides). */
  private threads = 0;
  private sourceState = 'starting';
  private sourceError: string | undefined;
  private heldSinceMs: number | undefined;
  private trackedShot = -1;
  private currentShot = 0;
  private lastMeasurement: MeasurementMessage | undefined;
  /** Vertebrae of the last frame of the current and of the previous shot (for combined angles). */
  private shotTracked: TrackedVertebra[] = [];
  private prevShotTracked: TrackedVertebra[] = [];
  private readonly levelCheck = new ShotLevelCheck();
  private lastPreview: PreviewMessage | undefined;
  private lastPreviewMs = -Infinity;
  private readonly previews: PreviewEncoder;
  private previewFailureLogged = false;
  private statusTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private fatal: ((message: string) => void) | undefined;
  /** Measurements sent since the start. */
  measured = 0;
  /** Frames read from the source since the start (live, held and no-signal). */
  framesRead = 0;

  private constructor(private readonly o: MonitorOptions) {
    this.gate = new FrameGate(o.gate);
    this.tracker = new Tracker(o.tracker);
    this.controls = new MonitorControls(o.targets ?? [], {
      targetsChanged: (targets) => { this.broadcast({ type: 'targets', v: PROTOCOL_VERSION, targets }); for (const s of this.sinks) s.onTargets(targets); },
      event: (kind, note) => this.event(kind, note),
      snapshot: () => { for (const s of this.sinks) s.onSnapshot?.(); },
      recording: (active) => { for (const s of this.sinks) s.setRecording?.(active); this.sendStatus(); },
    });
    this.hub = new LiveHub({
      onControl: (msg) => { this.controls.apply(msg); if (msg.type === 'shift-levels' || msg.type === 'confirm-levels') this.sendStatus(); },
      initialState: () => [this.status(), { type: 'targets', v: PROTOCOL_VERSION, targets: this.controls.targets.list() }, ...(this.lastMeasurement ? [this.lastMeasurement] : []), ...(this.lastPreview ? [this.lastPreview] : [])],
      ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs } : {}),
    });
    this.previews = new PreviewEncoder((frame, p) => {
      if (this.closed) return;
      this.lastPreview = { type: 'preview', v: PROTOCOL_VERSION, frame, image: p.dataUrl, scale: p.scale, held: false };
      this.broadcast(this.lastPreview, true);
    });
  }

  /** Loads the models, starts the server, then the capture. Rejects with a clear Error when the models or the port fail. */
  static async start(o: MonitorOptions): Promise<Monitor> {
    const m = new Monitor(o);
    m.threads = o.threads ?? defaultInferenceThreads();
    m.scheduler = new InferenceScheduler<Payload>({
      modelsDir: o.modelsDir, ...(o.provider ? { provider: o.provider } : {}), threads: m.threads, maxBatch: o.maxBatch ?? 4,
      onResult: (r) => m.onResult(r),
      onError: (msg) => { m.log(`inference error: ${msg}`); m.event('inference-error', msg); },
      horizontalDeg: () => m.horizontal(),
      ...(o.mirror !== undefined ? { mirror: o.mirror } : {}),
      shotOf: (p) => p.shot,
    });
    try { m.model = await m.scheduler.ready(); } catch (err) { await m.scheduler.close(); await m.hub.close(); throw err; }
    try {
      m.server = await startHttpServer({ host: o.host, port: o.port, token: o.token, tls: o.tls, uiDir: o.uiDir, routes: o.routes ?? [], hub: m.hub });
    } catch (err) { await m.scheduler.close(); await m.hub.close(); throw err; }
    m.capture = new FfmpegCapture({
      source: o.source, ...(o.ffmpegPath ? { ffmpegPath: o.ffmpegPath } : {}), restartOnEnd: o.restartOnEnd ?? false,
      onFrame: (f) => m.onFrame(f),
      onState: (s, detail) => m.onCaptureState(s, detail),
    });
    m.capture.start();
    m.statusTimer = setInterval(() => m.sendStatus(), o.statusIntervalMs ?? 1000);
    m.statusTimer.unref();
    return m;
  }

  get url(): string { return this.server.url; }
  /** One line for the operator's console: execution provider (and why), ORT threads, model. */
  get inferenceSummary(): string {
    const m = this.model.model, t = this.threads;
    return `inference on ${this.model.provider} (${this.model.providerNote}), ${t === 0 ? 'ORT-chosen' : t} intra-op thread${t === 1 ? '' : 's'}; model ${m.name} ${m.version}${m.syntheticOnly ? ' (trained on phantom images only: not for clinical use)' : ''}`;
  }
  get clients(): number { return this.hub.clientCount; }
  /** The capture (tests kill its ffmpeg to check recovery). */
  get source(): FfmpegCapture { return this.capture; }
  get hubStats(): { droppedPreviews: number; slowDisconnects: number; maxBuffered: number } {
    return { droppedPreviews: this.hub.droppedPreviews, slowDisconnects: this.hub.slowDisconnects, maxBuffered: this.hub.maxBuffered };
  }
  get droppedFrames(): number { return this.scheduler.dropped; }
  /** Called once when the source failed for good (it never delivered a frame). */
  onFatal(cb: (message: string) => void): void { this.fatal = cb; }

  /** Measures still images (pre-op radiographs) on the inference worker, between live batches. */
  measureStill(images: readonly { data: Uint8Array; width: number; height: number }[]): Promise<ImagePrediction[]> { return this.scheduler.runStill(images); }

  /** Replaces every target (the case plan put in force); clients and recorders are told. */
  setTargets(targets: readonly Target[]): void { this.controls.replaceTargets(targets); }

  /** Latency percentile (frame read → WebSocket send), ms, over the last 300 measured frames. */
  latencyMs(p: number): number { return this.latency.percentile(p); }

  /** Forgets the latency and stage figures so far (a benchmark measures the steady state after its warm-up). */
  resetStats(): void { this.latency.clear(); this.mirroredRing.clear(); for (const r of this.stageRings.values()) r.clear(); }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.statusTimer) clearInterval(this.statusTimer);
    await this.capture?.stop();
    await this.scheduler.close();
    await this.previews.close();
    for (const s of this.sinks) await s.close().catch(() => undefined);
    await this.hub.close();
    await this.server?.close();
  }

  private get sinks() { return this.o.sinks ?? []; }
  private log(line: string): void { this.o.log?.(line); }
  private horizontal(): number { return this.o.calibration ? horizontalDeg(this.o.calibration) : 0; }
  private broadcast(m: ServerMessage, droppable = false): void { this.hub.broadcast(m, droppable); }

  private event(kind: string, note?: string): void {
    const timeMs = Date.now();
    this.broadcast({ type: 'event', v: PROTOCOL_VERSION, timeMs, kind, ...(note ? { note } : {}) });
    for (const s of this.sinks) s.onEvent({ timeMs, kind, ...(note ? { note } : {}) });
  }

  private setSourceState(state: string, error?: string): void {
    if (state === this.sourceState && error === this.sourceError) return;
    this.sourceState = state;
    this.sourceError = error;
    this.sendStatus();
  }

  private onCaptureState(s: CaptureState, detail?: string): void {
    if (s === CaptureState.restarting) {
      this.gate.reset(); this.tracker.reset(); this.scheduler.clear();
      this.log(`source: ${detail?.split('\n')[0] ?? 'restarting'}`);
      this.event('source-restart', detail?.split('\n')[0]);
      this.setSourceState('restarting', detail);
    } else if (s === CaptureState.failed) {
      this.log(`source failed: ${detail ?? ''}`);
      this.event('source-failed', detail?.split('\n')[0]);
      this.setSourceState('failed', detail);
      this.fatal?.(detail ?? 'the source failed');
    } else if (s === CaptureState.ended) this.setSourceState('ended', detail);
    else if (s === CaptureState.starting) this.setSourceState('starting');
  }

  private onFrame(f: CapturedFrame): void {
    this.framesRead++;
    const t0 = performance.now();
    const v = this.gate.classify(f.data, f.width, f.height, f.timestampMs);
    const gateMs = performance.now() - t0;
    if (v.kind === FrameKind.noSignal) { this.heldSinceMs = undefined; this.setSourceState('no-signal'); return; }
    if (v.kind === FrameKind.held) { this.heldSinceMs ??= f.timestampMs; this.setSourceState('held'); return; }
    this.heldSinceMs = undefined;
    this.setSourceState('live');
    this.currentShot = v.shot;
    for (const s of this.sinks) s.onFrame?.(f, { frame: f.seq, timeMs: Date.now(), shot: v.shot, newShot: v.newShot, held: false });
    const img = this.o.calibration ? orientImage(this.o.calibration, f) : f;
    this.scheduler.submit(f.seq, img.data, img.width, img.height, { timestampMs: f.timestampMs, readMs: f.readMs, gateMs, shot: v.shot, newShot: v.newShot, moved: v.moved });
  }

  private onResult(r: BatchResult<Payload>): void {
    const timings = r.predictions[0]?.timings;
    const n = r.frames.length;
    r.frames.forEach((frame, i) => {
      const pred = r.predictions[i];
      if (!pred) return;
      const p = frame.payload;
      if (p.shot !== this.trackedShot) {
        this.tracker.reset();
        if (this.shotTracked.length >= 2) this.prevShotTracked = this.shotTracked;
        this.shotTracked = [];
        this.trackedShot = p.shot;
        if (p.moved && this.controls.clearLevels()) this.event('level-reset', 'C-arm moved: level override cleared');
        this.event('shot', `shot ${p.shot}${p.moved ? ' (C-arm moved)' : ''}`);
      }
      const t1 = performance.now();
      const observed = this.o.calibration ? correctCorners(this.o.calibration, pred.vertebrae) : pred.vertebrae;
      const tracked = shiftLevels(this.tracker.update(observed, p.timestampMs), this.controls.levels.shift);
      const stage: Record<string, number> = {
        decode: p.readMs, gate: p.gateMs, queue: r.sentAtMs - frame.queuedAtMs,
        pre: (timings?.preMs ?? 0) / n, stepI: (timings?.stepIMs ?? 0) / n, stepII: (timings?.stepIIMs ?? 0) / n, post: (timings?.postMs ?? 0) / n,
        batch: n, tracking: 0, send: 0,
      };
      const anglePresence = this.model?.anglePresence ?? 0.5;
      const usable = tracked.filter((v) => !v.stale && v.score >= anglePresence);
      if (usable.length >= 2) this.shotTracked = usable;
      const combined = this.prevShotTracked.length ? combineShots(this.prevShotTracked, usable) : {};
      const { check: levelCheck, note: levelNote } = this.levelCheck.update(p.shot, pred.levelCheck);
      if (levelNote) { this.event('level-check', `shot ${p.shot}: ${levelNote}`); this.log(`shot ${p.shot}: ${levelNote}`); }
      const msg = buildMeasurement(tracked, { frame: frame.seq, timeMs: Date.now(), shot: p.shot, width: pred.width, height: pred.height, timings: stage, levelCheck }, {
        horizontalDeg: this.horizontal(), maxSdDeg: this.o.maxSdDeg ?? 2, minScore: anglePresence, targets: this.controls.targets, combined,
      });
      const t2 = performance.now();
      stage.tracking = t2 - t1;
      this.broadcast(msg);
      for (const s of this.sinks) s.onMeasurement(msg);
      const t3 = performance.now();
      stage.send = t3 - t2;
      for (const k of STAGES) this.stageRings.get(k)!.push(stage[k] ?? 0);
      this.mirroredRing.push(timings?.mirrored ? 1 : 0);
      this.latency.push(t3 - p.timestampMs);
      this.fps.tick(t3);
      this.lastMeasurement = msg;
      this.measured++;
    });
    this.maybePreview(r);
  }

  private maybePreview(r: BatchResult<Payload>): void {
    const now = performance.now();
    if (this.hub.clientCount === 0 || now - this.lastPreviewMs < 1000 / (this.o.previewFps ?? 8)) return;
    const last = r.frames[r.frames.length - 1]!;
    // Encoded on the preview worker; skipped (tried again on the next result) while one is running.
    if (this.previews.offer(last.seq, { data: last.data, width: last.width, height: last.height }, this.o.previewWidth ?? 480)) this.lastPreviewMs = now;
    if (this.previews.failure && !this.previewFailureLogged) { this.previewFailureLogged = true; this.log(`${this.previews.failure}; previews are encoded on the main thread from now on`); }
  }

  private sendStatus(): void { if (!this.closed) this.broadcast(this.status()); }

  /** The current status message. */
  status(): StatusMessage {
    const now = performance.now();
    const rec = this.sinks[0]?.status() ?? { active: false };
    const m = this.model?.model;
    const stageMs: Record<string, number> = {};
    for (const [k, ring] of this.stageRings) if (ring.count) stageMs[k] = Math.round(ring.percentile(50) * 100) / 100;
    const size = this.capture?.frameSize;
    return {
      type: 'status', v: PROTOCOL_VERSION, source: this.o.sourceLabel, sourceState: this.sourceState,
      ...(this.sourceError && (this.sourceState === 'failed' || this.sourceState === 'restarting') ? { sourceError: this.sourceError } : {}),
      fps: Math.round(this.fps.rate(now) * 10) / 10,
      latencyMs: this.latency.count ? Math.round(this.latency.percentile(50)) : 0,
      latencyP95Ms: this.latency.count ? Math.round(this.latency.percentile(95)) : 0,
      executionProvider: this.model?.provider ?? 'loading',
      model: m ? { name: m.name, version: m.version, syntheticOnly: m.syntheticOnly, ...(m.syntheticOnly ? { notice: SYNTHETIC_NOTICE } : {}) } : { name: 'loading', version: '', syntheticOnly: false },
      ...(this.heldSinceMs !== undefined && this.sourceState === 'held' ? { heldForMs: Math.round(now - this.heldSinceMs) } : {}),
      recording: { active: rec.active, ...(rec.caseId ? { caseId: rec.caseId } : {}), ...(rec.error ? { error: rec.error } : {}) },
      ...(this.o.calibration ? { calibration: this.o.calibration.name } : {}),
      ...(this.controls.levels.shift ? { levelShift: this.controls.levels.shift } : {}),
      ...(this.controls.levels.confirmed ? { levelsConfirmed: true } : {}),
      stageMs, ...(this.mirroredRing.count ? { mirroredPct: Math.round(this.mirroredRing.mean() * 100) } : {}),
      droppedFrames: this.scheduler?.dropped ?? 0, sourceRestarts: this.capture?.restartCount ?? 0, shot: this.currentShot,
      ...(size ? { frameSize: size } : {}),
    };
  }
}
