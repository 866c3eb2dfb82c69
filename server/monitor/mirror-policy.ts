/**
 * When a live frame runs the mirrored views (step I on the mirrored image, step II
 * on mirrored crops: about 1.6× the work of the single views).
 *
 * The mirrored views lower the error, but they only help if they finish before the
 * next frame arrives: a run that overruns the frame interval makes the next frame
 * wait, and that wait is what the latency's tail is made of. So a frame runs them when
 *  - it is alone and found the worker idle (it waited under `maxWaitMs`), and
 *  - the mirrored run is predicted to take at most `budgetShare` of the source's
 *    frame interval (measured from the frames' arrival times).
 * The prediction is the recent mirrored run time; after a while without mirrored runs
 * (the machine was slow), it is the recent single-view run time times the last
 * measured mirrored / single ratio, so mirroring comes back by itself when the
 * machine speeds up again, without trial runs that would hurt the latency.
 * Pure bookkeeping (no clock of its own): tested in test/monitor-mirror-policy.test.ts.
 */

export interface MirrorPolicyOptions {
  /** A frame that waited longer than this for the worker runs the single views (ms). Default 5. */
  readonly maxWaitMs?: number;
  /** Share of the frame interval a mirrored run may take. Default 0.7. */
  readonly budgetShare?: number;
  /** Frame interval assumed until arrivals have been measured (ms). Default 1000 / 15. */
  readonly defaultIntervalMs?: number;
  /** Mirrored / single run-time ratio assumed until both have been measured. Default 1.6. */
  readonly defaultRatio?: number;
}

/** Weight of the newest sample in the running means. */
const ALPHA = 0.2;
/** A mirrored run time older than this many single-frame runs is predicted from the single ones. */
const STALE_RUNS = 10;
/** The largest plausible mirrored / single run-time ratio. */
const MAX_RATIO = 2;
/** Inter-arrival gaps longer than this (a held image, a paused source) are not a frame interval (ms). */
const MAX_GAP_MS = 1000;

const ema = (prev: number | undefined, x: number): number => (prev === undefined ? x : prev + ALPHA * (x - prev));

export class MirrorPolicy {
  private readonly maxWaitMs: number;
  private readonly budgetShare: number;
  private readonly defaultIntervalMs: number;
  private readonly defaultRatio: number;
  private intervalMs: number | undefined;
  private lastArrivalMs: number | undefined;
  private mirroredMs: number | undefined;
  private singleMs: number | undefined;
  private ratio: number | undefined;
  /** One-frame live runs so far, and the index of the last mirrored and of the last single-view one. */
  private runs = 0;
  private lastMirroredRun = -Infinity;
  private lastSingleRun = -Infinity;

  constructor(o: MirrorPolicyOptions = {}) {
    this.maxWaitMs = o.maxWaitMs ?? 5;
    this.budgetShare = o.budgetShare ?? 0.7;
    this.defaultIntervalMs = o.defaultIntervalMs ?? 1000 / 15;
    this.defaultRatio = o.defaultRatio ?? 1.6;
    for (const [k, v] of Object.entries({ maxWaitMs: this.maxWaitMs, budgetShare: this.budgetShare, defaultIntervalMs: this.defaultIntervalMs, defaultRatio: this.defaultRatio })) {
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`MirrorPolicy ${k} must be a positive number, got ${v}`);
    }
  }

  /** A live frame arrived at `atMs` (performance.now()). */
  arrived(atMs: number): void {
    if (this.lastArrivalMs !== undefined) {
      const gap = atMs - this.lastArrivalMs;
      if (gap > 0 && gap <= MAX_GAP_MS) this.intervalMs = ema(this.intervalMs, gap);
    }
    this.lastArrivalMs = atMs;
  }

  /** The source's frame interval as measured (ms). */
  get frameIntervalMs(): number { return this.intervalMs ?? this.defaultIntervalMs; }

  /** The predicted time of a one-frame mirrored run (ms), or undefined before any run was measured. */
  get predictedMirroredMs(): number | undefined {
    if (this.mirroredMs !== undefined && this.fresh(this.lastMirroredRun)) return this.mirroredMs;
    if (this.singleMs !== undefined) return this.singleMs * (this.ratio ?? this.defaultRatio);
    return this.mirroredMs;
  }

  /** Whether a run of `frames` frames, the oldest of which waited `waitedMs`, takes the mirrored views. */
  decide(frames: number, waitedMs: number): boolean {
    if (frames !== 1 || waitedMs >= this.maxWaitMs) return false;
    const predicted = this.predictedMirroredMs;
    return predicted === undefined || predicted <= this.budgetShare * this.frameIntervalMs;
  }

  /** A one-frame live run finished: its time inside the worker (ms) and whether it was mirrored. */
  ran(mirrored: boolean, runMs: number): void {
    if (!Number.isFinite(runMs) || runMs < 0) return;
    if (mirrored) {
      this.mirroredMs = ema(this.fresh(this.lastMirroredRun) ? this.mirroredMs : undefined, runMs);
      this.lastMirroredRun = this.runs;
    } else {
      this.singleMs = ema(this.fresh(this.lastSingleRun) ? this.singleMs : undefined, runMs);
      this.lastSingleRun = this.runs;
    }
    this.runs++;
    // The ratio only from two recent figures: a stale one would carry an old machine speed.
    // Kept within [1, 2]: the mirrored views at most double the networks' work (pre-processing is shared),
    // so a larger ratio is an outlier (the first, warming-up run) that must not hold mirroring off for good.
    if (this.mirroredMs !== undefined && this.singleMs !== undefined && this.fresh(this.lastMirroredRun) && this.fresh(this.lastSingleRun)) {
      this.ratio = ema(this.ratio, Math.min(MAX_RATIO, Math.max(1, this.mirroredMs / this.singleMs)));
    }
  }

  /** Whether the run with this index is among the last `STALE_RUNS` one-frame runs. */
  private fresh(run: number): boolean { return this.runs - run <= STALE_RUNS; }
}
