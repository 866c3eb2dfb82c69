/**
 * Detection metrics of the spec: a truth vertebra is detected when the model
 * reports its label (score ≥ 0.5) with the predicted centroid inside the truth
 * quadrilateral (S1 with only SA/SP: the predicted SA–SP midpoint within 25 %
 * of the truth endplate length of the truth midpoint); labels reported but
 * absent from the truth are false positives. Pure.
 */
import type { Point } from '../spec/labels.js';
import { centroid } from '../measure/angles.js';
import type { EvalVertebra } from './corners.js';
import { insidePolygon } from '../geometry/polygon.js';

/** Whether one reported prediction detects its truth vertebra (same label assumed). */
export function detects(label: string, truth: readonly (Point | null)[], pred: EvalVertebra): boolean {
  const full = truth.every((c) => c != null);
  if (label === 'S1' || !full) {
    const [ta, tp] = [truth[0], truth[1]], [pa, pp] = [pred.corners[0], pred.corners[1]];
    if (!ta || !tp || !pa || !pp) return false;
    const len = Math.hypot(ta[0] - tp[0], ta[1] - tp[1]);
    const d = Math.hypot((pa[0] + pp[0]) / 2 - (ta[0] + tp[0]) / 2, (pa[1] + pp[1]) / 2 - (ta[1] + tp[1]) / 2);
    return d <= 0.25 * len;
  }
  const c = centroid(pred.corners);
  return c !== null && insidePolygon(c, truth as Point[]);
}

export interface DetectionCounts { truth: number; detected: number; falsePositives: number; missed: number; images: number }

/** Adds one image's counts. `reported` holds only vertebrae with score ≥ 0.5. */
export function countDetections(acc: DetectionCounts, truth: readonly { label: string; corners: readonly (Point | null)[] }[], reported: readonly EvalVertebra[]): void {
  const byLabel = new Map(reported.map((v) => [v.label, v]));
  const truthLabels = new Set(truth.map((t) => t.label));
  acc.images++;
  for (const t of truth) {
    acc.truth++;
    const p = byLabel.get(t.label);
    if (p && detects(t.label, t.corners, p)) acc.detected++; else acc.missed++;
  }
  for (const v of reported) if (!truthLabels.has(v.label)) acc.falsePositives++;
}
