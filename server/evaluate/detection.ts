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

/**
 * Level labels in the images whose truth has S1 in view (where a count from
 * the sacrum leaves no excuse for a wrong level): how many vertebrae were
 * reported there, and how many sit on another level, i.e. their centre (S1:
 * the SA–SP midpoint) lies inside the quadrilateral of a truth vertebra with
 * another label. `wrongLevelImages` lists those images by their index in the
 * set.
 */
export interface LevelCounts { images: number; reported: number; wrongLevel: number; wrongLevelImages: number[] }

export interface DetectionCounts { truth: number; detected: number; falsePositives: number; missed: number; images: number; withS1: LevelCounts }

export const emptyDetectionCounts = (): DetectionCounts => ({ truth: 0, detected: 0, falsePositives: 0, missed: 0, images: 0, withS1: { images: 0, reported: 0, wrongLevel: 0, wrongLevelImages: [] } });

type TruthVertebra = { label: string; corners: readonly (Point | null)[] };

/** Whether a reported vertebra (not detecting its own label) lies on another truth vertebra's level. */
function onAnotherLevel(truth: readonly TruthVertebra[], v: EvalVertebra): boolean {
  const c = centroid(v.corners);
  return c !== null && truth.some((t) => t.label !== v.label && t.corners.every((q) => q != null) && insidePolygon(c, t.corners as Point[]));
}

/** Adds one image's counts. `reported` holds only vertebrae with score ≥ 0.5. */
export function countDetections(acc: DetectionCounts, truth: readonly TruthVertebra[], reported: readonly EvalVertebra[]): void {
  const byLabel = new Map(reported.map((v) => [v.label, v]));
  const truthByLabel = new Map(truth.map((t) => [t.label, t]));
  const imageIndex = acc.images++;
  for (const t of truth) {
    acc.truth++;
    const p = byLabel.get(t.label);
    if (p && detects(t.label, t.corners, p)) acc.detected++; else acc.missed++;
  }
  for (const v of reported) if (!truthByLabel.has(v.label)) acc.falsePositives++;
  if (!truthByLabel.has('S1')) return;
  const w = acc.withS1;
  w.images++;
  w.reported += reported.length;
  const wrong = reported.filter((v) => { const t = truthByLabel.get(v.label); return !(t && detects(v.label, t.corners, v)) && onAnotherLevel(truth, v); }).length;
  w.wrongLevel += wrong;
  if (wrong) w.wrongLevelImages.push(imageIndex);
}
