/**
 * Runs ffmpeg on a source and delivers raw gray frames, restarting it with
 * backoff when it dies. ffmpeg is spawned with an explicit argument array
 * (no shell, no wrapper); stopping sends SIGTERM, then SIGKILL after a grace
 * period (a blocked ffmpeg may ignore the first).
 *
 * @example
 * const cap = new FfmpegCapture({ source: parseSource('clip.mp4'), onFrame: (f) => use(f), onState: (s) => log(s) });
 * cap.start(); … await cap.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { resolveFfmpeg } from '../ffmpeg/resolve.js';
import type { GrayFrame } from '../image/types.js';
import { backoffMs } from './backoff.js';
import { buildFfmpegArgs, parseOutputSize } from './ffmpeg-args.js';
import { ffmpegFeatures } from './features.js';
import { FrameSplitter } from './frame-splitter.js';
import { LineRing } from './line-ring.js';
import { describeSource, type SourceSpec } from './source-spec.js';

export const CaptureState = { starting: 'starting', live: 'live', restarting: 'restarting', failed: 'failed', ended: 'ended', stopped: 'stopped' } as const;
export type CaptureState = (typeof CaptureState)[keyof typeof CaptureState];

/** A frame as delivered: the pixels are owned by the receiver. */
export interface CapturedFrame extends GrayFrame {
  /** Sequence number since the capture started (across restarts). */
  readonly seq: number;
  /** ms from the frame's first byte on the pipe to its last one. */
  readonly readMs: number;
}

export interface CaptureOptions {
  readonly source: SourceSpec;
  readonly onFrame: (frame: CapturedFrame) => void;
  /** State changes; `detail` explains restarts and failures (with ffmpeg's last lines). */
  readonly onState?: (state: CaptureState, detail?: string) => void;
  /** Binary to run; default resolveFfmpeg(). */
  readonly ffmpegPath?: string;
  /** Runs without a single frame before the source is declared failed. Default 3. */
  readonly maxStartAttempts?: number;
  /** Restart a file (or lavfi graph) that reached its end (instead of `ended`). Default false. */
  readonly restartOnEnd?: boolean;
  /** ms between SIGTERM and SIGKILL. Default 2000. */
  readonly killGraceMs?: number;
}

export class FfmpegCapture {
  private child: ChildProcess | undefined;
  private readonly splitter = new FrameSplitter();
  private readonly ring = new LineRing(20);
  private state: CaptureState = CaptureState.stopped;
  private size: { width: number; height: number } | null = null;
  private seq = 0;
  private framesThisRun = 0;
  private everWorked = false;
  private failedStarts = 0;
  private restarts = 0;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private firstByteMs = -1;
  private closed: Promise<void> = Promise.resolve();
  private readonly ffmpegPath: string;

  constructor(private readonly options: CaptureOptions) {
    this.ffmpegPath = options.ffmpegPath ?? resolveFfmpeg().path;
  }

  get currentState(): CaptureState { return this.state; }
  /** Output frame size once known (square pixels). */
  get frameSize(): { width: number; height: number } | null { return this.size; }
  /** Process id of the running ffmpeg, if any (tests kill it to check recovery). */
  get pid(): number | undefined { return this.child?.pid; }
  /** How many times ffmpeg was restarted after dying. */
  get restartCount(): number { return this.restarts; }
  /** ffmpeg's last stderr lines. */
  lastLines(n = 8): string[] { return this.ring.tail(n); }

  start(): void {
    if (this.child || this.timer) return;
    this.stopping = false;
    this.spawnOnce();
  }

  /** Stops ffmpeg (SIGTERM, then SIGKILL after the grace period); resolves when it has exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), this.options.killGraceMs ?? 2000);
      await this.closed;
      clearTimeout(kill);
    }
    this.setState(CaptureState.stopped);
  }

  private setState(state: CaptureState, detail?: string): void {
    if (state === this.state && detail === undefined) return;
    this.state = state;
    this.options.onState?.(state, detail);
  }

  private spawnOnce(): void {
    const args = buildFfmpegArgs(this.options.source, ffmpegFeatures(this.ffmpegPath));
    this.splitter.clear();
    this.splitter.setFrameBytes(0);
    this.size = null;
    this.framesThisRun = 0;
    this.firstByteMs = -1;
    this.setState(this.everWorked ? CaptureState.restarting : CaptureState.starting);
    const child = spawn(this.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let afterOutput = false;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      for (const line of this.ring.push(text)) {
        if (/^Output #0/.test(line)) afterOutput = true;
        if (afterOutput && !this.size) {
          const size = parseOutputSize(line);
          if (size) { this.size = size; this.splitter.setFrameBytes(size.width * size.height); this.emitFrames(this.splitter.push(Buffer.alloc(0))); }
        }
      }
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (this.firstByteMs < 0) this.firstByteMs = performance.now();
      this.emitFrames(this.splitter.push(chunk));
    });
    this.closed = new Promise((resolve) => {
      child.on('error', (err) => this.ring.push(`\nspawn error: ${err.message}\n`));
      child.on('close', (code, signal) => { this.child = undefined; this.onExit(code, signal); resolve(); });
    });
  }

  private emitFrames(frames: Uint8Array[]): void {
    if (!frames.length || !this.size) return;
    const { width, height } = this.size;
    for (const data of frames) {
      const now = performance.now();
      if (this.framesThisRun === 0) { this.everWorked = true; this.failedStarts = 0; this.setState(CaptureState.live); }
      this.framesThisRun++;
      const readMs = this.firstByteMs >= 0 ? Math.max(0, now - this.firstByteMs) : 0;
      this.firstByteMs = this.splitter.pendingBytes > 0 ? now : -1;
      this.options.onFrame({ data, width, height, timestampMs: now, seq: this.seq++, readMs });
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const tail = this.ring.tail(8).join('\n');
    const source = describeSource(this.options.source);
    if (this.framesThisRun === 0) {
      this.failedStarts++;
      if (this.failedStarts >= (this.options.maxStartAttempts ?? 3) && !this.everWorked) {
        this.setState(CaptureState.failed, `ffmpeg could not read "${source}" (${how}); its last lines:\n${tail}`);
        return;
      }
    }
    const finite = this.options.source.kind === 'file' || this.options.source.kind === 'lavfi';
    if (finite && code === 0 && !signal && this.framesThisRun > 0 && !this.options.restartOnEnd) {
      this.setState(CaptureState.ended, `end of "${source}"`);
      return;
    }
    const delay = backoffMs(this.framesThisRun > 0 ? 0 : this.failedStarts);
    this.restarts++;
    this.setState(CaptureState.restarting, `ffmpeg ${how}; restarting in ${delay} ms. Last lines:\n${tail}`);
    this.timer = setTimeout(() => { this.timer = undefined; if (!this.stopping) this.spawnOnce(); }, delay);
  }
}
