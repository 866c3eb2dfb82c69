/**
 * Classifies each captured frame before inference:
 * - `no-signal`: black or uniform (a grabber without input, a blanked screen);
 * - `held`: the same image as the previous frame (last-image-hold between
 *   shots: pixels equal up to codec noise), not measured again;
 * - `live`: a new image. `newShot` marks the first live frame after a hold
 *   longer than `shotGapMs` (shorter holds are the gaps of pulsed
 *   fluoroscopy, 7.5 or 3.75 pulses per second) or after no signal, and a
 *   frame where the C-arm moved (`moved`: the picture shifted as a whole, or
 *   a different view came up), which resets tracking.
 *
 * Pure state machine over the pixels; pixel thresholds in 8-bit gray levels.
 */

export const FrameKind = { live: 'live', held: 'held', noSignal: 'no-signal' } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export interface GateVerdict {
  readonly kind: FrameKind;
  /** First live frame of a new shot (after a hold, no signal, or a large change). */
  readonly newShot: boolean;
  /** A large global change against the last live frame (C-arm moved): level overrides end. */
  readonly moved: boolean;
  /** Shot index (0 before the first live frame). */
  readonly shot: number;
  /** Mean absolute difference to the previous frame on sampled pixels, gray levels. */
  readonly pixelDiff: number;
  /**
   * Change of the picture's structure against the last live frame: the summed
   * absolute difference of the mean-removed 16×16 block means, over their
   * mean summed magnitude (0 same picture, about 1 or more for another one).
   */
  readonly globalChange: number;
}

export interface GateOptions {
  /** Below this sampled pixel difference a frame repeats the previous one. Default 1.5. */
  readonly heldBelow?: number;
  /** Above this relative structure change a live frame starts a new shot (moved). Default 0.5. */
  readonly movedAbove?: number;
  /** Frames whose mean and SD are both under these are no-signal. Defaults 12 and 3. */
  readonly blackMean?: number;
  readonly uniformSd?: number;
  /** Sampling stride in pixels (both axes). Default 4. */
  readonly stride?: number;
  /** A hold longer than this (ms) ends the shot. Default 1000. */
  readonly shotGapMs?: number;
  /** A whole-picture shift of at least this fraction of the frame counts as a C-arm move. Default 0.03. */
  readonly shiftFraction?: number;
}

const GRID = 16;

/** Mean-removed GRID×GRID block means of a frame. */
export function blockMeans(data: Uint8Array, width: number, height: number, stride = 4): Float32Array {
  const sums = new Float64Array(GRID * GRID), counts = new Uint32Array(GRID * GRID);
  for (let y = 0; y < height; y += stride) {
    const gy = Math.min(GRID - 1, Math.floor((y * GRID) / height)), row = y * width;
    for (let x = 0; x < width; x += stride) {
      const cell = gy * GRID + Math.min(GRID - 1, Math.floor((x * GRID) / width));
      sums[cell] += data[row + x]!;
      counts[cell]!++;
    }
  }
  const out = new Float32Array(GRID * GRID);
  let total = 0;
  for (let i = 0; i < out.length; i++) { out[i] = counts[i] ? sums[i]! / counts[i]! : 0; total += out[i]!; }
  const mean = total / out.length;
  for (let i = 0; i < out.length; i++) out[i]! -= mean;
  return out;
}

const THUMB = 64;

/** THUMB × THUMB area-averaged, mean-removed thumbnail. */
export function thumbnail(data: Uint8Array, width: number, height: number): Float32Array {
  const sums = new Float64Array(THUMB * THUMB), counts = new Uint32Array(THUMB * THUMB);
  for (let y = 0; y < height; y += 2) {
    const ty = Math.min(THUMB - 1, Math.floor((y * THUMB) / height)), row = y * width;
    for (let x = 0; x < width; x += 2) { const c = ty * THUMB + Math.min(THUMB - 1, Math.floor((x * THUMB) / width)); sums[c] += data[row + x]!; counts[c]!++; }
  }
  const out = new Float32Array(THUMB * THUMB);
  let mean = 0;
  for (let i = 0; i < out.length; i++) { out[i] = counts[i] ? sums[i]! / counts[i]! : 0; mean += out[i]!; }
  mean /= out.length;
  for (let i = 0; i < out.length; i++) out[i]! -= mean;
  return out;
}

/**
 * Integer shift (thumbnail px, ±range) that best maps the central half of
 * `a` onto `b` (mean absolute difference). Only the centre counts: the
 * intensifier's circular edge and burnt-in text stay put when the C-arm moves.
 */
