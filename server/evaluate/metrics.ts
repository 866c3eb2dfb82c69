/**
 * All metrics of `sagitta evaluate` from paired truth/prediction images: the
 * paper's Table 1, PCK, detection, spread honesty and angle agreement for
 * L1L5, L1S1, SS and the disc angles (per disc and pooled). Pure.
 */
import { computeAngles } from '../measure/angles.js';
import { DISC_ANGLES, GLOBAL_ANGLES, type Point } from '../spec/labels.js';
import { cornerMetrics, type CornerMetrics, type CornerSample, type EvalVertebra } from './corners.js';
import { countDetections, emptyDetectionCounts, type DetectionCounts } from './detection.js';
import { angleStats, type AnglePair, type AngleStats } from './angle-stats.js';
import { num } from './stats.js';

export interface EvalImage {
  readonly truth: { readonly vertebrae: readonly { label: string; corners: readonly (Point | null)[] }[] };
  readonly pred: { readonly vertebrae: readonly EvalVertebra[]; readonly angles: Readonly<Record<string, number>>; readonly levelCheck?: string };
}

export interface Metrics extends CornerMetrics {
  images: number;
  detection: DetectionCounts & { accuracy: number | null; falsePositivesPerImage: number | null };
  /** Images per level check of the pipeline (consistent, recounted-from-S1, inconsistent), when the predictions carry it. */
  levelChecks: Record<string, number>;
  /** L1L5, L1S1, SS. */
  angles: Record<string, AngleStats>;
  /** Disc angles: all discs pooled, and per disc (only discs seen in the truth). */
  discs: { pooled: AngleStats; perDisc: Record<string, AngleStats> };
  /** Paired angle values, for the plots. */
  pairs: Record<string, AnglePair[]>;
}

/** Computes every metric. Predictions list only reported vertebrae (score ≥ 0.5 is re-checked here). */
export function computeMetrics(items: readonly EvalImage[]): Metrics {
  const samples: CornerSample[] = [];
  const det: DetectionCounts = emptyDetectionCounts();
  const pairs: Record<string, AnglePair[]> = {}, unmeasured: Record<string, number> = {}, levelChecks: Record<string, number> = {};
  for (const { truth, pred } of items) {
    if (pred.levelCheck) levelChecks[pred.levelCheck] = (levelChecks[pred.levelCheck] ?? 0) + 1;
    const reported = pred.vertebrae.filter((v) => (v.score ?? 1) >= 0.5);
    const byLabel = new Map(reported.map((v) => [v.label, v]));
    for (const t of truth.vertebrae) {
      const p = byLabel.get(t.label);
      if (p) samples.push({ label: t.label, truth: t.corners, pred: p });
    }
    countDetections(det, truth.vertebrae, reported);
    const ta = computeAngles(truth.vertebrae).angles;
    for (const [name, tv] of Object.entries(ta)) {
      const pv = pred.angles[name];
      if (pv === undefined) unmeasured[name] = (unmeasured[name] ?? 0) + 1;
      else (pairs[name] ??= []).push({ truth: tv, pred: pv });
    }
  }
  const angles = Object.fromEntries(GLOBAL_ANGLES.map((a) => [a, angleStats(pairs[a] ?? [], unmeasured[a] ?? 0)]));
  const discNames = DISC_ANGLES.filter((d) => pairs[d] || unmeasured[d]);
  const pooled = discNames.flatMap((d) => pairs[d] ?? []);
  return {
    images: items.length,
    ...cornerMetrics(samples),
    levelChecks,
    detection: { ...det, accuracy: det.truth ? num((100 * det.detected) / det.truth, 2) : null, falsePositivesPerImage: det.images ? num(det.falsePositives / det.images, 3) : null },
    angles,
    discs: {
      pooled: angleStats(pooled, discNames.reduce((s, d) => s + (unmeasured[d] ?? 0), 0)),
      perDisc: Object.fromEntries(discNames.map((d) => [d, angleStats(pairs[d] ?? [], unmeasured[d] ?? 0)])),
    },
    pairs: { ...pairs, discs: pooled },
  };
}
