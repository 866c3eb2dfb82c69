/**
 * Follows every vertebra by its label across frames (see vertebra-track.ts
 * for the filter). An observation with score < `minScore` does not move a
 * track; a track not observed for `coastMs` is published as stale (its
 * angles become not measurable), and dropped after `dropMs`.
 * `reset()` on a new shot or a C-arm move.
 */
import type { Point } from '../spec/labels.js';
import { DEFAULT_TRACK_OPTIONS, VertebraTrack, type TrackOptions } from './vertebra-track.js';

/** A vertebra as the pipeline reports it for one frame. */
export interface VertebraObservation {
  readonly label: string;
  readonly corners: readonly (Point | null)[];
  /** Presence probability 0..1. */
  readonly score: number;
  /** Per-corner spread, px (null when unknown). */
  readonly spread: readonly (number | null)[];
}

/** A tracked vertebra, ready for the angles. */
export interface TrackedVertebra {
  readonly label: string;
  /** Smoothed corners, px. */
  readonly corners: (Point | null)[];
  /** Smoothed presence probability. */
  readonly score: number;
  /** Smoothed per-corner spread, px. */
  readonly spread: (number | null)[];
  /** ms since it was last observed (0 when observed in this frame). */
  readonly unseenMs: number;
  /** Not observed for longer than `coastMs`. */
  readonly stale: boolean;
  /** This frame's observation was held back by the gate (a jump not yet confirmed). */
  readonly heldBack: boolean;
}

export interface TrackerOptions extends TrackOptions {
  /** Observations under this score do not move a track. Default 0.5. */
  readonly minScore: number;
  /** Unseen for longer than this, ms: stale. Default 250. */
  readonly coastMs: number;
  /** Unseen for longer than this, ms: dropped. Default 1500. */
  readonly dropMs: number;
  /** Weight of a new score or spread in their running means. Default 0.3. */
  readonly scoreAlpha: number;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = { ...DEFAULT_TRACK_OPTIONS, minScore: 0.5, coastMs: 250, dropMs: 1500, scoreAlpha: 0.3 };

interface Entry { track: VertebraTrack; score: number; spread: (number | null)[]; lastSeenMs: number; lastUpdateMs: number }

function median(values: readonly (number | null)[]): number | undefined {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : undefined;
}

export class Tracker {
  private readonly entries = new Map<string, Entry>();
  private readonly o: TrackerOptions;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.o = { ...DEFAULT_TRACKER_OPTIONS, ...options };
  }

  /** Forgets every track (new shot, C-arm moved, source restarted). */
  reset(): void { this.entries.clear(); }

  /** Number of tracks kept. */
  get size(): number { return this.entries.size; }

  /** Folds in one frame's observations taken at `timeMs` (monotonic ms); returns the tracked vertebrae. */
  update(observations: readonly VertebraObservation[], timeMs: number): TrackedVertebra[] {
    const a = this.o.scoreAlpha;
    const seen = new Set<string>();
    for (const obs of observations) {
      if (seen.has(obs.label)) continue;
      seen.add(obs.label);
      let e = this.entries.get(obs.label);
      if (obs.score < this.o.minScore) {
        if (e) e.score = (1 - a) * e.score + a * obs.score;
        continue;
      }
      if (!e) {
        e = { track: new VertebraTrack(this.o), score: obs.score, spread: [...obs.spread], lastSeenMs: timeMs, lastUpdateMs: timeMs };
        this.entries.set(obs.label, e);
      }
      const dtS = Math.max(0, (timeMs - e.lastUpdateMs) / 1000);
      e.track.observe([...obs.corners], dtS, median(obs.spread));
      e.score = (1 - a) * e.score + a * obs.score;
      e.spread = e.spread.map((s, i) => {
        const n = obs.spread[i];
        return n === null || n === undefined ? s : s === null ? n : (1 - a) * s + a * n;
      });
      e.lastSeenMs = timeMs;
      e.lastUpdateMs = timeMs;
    }
    const out: TrackedVertebra[] = [];
    for (const [label, e] of this.entries) {
      const unseenMs = timeMs - e.lastSeenMs;
      if (unseenMs > this.o.dropMs) { this.entries.delete(label); continue; }
      out.push({ label, corners: e.track.corners(), score: e.score, spread: [...e.spread], unseenMs, stale: unseenMs > this.o.coastMs, heldBack: e.track.heldBack });
    }
    return out;
  }
}