export function bestShift(a: Float32Array, b: Float32Array, range = 12): { dx: number; dy: number; err: number; err0: number } {
  let best = { dx: 0, dy: 0, err: Infinity }, err0 = Infinity;
  const lo = THUMB / 4, hi = (3 * THUMB) / 4;
  for (let dy = -range; dy <= range; dy++) {
    for (let dx = -range; dx <= range; dx++) {
      let d = 0;
      for (let y = lo; y < hi; y++) {
        const ra = y * THUMB, rb = (y + dy) * THUMB;
        for (let x = lo; x < hi; x++) d += Math.abs(a[ra + x]! - b[rb + x + dx]!);
      }
      const err = d / ((hi - lo) * (hi - lo));
      if (dx === 0 && dy === 0) err0 = err;
      if (err < best.err) best = { dx, dy, err };
    }
  }
  return { ...best, err0 };
}

export class FrameGate {
  private prev: Uint8Array | null = null;
  private lastLiveBlocks: Float32Array | null = null;
  private lastKind: FrameKind = FrameKind.noSignal;
  private lastLiveThumb: Float32Array | null = null;
  private lastLiveMs = -Infinity;
  private shot = 0;
  private readonly o: Required<GateOptions>;

  constructor(options: GateOptions = {}) {
    this.o = { heldBelow: 1.5, movedAbove: 0.5, blackMean: 12, uniformSd: 3, stride: 4, shotGapMs: 1000, shiftFraction: 0.03, ...options };
  }

  /** Forgets the previous frames (after a source restart): the next live frame starts a shot. */
  reset(): void { this.prev = null; this.lastLiveBlocks = null; this.lastLiveThumb = null; this.lastKind = FrameKind.noSignal; }

  /** Classifies one frame taken at `timeMs` (monotonic ms); keeps sampled pixels only. */
  classify(data: Uint8Array, width: number, height: number, timeMs = 0): GateVerdict {
    const { stride } = this.o;
    const sample = this.sample(data, width, height);
    let sum = 0, sumSq = 0;
    for (const v of sample) { sum += v; sumSq += v * v; }
    const mean = sum / sample.length, sd = Math.sqrt(Math.max(0, sumSq / sample.length - mean * mean));
    let pixelDiff = Infinity;
    if (this.prev && this.prev.length === sample.length) {
      let d = 0;
      for (let i = 0; i < sample.length; i++) d += Math.abs(sample[i]! - this.prev[i]!);
      pixelDiff = d / sample.length;
    }
    this.prev = sample;
    const base = { shot: this.shot, pixelDiff, globalChange: 0, newShot: false, moved: false };
    if ((mean < this.o.blackMean && sd < this.o.uniformSd) || sd < this.o.uniformSd / 3) {
      this.lastKind = FrameKind.noSignal;
      return { ...base, kind: FrameKind.noSignal };
    }
    if (pixelDiff < this.o.heldBelow && this.lastKind !== FrameKind.noSignal) {
      this.lastKind = FrameKind.held;
      return { ...base, kind: FrameKind.held };
    }
    const blocks = blockMeans(data, width, height, stride);
    let globalChange = Infinity;
    if (this.lastLiveBlocks) {
      let d = 0, a = 0, b = 0;
      for (let i = 0; i < blocks.length; i++) { d += Math.abs(blocks[i]! - this.lastLiveBlocks[i]!); a += Math.abs(blocks[i]!); b += Math.abs(this.lastLiveBlocks[i]!); }
      globalChange = d / Math.max(1e-6, (a + b) / 2);
    }
    const t = thumbnail(data, width, height);
    let moved = globalChange > this.o.movedAbove;
    if (!moved && globalChange > 0.1 && this.lastLiveThumb) {
      const s = bestShift(this.lastLiveThumb, t);
      moved = Math.hypot(s.dx, s.dy) >= this.o.shiftFraction * THUMB && s.err < 0.8 * s.err0;
    }
    const gap = this.lastKind === FrameKind.noSignal || (this.lastKind === FrameKind.held && timeMs - this.lastLiveMs > this.o.shotGapMs);
    const newShot = moved || gap;
    if (newShot) this.shot++;
    this.lastLiveBlocks = blocks;
    this.lastLiveThumb = t;
    this.lastLiveMs = timeMs;
    this.lastKind = FrameKind.live;
    return { kind: FrameKind.live, newShot, moved, shot: this.shot, pixelDiff, globalChange };
  }

  private sample(data: Uint8Array, width: number, height: number): Uint8Array {
    const s = this.o.stride, out = new Uint8Array(Math.ceil(width / s) * Math.ceil(height / s));
    let k = 0;
    for (let y = 0; y < height; y += s) for (let x = 0; x < width; x += s) out[k++] = data[y * width + x]!;
    return out.subarray(0, k);
  }
}
