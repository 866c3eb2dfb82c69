/**
 * The recorded timeline for the replay chart, with a null point 1 ms before
 * the first point of every shot after the first: uPlot then breaks the
 * lines between shots instead of drawing a change between them that no
 * image showed (as the live chart's TimelineStore does). Pure.
 */
import type { TimelineData } from './api.js';
import { SHOT_GAP_S } from '../state/timeline-store.js';

export function withShotGaps(d: TimelineData, names: readonly string[]): { xs: number[]; ys: (number | null)[][] } {
  const xs: number[] = [];
  const ys: (number | null)[][] = names.map(() => []);
  for (let i = 0; i < d.t.length; i++) {
    const t = d.t[i]! / 1000;
    if (i > 0 && d.shot[i] !== d.shot[i - 1] && t - SHOT_GAP_S > xs[xs.length - 1]!) {
      xs.push(t - SHOT_GAP_S);
      for (const y of ys) y.push(null);
    }
    xs.push(t);
    names.forEach((n, k) => ys[k]!.push(d.angles[n]?.[i] ?? null));
  }
  return { xs, ys };
}
