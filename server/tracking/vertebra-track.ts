/**
 * One vertebra followed across frames by its label: 8 Kalman coordinates
 * (4 corners × x, y) plus two tests on each observation:
 * - gating: an observation whose corners are far from the track (a jump, or
 *   a label switch of the model) is held back; only when it persists for
 *   `persistFrames` consecutive frames, consistently, does the track restart
 *   there (never averaged with the old position);
 * - change test: when the mean of the last k observations
 *   (k = 2…8, the likeliest change point) departs from the estimate by more than chance allows (mean squared
 *   z-score over the coordinates > `changeZ2`), the anatomy moved: the
 *   filter restarts from those k observations, so a step settles within a
 *   few frames while a still patient is averaged over seconds.
 */
import type { Point } from '../spec/labels.js';
import { KalmanCoordinate } from './kalman-coordinate.js';

export interface TrackOptions {
  /** Process noise, px²/s. Default 0.01. */
  readonly qPx2PerS: number;
  /** Floor of the observation noise SD, px. Default 0.3. */
  readonly minNoisePx: number;
  /** Initial observation noise SD when the model gives no spread, px. Default 1. */
  readonly initialNoisePx: number;
  /** A jump larger than max(this fraction of the vertebra size, 6 noise SDs) is gated. Default 0.25. */
  readonly gateFraction: number;
  /** Consecutive consistent gated observations before the track moves there. Default 2. */
  readonly persistFrames: number;
  /** Threshold of the change test (mean squared z-score). Default 4. */
  readonly changeZ2: number;
}

export const DEFAULT_TRACK_OPTIONS: TrackOptions = { qPx2PerS: 0.01, minNoisePx: 0.3, initialNoisePx: 1, gateFraction: 0.25, persistFrames: 2, changeZ2: 4 };

export type Corners4 = (Point | null)[];

function meanDistance(a: Corners4, b: readonly (number | null)[][]): { d: number; n: number } {
  let d = 0, n = 0;
  for (let i = 0; i < 4; i++) {
    const p = a[i], q = b[i];
    if (p && q && q[0] !== null && q[1] !== null) { d += Math.hypot(p[0] - q[0]!, p[1] - q[1]!); n++; }
  }
  return { d: n ? d / n : Infinity, n };
}

/** Vertebra size: mean distance of its known corners to their centroid ×2, px. */
function sizeOf(c: Corners4): number {
  const known = c.filter((p): p is Point => p !== null);
  if (known.length < 2) return 0;
  const cx = known.reduce((s, p) => s + p[0], 0) / known.length, cy = known.reduce((s, p) => s + p[1], 0) / known.length;
  return (2 * known.reduce((s, p) => s + Math.hypot(p[0] - cx, p[1] - cy), 0)) / known.length;
}

export class VertebraTrack {
  private readonly coords: KalmanCoordinate[];
  private readonly history: Corners4[] = [];
  private gated: Corners4[] = [];
  /** Observation noise variance, px² (robust running estimate). */
  private r: number;
  /** True while the last observation was held back by the gate. */
  heldBack = false;
  /** Number of restarts by the change test or an accepted jump. */
  restarts = 0;

  constructor(private readonly o: TrackOptions = DEFAULT_TRACK_OPTIONS) {
    this.coords = Array.from({ length: 8 }, () => new KalmanCoordinate(o.qPx2PerS));
    this.r = o.initialNoisePx ** 2;
  }

  /** Current smoothed corners (null where never observed). */
  corners(): Corners4 {
    return [0, 1, 2, 3].map((i) => (this.coords[2 * i]!.initialised ? [this.coords[2 * i]!.x, this.coords[2 * i + 1]!.x] as const : null));
  }

  /** Advances time without an observation. */
  predict(dtS: number): void { for (const c of this.coords) c.predict(dtS); }

  /** Folds in one observation after `dtS` seconds; `spreadPx` (median corner spread) seeds the noise. */
  observe(obs: Corners4, dtS: number, spreadPx?: number): void {
    if (this.history.length === 0 && !this.coords.some((c) => c.initialised)) {
      if (spreadPx !== undefined && Number.isFinite(spreadPx)) this.r = Math.max(this.o.minNoisePx, Math.min(spreadPx, 4)) ** 2;
      this.restartAt([obs]);
      return;
    }
    this.predict(dtS);
    const est = this.corners();
    const jump = meanDistance(obs, est.map((p) => (p ? [p[0], p[1]] : [null, null])));
    const gate = Math.max(this.o.gateFraction * sizeOf(est), 6 * Math.sqrt(this.r));
    if (jump.n > 0 && jump.d > gate) {
      const last = this.gated[this.gated.length - 1];
      const consistent = !last || meanDistance(obs, last.map((p) => (p ? [p[0], p[1]] : [null, null]))).d < gate / 2;
      this.gated = consistent ? [...this.gated, obs] : [obs];
      this.heldBack = true;
      if (this.gated.length >= this.o.persistFrames) { this.restartAt(this.gated); this.gated = []; this.heldBack = false; }
      return;
    }
    this.gated = [];
    this.heldBack = false;
    this.history.push(obs);
    if (this.history.length > 8) this.history.shift();
    let z2Sum = 0, nRes = 0;
    for (let i = 0; i < 8; i++) {
      const z = obs[i >> 1]?.[i & 1];
      if (z === undefined || z === null) continue;
      const res = z - this.coords[i]!.x;
      z2Sum += Math.min(res * res - this.coords[i]!.p, 9 * this.r);
      nRes++;
      this.coords[i]!.update(z, this.r);
    }
    if (nRes) this.r = Math.max(this.o.minNoisePx ** 2, 0.97 * this.r + 0.03 * (z2Sum / nRes));
    const change = this.changePoint();
    if (change > 0) this.restartAt(this.history.slice(-change));
  }

  /**
   * Change test over the suffixes of the history: statistic of the last j
   * observations = mean over coordinates of (mean − estimate)² / (r/j + p).
   * Fires when some j ≥ 2 exceeds `changeZ2`; returns the j with the largest
   * statistic (the likeliest change point, so that a restart never mixes
   * frames from before the change), or 0 when nothing changed.
   */
  private changePoint(): number {
    const stats: number[] = [];
    for (let j = 1; j <= this.history.length; j++) stats.push(this.statistic(this.history.slice(-j)));
    if (!stats.slice(1).some((z) => z > this.o.changeZ2)) return 0;
    let best = 0;
    for (let j = 1; j < stats.length; j++) if (stats[j]! > stats[best]!) best = j;
    return best + 1;
  }

  private statistic(recent: Corners4[]): number {
    let z2 = 0, n = 0;
    for (let i = 0; i < 8; i++) {
      const vals = recent.map((c) => c[i >> 1]?.[i & 1]).filter((v): v is number => v !== undefined && v !== null);
      if (vals.length < recent.length) continue;
      const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
      const d = mean - this.coords[i]!.x;
      z2 += (d * d) / (this.r / vals.length + this.coords[i]!.p);
      n++;
    }
    return n > 0 ? z2 / n : 0;
  }

  /** Restarts every coordinate at the mean of `obs` with variance r/k. */
  private restartAt(obs: Corners4[]): void {
    this.restarts++;
    for (let i = 0; i < 8; i++) {
      const vals = obs.map((c) => c[i >> 1]?.[i & 1]).filter((v): v is number => v !== undefined && v !== null);
      if (vals.length) this.coords[i]!.reset(vals.reduce((s, v) => s + v, 0) / vals.length, this.r / vals.length);
    }
    this.history.length = 0;
    this.history.push(...obs.slice(-8));
  }
}
