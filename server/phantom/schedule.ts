/**
 * Which image each encoded frame shows: frames at a constant rate; during a
 * shot a new (live) image at each pulse, repeated (held) until the next
 * pulse; between shots the last image is held; before the first shot the
 * screen is black (shot −1).
 */
import type { Timeline } from './timeline.js';

export interface FrameSlot {
  frame: number;
  /** Seconds from the start. */
  t: number;
  /** Index of the shot whose image is shown; −1 before the first shot. */
  shot: number;
  /** True when this frame repeats the last live image. */
  held: boolean;
  /** Time of the pulse that made the image shown (seconds), or null for black. */
  pulseT: number | null;
  /** Running index of that pulse over the whole video (0, 1, …), or −1. */
  pulse: number;
}

/** One slot per frame: ⌊seconds × fps⌉ frames. */
export function scheduleFrames(tl: Timeline, seconds: number, fps: number): FrameSlot[] {
  const n = Math.max(1, Math.round(seconds * fps));
  const out: FrameSlot[] = [];
  let lastKey = '', pulse = -1, lastShot = -1, lastPulseT: number | null = null;
  for (let k = 0; k < n; k++) {
    const t = k / fps;
    const s = tl.shots.findIndex((sh) => t + 1e-9 >= sh.t && t < sh.t + sh.duration - 1e-9);
    if (s >= 0) {
      const sh = tl.shots[s]!;
      const m = Math.floor((t - sh.t) * sh.pulseFps + 1e-6);
      const key = `${s}:${m}`;
      if (key !== lastKey) {
        lastKey = key; pulse++; lastShot = s; lastPulseT = sh.t + m / sh.pulseFps;
        out.push({ frame: k, t, shot: s, held: false, pulseT: lastPulseT, pulse });
        continue;
      }
    }
    out.push({ frame: k, t, shot: lastShot, held: lastShot >= 0, pulseT: lastPulseT, pulse });
  }
  return out;
}
