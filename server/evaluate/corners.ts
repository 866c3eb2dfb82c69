/**
 * Corner metrics of the spec's evaluation (Cina et al. 2021, Eq. 1–6 and PCK):
 * normalised x/y errors per level after step I and step II, their medians and
 * the sample-weighted overall row, PCK at 5…100 % of the vertebra's x extent,
 * and how often the error lies within 1 and 2 predicted spreads. Pure.
 */
import { LABELS, type Point } from '../spec/labels.js';
import { median, num } from './stats.js';

/** A predicted vertebra as evaluated: refined corners, score, spreads and (optionally) the step-I corners. */
export interface EvalVertebra {
  readonly label: string;
  readonly corners: readonly (Point | null)[];
  readonly score?: number;
  readonly spread?: readonly (number | null)[];
  readonly stepI?: { readonly corners: readonly (Point | null)[] };
}

/** One truth vertebra paired with the prediction of the same label (reported, score ≥ 0.5). */
export interface CornerSample {
  readonly label: string;
  readonly truth: readonly (Point | null)[];
  readonly pred: EvalVertebra;
}

export const PCK_THRESHOLDS: readonly number[] = Array.from({ length: 20 }, (_, i) => 5 * (i + 1));

/** Indices of the corners that count: S1 only SA and SP; others their four (skipping null truth corners). */
export function countedCorners(label: string, truth: readonly (Point | null)[]): number[] {
  return (label === 'S1' ? [0, 1] : [0, 1, 2, 3]).filter((c) => truth[c] != null);
}

/** x and y extents of the truth vertebra (bounding box); S1: of SA–SP, each floored at half the endplate length. */
export function extents(label: string, truth: readonly (Point | null)[]): { x: number; y: number } {
  const pts = countedCorners(label, truth).map((c) => truth[c]!);
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  let x = Math.max(...xs) - Math.min(...xs), y = Math.max(...ys) - Math.min(...ys);
  if (label === 'S1' && pts.length === 2) {
    const half = Math.hypot(pts[0]![0] - pts[1]![0], pts[0]![1] - pts[1]![1]) / 2;
    x = Math.max(x, half); y = Math.max(y, half);
  }
  return { x, y };
}

export interface LevelRow {
  label: string;
  /** Number of vertebra samples (truth vertebrae whose label was reported). */
  samples: number;
  medianXStepI: number | null; medianXStepII: number | null;
  medianYStepI: number | null; medianYStepII: number | null;
}

export interface CornerMetrics {
  /** Table 1: one row per level with samples, then `overall` weighted by samples (Eq. 5–6). */
  levels: LevelRow[];
  overall: Omit<LevelRow, 'label' | 'samples'> & { samples: number };
  /** PCK (%) per threshold (% of x extent), overall and per level. */
  pck: { thresholds: readonly number[]; overall: (number | null)[]; perLevel: Record<string, (number | null)[]> };
  /** Share (%) of corner errors within 1 and 2 predicted spreads (a 2-D Gaussian would give 39.3 % and 86.5 %). */
  spreadHonesty: {
    corners: number; within1: number | null; within2: number | null; expected1: number; expected2: number;
    /** median(error / spread) / 1.1774 (the median radius of a 2-D Gaussian in σ): 1 when honest, > 1 when overconfident. */
    scale: number | null;
  };
}

function err(p: Point | null | undefined, t: Point, ext: { x: number; y: number }): { ex: number; ey: number; d: number } {
  if (!p) return { ex: Infinity, ey: Infinity, d: Infinity };
  return { ex: (Math.abs(p[0] - t[0]) / ext.x) * 100, ey: (Math.abs(p[1] - t[1]) / ext.y) * 100, d: Math.hypot(p[0] - t[0], p[1] - t[1]) };
}

/** Computes Table 1, PCK and spread honesty from the paired samples. */
export function cornerMetrics(samples: readonly CornerSample[]): CornerMetrics {
  type Acc = { n: number; x1: number[]; x2: number[]; y1: number[]; y2: number[]; pck: number[]; corners: number };
  const acc = new Map<string, Acc>();
  let spreadN = 0, in1 = 0, in2 = 0;
  const ratios: number[] = [];
  for (const s of samples) {
    const a = acc.get(s.label) ?? { n: 0, x1: [], x2: [], y1: [], y2: [], pck: PCK_THRESHOLDS.map(() => 0), corners: 0 };
    acc.set(s.label, a);
    a.n++;
    const ext = extents(s.label, s.truth);
    for (const c of countedCorners(s.label, s.truth)) {
      const t = s.truth[c]!, e2 = err(s.pred.corners[c], t, ext), e1 = err(s.pred.stepI ? s.pred.stepI.corners[c] : s.pred.corners[c], t, ext);
      a.x2.push(e2.ex); a.y2.push(e2.ey); a.x1.push(e1.ex); a.y1.push(e1.ey); a.corners++;
      PCK_THRESHOLDS.forEach((th, i) => { if (e2.d < (th / 100) * ext.x) a.pck[i]!++; });
      const sp = s.pred.spread?.[c];
      if (sp != null && Number.isFinite(e2.d)) { spreadN++; if (e2.d <= sp) in1++; if (e2.d <= 2 * sp) in2++; if (sp > 0) ratios.push(e2.d / sp); }
    }
  }
  const levels: LevelRow[] = LABELS.filter((l) => acc.has(l)).map((label) => {
    const a = acc.get(label)!;
    return { label, samples: a.n, medianXStepI: num(median(a.x1)), medianXStepII: num(median(a.x2)), medianYStepI: num(median(a.y1)), medianYStepII: num(median(a.y2)) };
  });
  const weighted = (k: keyof Omit<LevelRow, 'label' | 'samples'>): number | null => {
    let s = 0, n = 0;
    for (const r of levels) { const v = r[k]; s += (v ?? Infinity) * r.samples; n += r.samples; }
    return n ? num(s / n) : null;
  };
  const all = [...acc.values()];
  const totalCorners = all.reduce((s, a) => s + a.corners, 0);
  return {
    levels,
    overall: { samples: levels.reduce((s, r) => s + r.samples, 0), medianXStepI: weighted('medianXStepI'), medianXStepII: weighted('medianXStepII'), medianYStepI: weighted('medianYStepI'), medianYStepII: weighted('medianYStepII') },
    pck: {
      thresholds: PCK_THRESHOLDS,
      overall: PCK_THRESHOLDS.map((_, i) => (totalCorners ? num((100 * all.reduce((s, a) => s + a.pck[i]!, 0)) / totalCorners, 2) : null)),
      perLevel: Object.fromEntries(levels.map((r) => { const a = acc.get(r.label)!; return [r.label, a.pck.map((k) => num((100 * k) / a.corners, 2))]; })),
    },
    spreadHonesty: { corners: spreadN, within1: spreadN ? num((100 * in1) / spreadN, 2) : null, within2: spreadN ? num((100 * in2) / spreadN, 2) : null, expected1: 39.35, expected2: 86.47, scale: num(median(ratios) / Math.sqrt(2 * Math.LN2), 3) },
  };
}
