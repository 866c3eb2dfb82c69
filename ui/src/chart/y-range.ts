/**
 * The y range of the timeline: all finite values of the visible window plus
 * the target bands, padded by 3°, at least 10° tall. NaN (gaps) ignored.
 */
import type { Target } from '../../../server/protocol/messages.js';

/** Index of the first time ≥ t in ascending `times` (binary search). */
export function lowerBound(times: ArrayLike<number>, n: number, t: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** [min, max] in degrees for the window [x0, x1] (s) of `data` = [times, ...series]. */
export function yRangeDeg(
  data: readonly ArrayLike<number>[], x0: number, x1: number, targets: readonly Target[],
): [number, number] {
  const times = data[0]!;
  const n = times.length;
  const i0 = lowerBound(times, n, x0), i1 = Math.min(n, lowerBound(times, n, x1) + 1);
  let min = Infinity, max = -Infinity;
  for (let s = 1; s < data.length; s++) {
    const ys = data[s]!;
    for (let i = i0; i < i1; i++) {
      const y = ys[i]!;
      if (y < min) min = y;
      if (y > max) max = y;
    }
  }
  for (const t of targets) {
    min = Math.min(min, t.valueDeg - t.toleranceDeg);
    max = Math.max(max, t.valueDeg + t.toleranceDeg);
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [-10, 70];
  min -= 3; max += 3;
  if (max - min < 10) { const mid = (min + max) / 2; min = mid - 5; max = mid + 5; }
  return [Math.floor(min), Math.ceil(max)];
}
